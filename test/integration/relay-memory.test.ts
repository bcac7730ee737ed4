/**
 * What the relay does with many rooms, in order: loads them together, unloads
 * every one once idle, reclaims memory after the burst, and reloads any of them
 * with its content. How much memory that gives back is a figure of
 * `npm run bench:memory`, not of a test ([R29]).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCleanup, spawnRelayCli, stockClientFor, tempDirFor, waitUntil } from '../helpers';
import { scrapeGauges, touchRooms, touchedText } from '../helpers/room-load';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const ROOMS = 1000;
const IDLE_UNLOAD_MS = 3000;

describe('relay memory', () => {
  it('[R5][R29] 1,000 rooms left idle all unload, memory is reclaimed after the last unload, and a room reloads with its content', { timeout: 120_000 }, async () => {
    const dataDir = tempDirFor(cleanup, 'baton-memory-');
    const relay = await spawnRelayCli(['--port', '0', '--data', dataDir, '--idle-unload-ms', String(IDLE_UNLOAD_MS)], { env: { BATON_AUTH: 'off' } });
    cleanup.add(() => relay.kill());
    const lines = () => relay.stderr().split('\n');
    const lastLine = (text: string) => lines().reduce((last, line, i) => (line.includes(text) ? i : last), -1);

    await touchRooms(relay, 'load', ROOMS);
    await waitUntil(async () => (await scrapeGauges(relay)).rooms === 0, { timeoutMs: 30_000, description: 'every room unloaded' });
    expect(lines().filter((line) => line.includes('room unloaded'))).toHaveLength(ROOMS);
    // A burst of unloads is followed by a full collection once they have settled.
    await waitUntil(() => lastLine('memory reclaimed') > lastLine('room unloaded'), { timeoutMs: 10_000, description: '"memory reclaimed" after the last unload' });

    const reader = stockClientFor(cleanup, relay.url, 'load/page-731');
    await reader.synced();
    expect(reader.doc.getText('body').toString()).toBe(touchedText(731));
    expect(relay.child.exitCode).toBeNull();
  });
});
