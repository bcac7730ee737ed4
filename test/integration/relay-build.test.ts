/**
 * The relay as it ships: relay/build.mjs's output, run by plain `node` (what
 * `npm run relay` and the image run), and `npm run relay` itself.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript outside this project (it runs before anything is built); checked under relay/
import { buildRelay } from '../../relay/build.mjs';
import { REPO_ROOT, createCleanup, createTempDir, removeTempDir, runRelayCli, spawnRelayCli, stockClientFor, tempDirFor, waitUntil, withTimeout } from '../helpers';
import { startPostgres, startRedis } from '../helpers/services';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

let root = '';
let built = '';

beforeAll(async () => {
  // Built outside the checkout, so the test never races `npm run relay` over dist/; its
  // one package left out of the bundle (better-sqlite3) resolves through node_modules here.
  root = createTempDir('baton-relay-build-');
  mkdirSync(join(root, 'relay'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  built = (await buildRelay({ outDir: join(root, 'relay') })) as string;
});
afterAll(() => removeTempDir(root));

describe('the built relay', () => {
  it('[R11] runs under plain node: the listening line, /healthz, and exit 0 on SIGTERM', async () => {
    const relay = await spawnRelayCli(['--port', '0', '--data', tempDirFor(cleanup, 'baton-built-')], { built });
    cleanup.add(() => relay.kill());
    // The first line, exactly; the setup link follows it ([R32]).
    expect(relay.stdout()).toMatch(/^listening on ws:\/\/127\.0\.0\.1:\d+\n/);
    // No TypeScript loader anywhere: the process runs the bundle and nothing else.
    expect(relay.child.spawnargs.join(' ')).not.toContain('tsx');
    const health = await fetch(`http://127.0.0.1:${relay.port}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', rooms: 0, connections: 0 });
    relay.child.kill('SIGTERM');
    expect(await withTimeout(relay.exited, 10_000, 'relay exit')).toBe(0);
  });

  it('[R14][R6] mints a token alone on stdout; an edit made with it survives kill -9 (SQLite runs from the build)', async () => {
    const dataDir = tempDirFor(cleanup, 'baton-built-');
    const minted = await runRelayCli(['token', '--data', dataDir, '--workspace', 'team', '--role', 'editor'], { built });
    expect(minted.code).toBe(0);
    expect(minted.stdout).toMatch(/^[\w.-]+\n$/);
    const token = minted.stdout.trim();

    const first = await spawnRelayCli(['--port', '0', '--data', dataDir], { built });
    cleanup.add(() => first.kill());
    const writer = stockClientFor(cleanup, first.url, 'team/built', { token });
    const reader = stockClientFor(cleanup, first.url, 'team/built', { token });
    await Promise.all([writer.synced(), reader.synced()]);
    writer.doc.getText('body').insert(0, 'shipped');
    // The relay broadcasts only what it has stored ([R2]), so once the reader has it, it is on disk.
    await waitUntil(() => reader.doc.getText('body').toString() === 'shipped', { description: 'reader has the edit' });
    writer.provider.disconnect();
    reader.provider.disconnect();
    first.child.kill('SIGKILL');
    await first.exited;

    // Loading the room reads SQLite through better-sqlite3, installed beside cli.js.
    const second = await spawnRelayCli(['--port', '0', '--data', dataDir], { built });
    cleanup.add(() => second.kill());
    const fresh = stockClientFor(cleanup, second.url, 'team/built', { token });
    await fresh.synced();
    await waitUntil(() => fresh.doc.getText('body').toString() === 'shipped', { description: 'fresh client after kill -9' });
  });
});

/** The files node loads with cli.js before any import(): cli.js and the chunks it imports statically. */
function loadedAtStart(dir: string): string[] {
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|\} from) ?"(\.[^"]+)";$/gm)) visit(join(dirname(file), match[1]!));
  };
  visit(join(dir, 'cli.js'));
  return [...loaded];
}

describe('the built relay, scaled out', () => {
  it('[R29] a relay storing in SQLite loads neither the PostgreSQL nor the Redis client, not even their source', () => {
    const files = loadedAtStart(dirname(built));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toMatch(/node_modules\/(pg|ioredis)\//);
  });


  it('[S1] loads its PostgreSQL and Redis clients when asked to: two instances relay to each other', async () => {
    const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    cleanup.add(() => Promise.all([redis.stop(), postgres.stop()]));
    const instances = await Promise.all(
      ['a', 'b'].map((id) =>
        spawnRelayCli(['--port', '0', '--data', tempDirFor(cleanup, 'baton-built-'), '--no-auth', '--redis', redis.url, '--postgres', postgres.url, '--instance-id', id], { built }),
      ),
    );
    for (const instance of instances) cleanup.add(() => instance.kill());
    const [writer, reader] = instances.map((instance) => stockClientFor(cleanup, instance.url, 'team/scaled'));
    await Promise.all([writer!.synced(), reader!.synced()]);
    writer!.doc.getText('body').insert(0, 'through postgres');
    await waitUntil(() => reader!.doc.getText('body').toString() === 'through postgres', { description: 'the other instance relays the edit' });
  });
});

describe('npm run relay', () => {
  it('[R14] `npm run --silent relay -- token ...` builds when needed and prints the token alone', async () => {
    const dataDir = tempDirFor(cleanup, 'baton-npm-');
    const child = spawn('npm', ['run', '--silent', 'relay', '--', 'token', '--data', dataDir, '--workspace', 'team', '--role', 'viewer'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await withTimeout(new Promise<number | null>((resolve) => child.once('exit', resolve)), 60_000, 'npm run relay');
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^[\w.-]+\n$/);
    // The token is one the relay on that directory accepts, with the role asked for.
    const relay = await spawnRelayCli(['--port', '0', '--data', dataDir], { built });
    cleanup.add(() => relay.kill());
    const viewer = stockClientFor(cleanup, relay.url, 'team/doc', { token: stdout.trim() });
    await viewer.synced();
  });
});
