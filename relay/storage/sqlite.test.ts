import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Journal } from './journal';
import type { SqliteStoreOptions } from './sqlite';
import { JOURNAL_FILE_NAME, ROTATED_JOURNAL_FILE_NAME, SQLITE_FILE_NAME, SqliteDocStore } from './sqlite';

const dirs: string[] = [];
const stores: SqliteDocStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-store-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string, options?: SqliteStoreOptions): SqliteDocStore {
  const store = new SqliteDocStore(dir, options);
  stores.push(store);
  return store;
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('SqliteDocStore', () => {
  it('creates the data dir and a WAL database file in it', () => {
    const dir = join(tempDir(), 'nested', 'data');
    open(dir).close();
    expect(existsSync(join(dir, SQLITE_FILE_NAME))).toBe(true);
    const db = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('[R6] one store owns its file: a second one on the same data dir is refused with a clear error', () => {
    const dir = tempDir();
    const first = open(dir);
    first.appendUpdate('w/a', bytes(1));
    expect(() => new SqliteDocStore(dir)).toThrow(/relay\.sqlite is in use by another relay process/);
    // The owner is unaffected.
    expect(first.appendUpdate('w/a', bytes(2))).toBe(2);
    first.close();
    expect(open(dir).loadUpdates('w/a')).toHaveLength(2);
  });

  it('[R6] a file of the first schema keeps every row and goes on from its last seq', () => {
    const dir = tempDir();
    const old = new Database(join(dir, SQLITE_FILE_NAME));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE updates (room TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (room, seq))');
    const insert = old.prepare('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
    insert.run('w/a', 1, bytes(1));
    insert.run('w/a', 2, bytes(2));
    insert.run('w/b', 5, bytes(5));
    old.pragma('user_version = 1');
    old.close();

    const store = open(dir);
    expect(store.loadUpdates('w/a')).toEqual([
      { seq: 1, data: bytes(1) },
      { seq: 2, data: bytes(2) },
    ]);
    expect(store.appendUpdate('w/b', bytes(6))).toBe(6);
    store.close();
    const db = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'updates'").pluck().get()).toMatch(/WITHOUT ROWID/);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    db.close();
  });

  it('[R2] appends updates with increasing seq per room, kept apart by room', () => {
    const store = open(tempDir());
    expect(store.appendUpdate('w/a', bytes(1))).toBe(1);
    expect(store.appendUpdate('w/a', bytes(2))).toBe(2);
    expect(store.appendUpdate('w/b', bytes(3))).toBe(1);
    expect(store.loadUpdates('w/a')).toEqual([
      { seq: 1, data: bytes(1) },
      { seq: 2, data: bytes(2) },
    ]);
    expect(store.loadUpdates('w/b')).toEqual([{ seq: 1, data: bytes(3) }]);
    expect(store.loadUpdates('w/unknown')).toEqual([]);
  });

  it('[R6] updates survive closing and reopening the store', () => {
    const dir = tempDir();
    const first = open(dir);
    first.appendUpdate('w/a', bytes(7, 8, 9));
    first.close();
    expect(open(dir).loadUpdates('w/a')).toEqual([{ seq: 1, data: bytes(7, 8, 9) }]);
  });

  it('[R7] compact replaces rows up to seq with the merged update and keeps later rows', () => {
    const store = open(tempDir());
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 5; i++) doc.getText('t').insert(i, String(i));
    for (const update of updates) store.appendUpdate('w/a', update);
    const merged = Y.encodeStateAsUpdate(doc);
    doc.getText('t').insert(5, 'x');
    store.appendUpdate('w/a', updates.at(-1)!);

    store.compact('w/a', merged, 5);
    store.appendUpdate('w/b', bytes(1));
    const rows = store.loadUpdates('w/a');
    expect(rows.map((row) => row.seq)).toEqual([5, 6]);
    expect(store.appendUpdate('w/a', bytes(0))).toBe(7);

    const reloaded = new Y.Doc();
    for (const row of rows) Y.applyUpdate(reloaded, row.data);
    expect(reloaded.getText('t').toString()).toBe('01234x');
    expect(store.loadUpdates('w/b')).toHaveLength(1);
  });
});

describe('SqliteDocStore write-ahead log', () => {
  const turn = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('[R20][R6] stays bounded under a steady stream of appends: checkpoints run between commits, and everything stays', async () => {
    const dir = tempDir();
    const errors: Error[] = [];
    const store = open(dir, { onBackgroundError: (_what, error) => errors.push(error) });
    const wal = join(dir, `${SQLITE_FILE_NAME}-wal`);
    const update = new Uint8Array(200).fill(7);
    let largest = 0;
    // 20,000 appends of 200 bytes over 40 turns of the event loop: over 5 MB of WAL
    // without checkpoints; with them, about one checkpoint interval (1 MiB) and a batch.
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 500; j++) store.appendUpdate(`room/${j % 50}`, update);
      await turn();
      largest = Math.max(largest, statSync(wal).size);
    }
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(2.5 * 2 ** 20);
    expect(store.loadUpdates('room/0')).toHaveLength(400);
    store.close();
    const reopened = open(dir);
    expect(reopened.loadUpdates('room/49').map((row) => row.seq)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(errors).toEqual([]);
  });

  it('[R6] a flush while a checkpoint is under way finishes it first: the WAL is cut, nothing is lost, nothing fails later', async () => {
    const dir = tempDir();
    const errors: Error[] = [];
    const store = open(dir, { onBackgroundError: (_what, error) => errors.push(error) });
    const wal = join(dir, `${SQLITE_FILE_NAME}-wal`);
    const update = new Uint8Array(600).fill(5);
    // A room's first append reads its last seq (a flush): then 2,000 records make the
    // store commit on the next turn, 1.2 MB, more than a checkpoint interval.
    for (let i = 0; i < 10; i++) store.appendUpdate(`room/${i}`, update);
    store.flush();
    for (let i = 0; i < 2_000; i++) store.appendUpdate(`room/${i % 10}`, update);
    await new Promise((resolve) => setImmediate(resolve));
    // Committed; the checkpoint's first fsync is on the thread pool now.
    expect(statSync(wal).size).toBeGreaterThan(2 ** 20);
    store.flush();
    expect(statSync(wal).size).toBe(0);
    // The fsync the flush overtook lands later and changes nothing.
    await turn();
    expect(store.appendUpdate('room/0', update)).toBe(202);
    store.close();
    expect(open(dir).loadUpdates('room/0')).toHaveLength(202);
    expect(errors).toEqual([]);
  });
});

describe('SqliteDocStore journal', () => {
  it('[R6][R20] a long journal is rotated, and the rotated one is deleted once SQLite holds it', () => {
    const dir = tempDir();
    const errors: Error[] = [];
    const store = open(dir, { maxJournalBytes: 1024, onBackgroundError: (_what, error) => errors.push(error) });
    const update = new Uint8Array(100).fill(3);
    for (let i = 0; i < 20; i++) store.appendUpdate('w/a', update);
    expect(statSync(join(dir, JOURNAL_FILE_NAME)).size).toBeGreaterThan(1024);
    // A load hands the records over, rotates the journal, and is answered after both.
    expect(store.loadUpdates('w/a')).toHaveLength(20);
    expect(existsSync(join(dir, ROTATED_JOURNAL_FILE_NAME))).toBe(false);
    expect(statSync(join(dir, JOURNAL_FILE_NAME)).size).toBe(0);
    // Appends go on in the new journal.
    expect(store.appendUpdate('w/a', update)).toBe(21);
    expect(statSync(join(dir, JOURNAL_FILE_NAME)).size).toBeGreaterThan(100);
    expect(store.loadUpdates('w/a').map((row) => row.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(errors).toEqual([]);
  });

  it('[R6] after a crash with a rotated journal and a current one, both are recovered in order', () => {
    const dir = tempDir();
    // What a crash right after a rotation leaves: SQLite has nothing yet, the records are in two files.
    const rotated = new Journal(join(dir, ROTATED_JOURNAL_FILE_NAME));
    for (let seq = 1; seq <= 3; seq++) rotated.append({ room: 'w/a', seq, data: bytes(seq) });
    rotated.append({ room: 'w/b', seq: 1, data: bytes(50) });
    rotated.close();
    const current = new Journal(join(dir, JOURNAL_FILE_NAME));
    for (let seq = 4; seq <= 5; seq++) current.append({ room: 'w/a', seq, data: bytes(seq) });
    current.close();

    const store = open(dir);
    expect(store.recovery).toEqual({ records: 6, droppedBytes: 0 });
    expect(store.loadUpdates('w/a')).toEqual([1, 2, 3, 4, 5].map((seq) => ({ seq, data: bytes(seq) })));
    expect(store.loadUpdates('w/b')).toEqual([{ seq: 1, data: bytes(50) }]);
    expect(existsSync(join(dir, ROTATED_JOURNAL_FILE_NAME))).toBe(false);
    expect(store.appendUpdate('w/a', bytes(6))).toBe(6);
  });

  it('[R7] a compaction is queued behind the appends before it; reads after it see the merged row', () => {
    const store = open(tempDir());
    for (let i = 1; i <= 5; i++) store.appendUpdate('w/a', bytes(i));
    store.compact('w/a', bytes(9, 9), 5);
    store.appendUpdate('w/a', bytes(6));
    expect(store.loadUpdates('w/a')).toEqual([
      { seq: 5, data: bytes(9, 9) },
      { seq: 6, data: bytes(6) },
    ]);
  });

  it('a closed store refuses reads and appends with a clear error instead of waiting', () => {
    const store = open(tempDir());
    store.appendUpdate('w/a', bytes(1));
    store.close();
    expect(() => store.loadUpdates('w/a')).toThrow(/the store is closed/);
    expect(() => store.appendUpdate('w/a', bytes(2))).toThrow(/the store is closed/);
    expect(() => store.appendUpdate('w/b', bytes(2))).toThrow(/the store is closed/);
    return expect(store.loadUpdatesAsync('w/a')).rejects.toThrow(/the store is closed/);
  });
});

describe('SqliteDocStore asynchronous load', () => {
  /** While shut, the store holds each commit until the gate opens. */
  function gate() {
    const state = { held: false };
    return { holdWrites: () => state.held, shut: () => (state.held = true), open: () => (state.held = false) };
  }

  it('[R5] waits behind the commits queued before it without blocking the event loop, and holds every earlier append', async () => {
    const { holdWrites, shut, open: openGate } = gate();
    const store = open(tempDir(), { holdWrites });
    try {
      // A room's first append reads its last seq (a blocking call): before the gate shuts.
      store.appendUpdate('w/b', bytes(3));
      store.appendUpdate('w/a', bytes(1));
      shut();
      store.appendUpdate('w/a', bytes(2));
      store.appendUpdate('w/b', bytes(4));
      const events: string[] = [];
      const loaded = store.loadUpdatesAsync('w/a').then((rows) => {
        events.push('loaded');
        return rows;
      });
      await new Promise((resolve) => setTimeout(resolve, 0));
      events.push('timer');
      openGate();
      expect(await loaded).toEqual([
        { seq: 1, data: bytes(1) },
        { seq: 2, data: bytes(2) },
      ]);
      expect(events).toEqual(['timer', 'loaded']);
      // The loaded room goes on from its last seq.
      expect(store.appendUpdate('w/a', bytes(4))).toBe(3);
    } finally {
      openGate();
    }
  });

  it('[R5] a load asked for before close is answered; one after it is refused', async () => {
    const store = open(tempDir());
    store.appendUpdate('w/a', bytes(1));
    const loaded = store.loadUpdatesAsync('w/a');
    store.close();
    expect(await loaded).toEqual([{ seq: 1, data: bytes(1) }]);
    await expect(store.loadUpdatesAsync('w/a')).rejects.toThrow(/the store is closed/);
  });
});
