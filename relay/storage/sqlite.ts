import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DocStore, StoredUpdate } from './types';

export const SQLITE_FILE_NAME = 'relay.sqlite';

/** 1: a rowid table; 2: the same columns WITHOUT ROWID (one b-tree per append instead of two). */
const SCHEMA_VERSION = 2;
/** How long opening waits for another process that holds the file (a relay still shutting down). */
const OPEN_WAIT_MS = 2_000;

/**
 * DocStore on one SQLite file, `<dataDir>/relay.sqlite`.
 *
 * Durability: WAL with synchronous=NORMAL. A commit is written to the WAL
 * (in the OS page cache) before `appendUpdate` returns, so a crashed or
 * `kill -9`ed relay loses nothing it confirmed. Only an OS crash or power
 * loss can drop the last commits, and those are not lost for users either:
 * clients keep their edits locally and the relay's state vector, sent after
 * a restart, tells them to send those edits again ([R3]). FULL would add an
 * fsync per keystroke-sized update for no gain under that model.
 *
 * Speed: every update is appended before it is forwarded ([R2]), so the append
 * is on the path of every keystroke. The file is opened in exclusive locking
 * mode (one relay owns its data dir; no shared-memory index, no lock round trip
 * per commit) and the table is WITHOUT ROWID, so an append touches one b-tree.
 * That halves the cost of an append; a second relay pointed at the same data
 * dir is refused with a clear error instead of silently sharing it.
 */
export class SqliteDocStore implements DocStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly selectRoom: Database.Statement<[string], { seq: number; data: Buffer }>;
  private readonly insertNext: Database.Statement<[string, Uint8Array, string], { seq: number }>;
  private readonly deleteUpTo: Database.Statement<[string, number]>;
  private readonly insertAt: Database.Statement<[string, number, Uint8Array]>;
  private readonly compactTx: (room: string, merged: Uint8Array, uptoSeq: number) => void;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, SQLITE_FILE_NAME);
    this.db = new Database(this.path, { timeout: OPEN_WAIT_MS });
    try {
      // Before the first access: in WAL mode that means no shared-memory index at all.
      this.db.pragma('locking_mode = EXCLUSIVE');
      // Compaction frees pages; incremental auto-vacuum lets them go back to the
      // file system instead of the file keeping its high-water mark ([R20]).
      // It can only be chosen before the first table exists.
      if ((this.db.pragma('user_version', { simple: true }) as number) === 0) this.db.pragma('auto_vacuum = INCREMENTAL');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      // After a checkpoint the WAL is truncated to this size instead of keeping its peak.
      this.db.pragma(`journal_size_limit = ${8 * 2 ** 20}`);
      // Takes the write lock now, and keeps it until close: another relay fails here, not mid-write.
      this.db.exec('BEGIN EXCLUSIVE; COMMIT');
      migrate(this.db);
    } catch (error) {
      this.db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`${this.path} is in use by another relay process`, { cause: error });
      throw error;
    }

    this.selectRoom = this.db.prepare('SELECT seq, data FROM updates WHERE room = ? ORDER BY seq');
    // Computing the next seq inside the INSERT keeps it atomic without an in-memory counter.
    this.insertNext = this.db.prepare(
      'INSERT INTO updates (room, seq, data) SELECT ?, COALESCE(MAX(seq), 0) + 1, ? FROM updates WHERE room = ? RETURNING seq',
    );
    this.deleteUpTo = this.db.prepare('DELETE FROM updates WHERE room = ? AND seq <= ?');
    this.insertAt = this.db.prepare('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
    this.compactTx = this.db.transaction((room: string, merged: Uint8Array, uptoSeq: number) => {
      this.deleteUpTo.run(room, uptoSeq);
      // The merged row keeps seq = uptoSeq so rows appended later still sort after it.
      this.insertAt.run(room, uptoSeq, merged);
    });
  }

  loadUpdates(room: string): StoredUpdate[] {
    return this.selectRoom.all(room).map((row) => ({
      seq: row.seq,
      data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength),
    }));
  }

  appendUpdate(room: string, update: Uint8Array): number {
    // all(), not get(): get() leaves a RETURNING statement unfinished, which
    // keeps SQLite from ever checkpointing, and the WAL then grows without bound.
    const [row] = this.insertNext.all(room, update, room);
    if (!row) throw new Error(`append to ${room} returned no seq`);
    return row.seq;
  }

  compact(room: string, mergedUpdate: Uint8Array, uptoSeq: number): void {
    this.compactTx(room, mergedUpdate, uptoSeq);
    this.db.pragma('incremental_vacuum');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(`
      CREATE TABLE updates_next (
        room TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (room, seq)
      ) WITHOUT ROWID;
    `);
    // A version 1 file keeps every row; only the table's layout changes.
    if (version === 1) db.exec('INSERT INTO updates_next (room, seq, data) SELECT room, seq, data FROM updates; DROP TABLE updates;');
    db.exec('ALTER TABLE updates_next RENAME TO updates');
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

export function openSqliteStore(dataDir: string): SqliteDocStore {
  return new SqliteDocStore(dataDir);
}
