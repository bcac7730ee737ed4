import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SQLITE_FILE_NAME, SqliteDocStore } from './sqlite';

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

function open(dir: string): SqliteDocStore {
  const store = new SqliteDocStore(dir);
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
    expect(db.pragma('user_version', { simple: true })).toBe(2);
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
  it('[R20] stays bounded under a steady stream of appends (checkpoints run)', () => {
    const dir = tempDir();
    const store = open(dir);
    const update = new Uint8Array(200).fill(7);
    for (let i = 0; i < 5_000; i++) store.appendUpdate(`room/${i % 50}`, update);
    const wal = join(dir, `${SQLITE_FILE_NAME}-wal`);
    // 5,000 appends of 200 bytes: with checkpoints the WAL holds about one
    // checkpoint interval of pages; without them it passes 40 MB.
    expect(existsSync(wal) ? statSync(wal).size : 0).toBeLessThan(8 * 2 ** 20);
    expect(store.loadUpdates('room/0')).toHaveLength(100);
  });
});
