import { afterEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/protocol';
import type { RelayProcess } from '../helpers';
import { createCleanup, openRawSocket, sleep, spawnRelayCli, tempDirFor, waitForClose, waitUntil } from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const ROOMS = 1000;
const BATCH = 50;
/** Long enough that all rooms are loaded at once, short enough to keep the test quick. */
const IDLE_UNLOAD_MS = 8000;

async function scrape(relay: RelayProcess): Promise<{ rss: number; rooms: number; connections: number }> {
  const text = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  if (process.env.BATON_MEMORY_DEBUG) console.log(['process_resident_memory_bytes', 'nodejs_heap_used_bytes', 'nodejs_heap_total_bytes', 'nodejs_external_memory_bytes'].map((n) => `${n}=${(value(n) / 2 ** 20).toFixed(1)}`).join(' '));
  return { rss: value('process_resident_memory_bytes'), rooms: value('baton_relay_rooms_loaded'), connections: value('baton_relay_connections') };
}

/** A sync-update frame holding a few KiB of text and a map entry, like a short page. */
function contentFrame(i: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, `Page ${i}: ${'the quick brown fox jumps over the lazy dog. '.repeat(60)}`);
  doc.getMap('meta').set('title', `page ${i}`);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return encoding.toUint8Array(e);
}

/**
 * Writes content to `count` rooms, `BATCH` connections at a time; each connection
 * closes once its room holds the content, and the room stays loaded until the
 * idle timeout. So the rooms are loaded together while the number of open
 * sockets stays small: what is measured is what rooms cost, not sockets.
 */
async function touchRooms(relay: RelayProcess, prefix: string, count: number): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(BATCH, count - start) }, async (_, k) => {
        const i = start + k;
        const { ws } = await openRawSocket(relay.url, `${prefix}/page-${i}`);
        ws.send(contentFrame(i));
        // A query-awareness is answered after the update was handled, so the room holds the content.
        const answered = new Promise<void>((resolve) => ws.once('message', () => resolve()));
        ws.send(new Uint8Array([3]));
        await answered;
        const closed = waitForClose(ws);
        ws.close();
        await closed;
      }),
    );
  }
}

describe('relay memory', () => {
  it('[R29] after 1,000 rooms go idle and unload, RSS is back within 20% of the baseline', { timeout: 120_000 }, async () => {
    const dataDir = tempDirFor(cleanup, 'baton-memory-');
    const relay = await spawnRelayCli(['--port', '0', '--data', dataDir, '--idle-unload-ms', String(IDLE_UNLOAD_MS)], { env: { BATON_AUTH: 'off' } });
    cleanup.add(() => relay.kill());

    // Baseline after a warm-up at the same concurrency: the first rooms load code (yjs,
    // SQLite statements, ws), fill SQLite's page cache and grow V8's heap to the working
    // size of ~150 rooms loaded at once. That is paid once per process, not per room;
    // what this test guards is that rooms which went idle leave nothing behind.
    await touchRooms(relay, 'warmup', 100);
    await waitUntil(async () => (await scrape(relay)).rooms === 0, { timeoutMs: 20_000, description: 'warm-up rooms unloaded' });
    await sleep(1000);
    const baseline = (await scrape(relay)).rss;

    const started = Date.now();
    await touchRooms(relay, 'load', ROOMS);
    const peak = await scrape(relay);
    expect(peak.rooms).toBe(ROOMS);
    await waitUntil(async () => (await scrape(relay)).rooms === 0, { timeoutMs: 30_000, description: 'every room unloaded' });
    // V8 collects and returns memory on its own schedule; give it a few seconds, no forced GC.
    let after = (await scrape(relay)).rss;
    for (let i = 0; i < 30 && after > baseline * 1.2; i++) {
      await sleep(500);
      after = (await scrape(relay)).rss;
    }
    console.log(
      `[R29] ${ROOMS} rooms in ${Date.now() - started} ms; RSS baseline ${(baseline / 2 ** 20).toFixed(1)} MiB, ` +
        `with rooms ${(peak.rss / 2 ** 20).toFixed(1)} MiB (${peak.rooms} loaded), after unload ${(after / 2 ** 20).toFixed(1)} MiB`,
    );
    if (process.env.BATON_MEMORY_DEBUG) console.log(relay.stderr().split('\n').filter((line) => line.includes('memory reclaimed')).join('\n'));
    expect(after).toBeLessThanOrEqual(baseline * 1.2);
    expect(relay.child.exitCode).toBeNull();
  });
});
