import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { nextChange } from './changes';
import { Journal } from './journal';
import { JOURNAL_FILE_NAME, SQLITE_FILE_NAME, SqliteDocStore } from './sqlite';

const dirs: string[] = [];
const stores: SqliteDocStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-changes-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string): SqliteDocStore {
  const store = new SqliteDocStore(dir);
  stores.push(store);
  return store;
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('change numbers on SQLite [R40]', () => {
  it('[R40] numbers grow strictly and start at the clock in microseconds', () => {
    expect(nextChange(0, 1_000)).toBe(1_000_000);
    expect(nextChange(5_000_000, 1_000)).toBe(5_000_001);
  });

  it('[R41] lists exactly the docs stamped after a cursor, oldest change first, from the index without loading rooms', async () => {
    const store = open(tempDir());
    store.appendUpdate('w/a', bytes(1));
    store.appendUpdate('w/b', bytes(2));
    store.appendUpdate('other/x', bytes(3));
    const first = await store.changedSince('w', 0, 100);
    expect(first.docIds).toEqual(['a', 'b']);
    // Nothing changed since: nothing listed, the cursor stays.
    expect(await store.changedSince('w', first.cursor, 100)).toEqual({ cursor: first.cursor, docIds: [] });
    store.appendUpdate('w/a', bytes(4));
    const second = await store.changedSince('w', first.cursor, 100);
    expect(second.docIds).toEqual(['a']);
    expect(second.cursor).toBeGreaterThan(first.cursor);
    expect(store.changeStamp('w/a')).toEqual({ doc: second.cursor, workspace: second.cursor });
    expect(store.changeStamp('w/b').doc).toBeLessThan(second.cursor);
    expect(store.changeStamp('w/never')).toEqual({ doc: 0, workspace: second.cursor });
  });

  it('[R41] a list cut at its limit hands out the last listed number, and asking again from it lists the rest', async () => {
    const store = open(tempDir());
    for (const doc of ['a', 'b', 'c', 'd', 'e']) store.appendUpdate(`w/${doc}`, bytes(1));
    const page1 = await store.changedSince('w', 0, 2);
    const page2 = await store.changedSince('w', page1.cursor, 2);
    const page3 = await store.changedSince('w', page2.cursor, 2);
    expect([page1.docIds, page2.docIds, page3.docIds]).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(page3.cursor).toBe(store.changeStamp('w/e').doc);
  });

  it('[R40] a stamp is known before SQLite commits it, and compaction keeps it', async () => {
    const store = open(tempDir());
    store.appendUpdate('w/a', bytes(1));
    const stamp = store.changeStamp('w/a').doc;
    expect(stamp).toBeGreaterThan(0);
    store.flush();
    expect(store.changeStamp('w/a').doc).toBe(stamp);
    store.appendUpdate('w/a', bytes(2));
    const later = store.changeStamp('w/a').doc;
    store.compact('w/a', bytes(9), 2);
    store.flush();
    expect(store.changeStamp('w/a').doc).toBe(later);
    expect((await store.changedSince('w', stamp, 10)).docIds).toEqual(['a']);
  });

  it('[R40] a crash keeps every stamp with its update: the journal carries it, and numbers go on above it', async () => {
    const dir = tempDir();
    const store = open(dir);
    store.appendUpdate('w/a', bytes(1));
    store.flush();
    // Journaled, not yet in SQLite: what kill -9 leaves is these files as they are now.
    store.appendUpdate('w/b', bytes(2));
    store.appendUpdate('w/a', bytes(3));
    const stamps = { a: store.changeStamp('w/a').doc, b: store.changeStamp('w/b').doc };
    const crashed = tempDir();
    cpSync(dir, crashed, { recursive: true });

    const recovered = open(crashed);
    expect(recovered.recovery.records).toBe(2);
    expect(recovered.changeStamp('w/a').doc).toBe(stamps.a);
    expect(recovered.changeStamp('w/b').doc).toBe(stamps.b);
    recovered.appendUpdate('w/c', bytes(4));
    expect(recovered.changeStamp('w/c').doc).toBeGreaterThan(stamps.a);
    expect((await recovered.changedSince('w', 0, 10)).docIds).toEqual(['b', 'a', 'c']);
  });

  it('[R40] a journal written before change numbers is replayed with fresh ones', async () => {
    const dir = tempDir();
    const journal = new Journal(join(dir, JOURNAL_FILE_NAME));
    journal.append({ room: 'w/a', seq: 1, data: bytes(1) });
    journal.close();
    const store = open(dir);
    expect(store.recovery.records).toBe(1);
    expect((await store.changedSince('w', 0, 10)).docIds).toEqual(['a']);
  });

  it('[R40] a file from before change numbers stamps every stored doc once, each with its own number', async () => {
    const dir = tempDir();
    const old = new Database(join(dir, SQLITE_FILE_NAME));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE updates (room TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (room, seq)) WITHOUT ROWID');
    const insert = old.prepare('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
    for (const room of ['w/a', 'w/b', 'w/b', 'w/c', 'not-a-room']) insert.run(room, Math.random() * 1e9, bytes(1));
    old.pragma('user_version = 2');
    old.close();

    const store = open(dir);
    const page1 = await store.changedSince('w', 0, 2);
    const page2 = await store.changedSince('w', page1.cursor, 2);
    expect([...page1.docIds, ...page2.docIds].sort()).toEqual(['a', 'b', 'c']);
  });
});
