import { afterEach, describe, expect, it } from 'vitest';
import type { RelayProcess } from '../helpers';
import { createCleanup, mintToken, runRelayCli, spawnRelayCli, stockClientFor, tempDirFor, waitUntil, withTimeout } from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

describe('relay CLI', () => {
  it('[R11][R10] prints the listening line, serves /healthz and exits 0 on SIGTERM', async () => {
    const dataDir = tempDirFor(cleanup, 'baton-cli-');
    const relay: RelayProcess = await spawnRelayCli(['--port', '0', '--data', dataDir]);
    cleanup.add(() => relay.kill());

    // The first line, exactly; the setup link follows it ([R32]).
    expect(relay.stdout()).toMatch(/^listening on ws:\/\/127\.0\.0\.1:\d+\n/);
    expect(relay.port).toBeGreaterThan(0);

    const health = await fetch(`http://127.0.0.1:${relay.port}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', rooms: 0, connections: 0 });
    expect(typeof body.uptime).toBe('number');
    expect((await fetch(`http://127.0.0.1:${relay.port}/nope`)).status).toBe(404);

    relay.child.kill('SIGTERM');
    expect(await withTimeout(relay.exited, 10_000, 'relay exit')).toBe(0);
    // Every stderr line is a JSON log record.
    for (const line of relay.stderr().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('[R6] an edit the relay has relayed survives kill -9 of the relay process', async () => {
    const dataDir = tempDirFor(cleanup, 'baton-cli-');
    const { token } = mintToken(dataDir, 'team');
    const first = await spawnRelayCli(['--port', '0', '--data', dataDir]);
    cleanup.add(() => first.kill());
    const writer = stockClientFor(cleanup, first.url, 'team/crash', { token });
    const reader = stockClientFor(cleanup, first.url, 'team/crash', { token });
    await Promise.all([writer.synced(), reader.synced()]);
    for (let i = 0; i < 20; i++) writer.doc.getText('body').insert(writer.doc.getText('body').length, `${i};`);
    const expected = writer.doc.getText('body').toString();
    // The relay broadcasts only what it has stored ([R2]), so once the reader has it, it is on disk.
    await waitUntil(() => reader.doc.getText('body').toString() === expected, { description: 'reader has every edit' });
    writer.provider.disconnect();
    reader.provider.disconnect();
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await spawnRelayCli(['--port', '0', '--data', dataDir]);
    cleanup.add(() => second.kill());
    const fresh = stockClientFor(cleanup, second.url, 'team/crash', { token });
    await fresh.synced();
    await waitUntil(() => fresh.doc.getText('body').toString() === expected, { description: 'fresh client after kill -9' });
  });

  it('[R6] a second relay on the same data dir refuses to start and says why; the first keeps serving', async () => {
    const dataDir = tempDirFor(cleanup, 'baton-cli-');
    const first = await spawnRelayCli(['--port', '0', '--data', dataDir, '--no-auth']);
    cleanup.add(() => first.kill());
    const second = await runRelayCli(['--port', '0', '--data', dataDir, '--no-auth']);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain('is in use by another relay process');
    const a = stockClientFor(cleanup, first.url, 'team/shared');
    const b = stockClientFor(cleanup, first.url, 'team/shared');
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getText('body').insert(0, 'still mine');
    await waitUntil(() => b.doc.getText('body').toString() === 'still mine', { description: 'the first relay relays' });
  });

  it('[R11] a bad flag prints why and exits 2', async () => {
    const result = await runRelayCli(['--port', 'seventy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid port');
    expect(result.stdout).toBe('');
  });
});
