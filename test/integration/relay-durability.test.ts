import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../../relay/log';
import { Room } from '../../relay/room';
import { JOURNAL_FILE_NAME, SQLITE_FILE_NAME, SqliteDocStore } from '../../relay/storage';
import { fakePeer } from '../../relay/testing';
import { seededRandom, useFuzzSeed } from '../../shared/testing/seed';
import type { StockClient } from '../helpers';
import { createCleanup, mintToken, REPO_ROOT, spawnRelayCli, stockClientFor, tempDirFor, waitUntil, withTimeout } from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const dataDir = () => tempDirFor(cleanup, 'baton-durable-');
const client = (url: string, room: string, token: string): StockClient => stockClientFor(cleanup, url, room, { token });

/** 100 separate small edits, each its own update on the wire. */
function makeEdits(c: StockClient, count: number): string[] {
  const list = c.doc.getArray<string>('edits');
  for (let i = 0; i < count; i++) list.push([`edit ${i}`]);
  return list.toArray();
}
const edits = (c: StockClient) => c.doc.getArray<string>('edits').toArray();

describe('relay durability', () => {
  it('[R19] every update forwarded to a client survives kill -9, even when every client that had it is gone', async () => {
    const dir = dataDir();
    const { token } = mintToken(dir, 'team');
    const first = await spawnRelayCli(['--port', '0', '--data', dir]);
    cleanup.add(() => first.kill());
    const writer = client(first.url, 'team/log', token);
    const reader = client(first.url, 'team/log', token);
    await Promise.all([writer.synced(), reader.synced()]);

    const expected = makeEdits(writer, 100);
    await waitUntil(() => edits(reader).length === 100, { description: 'reader received all 100 edits' });
    // No grace period: the moment the last one was forwarded, the process dies.
    first.child.kill('SIGKILL');
    writer.destroy();
    reader.destroy();
    expect(await first.exited).toBe('SIGKILL');

    const second = await spawnRelayCli(['--port', '0', '--data', dir]);
    cleanup.add(() => second.kill());
    const fresh = client(second.url, 'team/log', token);
    await fresh.synced();
    await waitUntil(() => edits(fresh).length === 100, { description: 'fresh client has all 100 edits after kill -9' });
    expect(edits(fresh)).toEqual(expected);
  });

  it('[R19] SIGTERM flushes, exits 0, and a restart serves everything', async () => {
    const dir = dataDir();
    const { token } = mintToken(dir, 'team');
    const first = await spawnRelayCli(['--port', '0', '--data', dir]);
    cleanup.add(() => first.kill());
    const writer = client(first.url, 'team/log', token);
    await writer.synced();
    const expected = makeEdits(writer, 100);
    // Synced again means the relay answered a later step 1, i.e. it holds the edits ([R3]).
    writer.provider.disconnect();
    writer.provider.connect();
    await writer.synced();
    first.child.kill('SIGTERM');
    expect(await withTimeout(first.exited, 10_000, 'relay exit')).toBe(0);
    expect(first.stderr()).toContain('"msg":"relay closed"');
    // A clean close leaves no WAL to replay.
    expect(existsSync(join(dir, `${SQLITE_FILE_NAME}-wal`))).toBe(false);

    const second = await spawnRelayCli(['--port', '0', '--data', dir]);
    cleanup.add(() => second.kill());
    const fresh = client(second.url, 'team/log', token);
    await fresh.synced();
    await waitUntil(() => edits(fresh).length === 100, { description: 'fresh client after SIGTERM' });
    expect(edits(fresh)).toEqual(expected);
  });

  it.each([
    ['typing at a cursor', 0.02],
    ['edits scattered over the whole text', 1],
  ])('[R20] after 100,000 small edits (%s) the stored log stays within 2x of the compacted document', (_style, jumpRate) => {
    const dir = dataDir();
    const store = new SqliteDocStore(dir);
    cleanup.add(() => store.close());
    // Each compaction rewrites the whole doc: count them, since doing one every few hundred edits is quadratic.
    let compactions = 0;
    const compact = store.compact.bind(store);
    store.compact = (...args: Parameters<typeof store.compact>) => {
      compactions++;
      return compact(...args);
    };
    const room = Room.load('team/notes', { store, logger: silentLogger, compactThreshold: 500 });
    const peer = fakePeer();
    room.join(peer);

    // A writer at work: mostly typing at the cursor, some backspacing, now
    // and then a jump elsewhere in the text. One update per keystroke.
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => room.receive(peer, { type: 'sync-update', update }));
    const text = doc.getText('body');
    const random = seededRandom(useFuzzSeed());
    let cursor = 0;
    const storedBytes = () => store.loadUpdates('team/notes').reduce((sum, row) => sum + row.data.byteLength, 0);
    for (let i = 1; i <= 100_000; i++) {
      const r = random();
      if (r < jumpRate) cursor = Math.floor(random() * (text.length + 1));
      if (r > 0.9 && cursor > 0) {
        text.delete(cursor - 1, 1);
        cursor -= 1;
      } else {
        text.insert(cursor, 'abcdefghij '[i % 11]!);
        cursor += 1;
      }
      if (i % 25_000 === 0) {
        // Measured along the way too, not only at the end.
        expect(storedBytes(), `after ${i} edits`).toBeLessThanOrEqual(2 * Y.encodeStateAsUpdate(doc).byteLength);
      }
    }
    expect(peer.closed).toBeNull();
    expect(compactions).toBeLessThanOrEqual(40);
    const compacted = Y.encodeStateAsUpdate(doc).byteLength;
    expect(storedBytes()).toBeLessThanOrEqual(2 * compacted);
    const reloaded = new Y.Doc();
    for (const row of store.loadUpdates('team/notes')) Y.applyUpdate(reloaded, row.data);
    expect(reloaded.getText('body').toString()).toBe(text.toString());

    // The file on disk, once the WAL is checkpointed into it (closing does that).
    room.shutdown();
    store.close();
    expect(existsSync(join(dir, `${SQLITE_FILE_NAME}-wal`))).toBe(false);
    expect(statSync(join(dir, SQLITE_FILE_NAME)).size).toBeLessThanOrEqual(2 * compacted);
  });
});

/** Runs test/fixtures/store-then-crash.ts: the store does the steps, then its process is SIGKILLed. */
function storeThenCrash(dir: string, ...steps: string[]): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test', 'fixtures', 'store-then-crash.ts'), dir, ...steps], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(result.signal, result.stderr).toBe('SIGKILL');
}

function reopen(dir: string): SqliteDocStore {
  const store = new SqliteDocStore(dir);
  cleanup.add(() => store.close());
  return store;
}

const appended = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, data: new Uint8Array([(from + i - 1) % 256, 1]) }));

describe('relay store after a crash', () => {
  it('[R19] appends that only reached the journal are served after kill -9, in order, and the journal is emptied', () => {
    const dir = dataDir();
    storeThenCrash(dir, 'append:300');
    const store = reopen(dir);
    expect(store.recovery).toEqual({ records: 300, droppedBytes: 0 });
    expect(store.loadUpdates('w/a')).toEqual(appended(1, 300));
    expect(statSync(join(dir, JOURNAL_FILE_NAME)).size).toBe(0);
    // Seqs go on from the last one, and a clean close leaves no journal behind.
    expect(store.appendUpdate('w/a', new Uint8Array([7]))).toBe(301);
    store.close();
    expect(existsSync(join(dir, JOURNAL_FILE_NAME))).toBe(false);
    expect(reopen(dir).loadUpdates('w/a')).toHaveLength(301);
  });

  it('[R19] rows already committed from the journal are not stored twice; a torn last write is dropped', () => {
    const dir = dataDir();
    // The store's own batch commits the first 50 to SQLite; the journal still holds them.
    storeThenCrash(dir, 'append:50', 'wait:600', 'append:20');
    appendFileSync(join(dir, JOURNAL_FILE_NAME), new Uint8Array([40, 0, 0, 0, 1, 2, 3]));
    const store = reopen(dir);
    expect(store.recovery).toEqual({ records: 20, droppedBytes: 7 });
    expect(store.loadUpdates('w/a')).toEqual(appended(1, 70));
  });

  it('[R7][R19] a compaction is not undone by the journal it follows', () => {
    const dir = dataDir();
    storeThenCrash(dir, 'append:10', 'compact:10', 'flush', 'append:2');
    expect(reopen(dir).loadUpdates('w/a')).toEqual([{ seq: 10, data: new Uint8Array([9, 9]) }, ...appended(11, 12)]);
  });
});

