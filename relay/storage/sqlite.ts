import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { JournalRecord } from './journal';
import { Journal } from './journal';
import type { DocStore, StoredUpdate } from './types';

export const SQLITE_FILE_NAME = 'relay.sqlite';
export const JOURNAL_FILE_NAME = 'relay.journal';
/**
 * How long journaled records wait for SQLite. One commit per update, or per turn
 * of the event loop, rewrites a page per room each time and makes SQLite
 * checkpoint (and fsync) every second or so; a batch every 250 ms touches each
 * busy room's page once and keeps that work to a few milliseconds now and then.
 */
const FLUSH_INTERVAL_MS = 250;
/** Records journaled but not yet in SQLite, past which an append commits them at once. */
const MAX_PENDING_RECORDS = 2_000;
/** The journal is emptied once it is this long (its records are all in SQLite by then). */
const MAX_JOURNAL_BYTES = 4 * 2 ** 20;

/** 1: a rowid table; 2: the same columns WITHOUT ROWID (one b-tree per append instead of two). */
const SCHEMA_VERSION = 2;
/** How long opening waits for another process that holds the file (a relay still shutting down). */
const OPEN_WAIT_MS = 2_000;

/**
 * DocStore on one SQLite file, `<dataDir>/relay.sqlite`, with a journal in
 * front of it, `<dataDir>/relay.journal`.
 *
 * Durability: an update is appended to the journal with one `write()` before
 * `appendUpdate` returns, so a crashed or `kill -9`ed relay loses nothing it
 * confirmed or forwarded ([R2], [R19]): the kernel holds it. Committing each
 * update to SQLite instead cost ten times as much on the path of every
 * keystroke; SQLite now gets the journal's records in batches, every 250 ms
 * (sooner before any read or compaction), off the path of the keystrokes, and
 * the journal is emptied once it has grown and all it holds is committed. On
 * open, whatever the journal holds that SQLite lacks is committed first, so a
 * restart after a crash serves everything. SQLite runs WAL with synchronous=NORMAL; neither file
 * is fsynced per update, so only an OS crash or power loss can drop the last
 * updates, and those are not lost for users either: clients keep their edits
 * locally and the relay's state vector, sent after a restart, tells them to send
 * those edits again ([R3]).
 *
 * The file is opened in exclusive locking mode (one relay owns its data dir: a
 * second relay pointed at it is refused with a clear error) and the table is
 * WITHOUT ROWID, so a row lives in one b-tree.
 */
export class SqliteDocStore implements DocStore {
  readonly path: string;
  /** What opening found in the journal: records committed to SQLite now, and bytes of a torn tail. */
  readonly recovery: { records: number; droppedBytes: number };
  private readonly db: Database.Database;
  private readonly journal: Journal;
  private readonly selectRoom: Database.Statement<[string], { seq: number; data: Buffer }>;
  private readonly selectMaxSeq: Database.Statement<[string], number | null>;
  private readonly insertRow: Database.Statement<[string, number, Uint8Array]>;
  private readonly deleteUpTo: Database.Statement<[string, number]>;
  private readonly commitTx: (records: JournalRecord[]) => void;
  private readonly compactTx: (room: string, merged: Uint8Array, uptoSeq: number) => void;
  /** The last seq handed out per room that has been loaded or appended to since. */
  private readonly lastSeq = new Map<string, number>();
  /** Journaled, not yet in SQLite. */
  private pending: JournalRecord[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  /** A background flush failed: the next append flushes first, and fails if SQLite still refuses. */
  private flushFailed = false;

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
      // Takes the write lock now, and keeps it until close: another relay fails here, not
      // mid-write, and never touches the journal, which only the lock holder opens.
      this.db.exec('BEGIN EXCLUSIVE; COMMIT');
      migrate(this.db);
    } catch (error) {
      this.db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`${this.path} is in use by another relay process`, { cause: error });
      throw error;
    }

    this.selectRoom = this.db.prepare('SELECT seq, data FROM updates WHERE room = ? ORDER BY seq');
    this.selectMaxSeq = this.db.prepare<[string], number | null>('SELECT MAX(seq) FROM updates WHERE room = ?').pluck();
    this.insertRow = this.db.prepare('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
    this.deleteUpTo = this.db.prepare('DELETE FROM updates WHERE room = ? AND seq <= ?');
    this.commitTx = this.db.transaction((records: JournalRecord[]) => {
      for (const record of records) this.insertRow.run(record.room, record.seq, record.data);
    });
    this.compactTx = this.db.transaction((room: string, merged: Uint8Array, uptoSeq: number) => {
      this.deleteUpTo.run(room, uptoSeq);
      // The merged row keeps seq = uptoSeq so rows appended later still sort after it.
      this.insertRow.run(room, uptoSeq, merged);
    });

    this.journal = new Journal(join(dataDir, JOURNAL_FILE_NAME));
    const { records, droppedBytes } = this.journal.read();
    // Per room, rows reach SQLite in seq order, and a compaction keeps the seq it
    // merged up to: a record at or below the room's highest stored seq is in SQLite
    // already (or merged into a compacted row), one above it is not.
    const stored = new Map<string, number>();
    const missing = records.filter((record) => {
      let max = stored.get(record.room);
      if (max === undefined) stored.set(record.room, (max = this.selectMaxSeq.get(record.room) ?? 0));
      return record.seq > max;
    });
    this.pending = missing;
    this.flush();
    this.journal.clear();
    this.recovery = { records: missing.length, droppedBytes };
  }

  loadUpdates(room: string): StoredUpdate[] {
    this.flush();
    const rows = this.selectRoom.all(room).map((row) => ({
      seq: row.seq,
      data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength),
    }));
    this.lastSeq.set(room, rows.at(-1)?.seq ?? 0);
    return rows;
  }

  appendUpdate(room: string, update: Uint8Array): number {
    if (this.flushFailed) this.flush();
    let last = this.lastSeq.get(room);
    if (last === undefined) {
      this.flush();
      last = this.selectMaxSeq.get(room) ?? 0;
    }
    const seq = last + 1;
    // Durable from here on ([R2]); SQLite gets it with the next batch.
    const data = this.journal.append({ room, seq, data: update });
    this.lastSeq.set(room, seq);
    this.pending.push({ room, seq, data });
    if (this.pending.length >= MAX_PENDING_RECORDS) this.flush();
    else if (this.flushTimer === null) {
      this.flushTimer = setTimeout(() => this.flushLater(), FLUSH_INTERVAL_MS);
      // Nothing is lost if the process exits first: it is in the journal.
      this.flushTimer.unref();
    }
    return seq;
  }

  compact(room: string, mergedUpdate: Uint8Array, uptoSeq: number): void {
    this.flush();
    this.compactTx(room, mergedUpdate, uptoSeq);
    this.db.pragma('incremental_vacuum');
  }

  /** The room is no longer loaded: its seq is read from SQLite again if it comes back. */
  release(room: string): void {
    this.lastSeq.delete(room);
  }

  /** Commits what the journal holds to SQLite, then empties the journal. Throws if SQLite refuses. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.length > 0) {
      // On failure the records stay pending and journaled: nothing is lost, the next flush retries.
      this.commitTx(this.pending);
      this.pending = [];
    }
    // Emptying the file costs the file system more than a batch of appends, so it
    // is done once the journal has grown; what it still holds is in SQLite already.
    if (this.journal.bytes > MAX_JOURNAL_BYTES) this.journal.clear();
    this.flushFailed = false;
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.flush();
      this.journal.close();
      // Everything is in SQLite: a clean close leaves no journal behind.
      rmSync(this.journal.path, { force: true });
    } finally {
      this.db.close();
    }
  }

  private flushLater(): void {
    this.flushTimer = null;
    try {
      this.flush();
    } catch {
      // Kept in the journal; the next append, load or compaction flushes again and reports it.
      this.flushFailed = true;
    }
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
