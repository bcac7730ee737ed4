/**
 * The relay's SQLite file, `<dataDir>/relay.sqlite`: opening it (pragmas, the
 * lock, the schema) and the statements the store runs on it. The store
 * (sqlite.ts) decides when they run; this file knows nothing of journals.
 */
import Database from 'better-sqlite3';
import { parseRoom } from '../../shared/protocol';
import type { ChangedDocs } from './changes';
import { nextChange } from './changes';
import type { StoredUpdate } from './types';

/**
 * 1: a rowid table; 2: the same columns WITHOUT ROWID (one b-tree per append instead of two);
 * 3: `doc_changes`, each doc's last change number, indexed by workspace and number ([R40]).
 */
const SCHEMA_VERSION = 3;
/** How long opening waits for another process that holds the file (a relay still shutting down). */
const OPEN_WAIT_MS = 2_000;

/** Records committed in one transaction: parallel arrays, no object per record. */
export interface CommitBatch {
  rooms: string[];
  seqs: number[];
  data: Uint8Array[];
  /** The change number each record stamps its doc with; 0 for a room that is not `<workspace>/<doc>` ([R40]). */
  changes: number[];
}

export interface UpdatesDb {
  readonly db: Database.Database;
  selectRoom(room: string): StoredUpdate[];
  maxSeq(room: string): number;
  /** [R40] Docs of the workspace stamped after `cursor`, by number, and the cursor to ask with next. */
  changedSince(workspaceId: string, cursor: number, limit: number): ChangedDocs;
  /** The workspace's highest change number, 0 if none. */
  maxChange(workspaceId: string): number;
  /** The doc's change number, 0 if it has none. */
  docChange(workspaceId: string, docId: string): number;
  commit(batch: CommitBatch): void;
  /** Replaces the room's rows up to uptoSeq by the merged one, in one transaction, and frees the pages. */
  compact(room: string, merged: Uint8Array, uptoSeq: number): void;
  close(): void;
}

/**
 * Opens (creating if need be) the file in exclusive locking mode: a second relay
 * on the same file fails here with SQLITE_BUSY, not mid-write.
 *
 * Durability settings: WAL, and no fsync from SQLite itself (synchronous=OFF,
 * no automatic checkpoints): the store checkpoints on its own schedule and
 * makes the fsyncs SQLite would make at synchronous=NORMAL off the event loop
 * (checkpoint.ts). Closing switches back to NORMAL, so the checkpoint that
 * closing makes syncs as SQLite's own does.
 */
export function openUpdatesDb(path: string): UpdatesDb {
  const db = new Database(path, { timeout: OPEN_WAIT_MS });
  try {
    // Before the first access: in WAL mode that means no shared-memory index at all.
    db.pragma('locking_mode = EXCLUSIVE');
    // Compaction frees pages; incremental auto-vacuum lets them go back to the file
    // system instead of the file keeping its high-water mark. It can only be
    // chosen before the first table exists.
    if (db.pragma('user_version', { simple: true }) === 0) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma('wal_autocheckpoint = 0');
    // The store appends at the end of the b-tree and reads a room's rows once per load: a
    // page cache of 512 KiB (SQLite's default is 2 MiB, kept in this process's RSS) is plenty,
    // and the kernel's page cache still holds the file ([R29]).
    db.pragma('cache_size = -512');
    // Takes the write lock now, and keeps it until close: another relay fails here,
    // not mid-write, and never touches the journal, which only the lock holder opens.
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    migrate(db);
  } catch (error) {
    try {
      db.close();
    } catch {
      // Closing a half-opened file changes nothing about the error reported.
    }
    throw error;
  }
  const selectRoom = db.prepare<[string], StoredUpdate>('SELECT seq, data FROM updates WHERE room = ? ORDER BY seq');
  const selectMaxSeq = db.prepare<[string], number | null>('SELECT MAX(seq) FROM updates WHERE room = ?').pluck();
  const insertRow = db.prepare<[string, number, Uint8Array]>('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
  const deleteUpTo = db.prepare<[string, number]>('DELETE FROM updates WHERE room = ? AND seq <= ?');
  const selectChanged = db.prepare<[string, number, number], { doc: string; change: number }>(
    'SELECT doc, change FROM doc_changes WHERE workspace = ? AND change > ? ORDER BY change LIMIT ?',
  );
  const selectMaxChange = db.prepare<[string], number | null>('SELECT MAX(change) FROM doc_changes WHERE workspace = ?').pluck();
  const selectDocChange = db.prepare<[string, string], number>('SELECT change FROM doc_changes WHERE workspace = ? AND doc = ?').pluck();
  const stamp = db.prepare<[string, string, number]>(
    'INSERT INTO doc_changes (workspace, doc, change) VALUES (?, ?, ?) ON CONFLICT (workspace, doc) DO UPDATE SET change = max(change, excluded.change)',
  );
  const commit = db.transaction((batch: CommitBatch) => {
    for (let i = 0; i < batch.rooms.length; i++) {
      const room = batch.rooms[i]!;
      insertRow.run(room, batch.seqs[i]!, batch.data[i]!);
      // [R40] The stamp commits with its update: a batch is one transaction.
      const change = batch.changes[i]!;
      const parsed = change > 0 ? parseRoom(room) : null;
      if (parsed) stamp.run(parsed.workspaceId, parsed.docId, change);
    }
  });
  const compact = db.transaction((room: string, merged: Uint8Array, uptoSeq: number) => {
    deleteUpTo.run(room, uptoSeq);
    // The merged row keeps seq = uptoSeq so rows appended later still sort after it.
    insertRow.run(room, uptoSeq, merged);
  });
  return {
    db,
    // Plain Uint8Arrays over the Buffers' own memory, as every store hands out (no copy).
    selectRoom: (room) => selectRoom.all(room).map(({ seq, data }) => ({ seq, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) })),
    maxSeq: (room) => selectMaxSeq.get(room) ?? 0,
    changedSince(workspaceId, cursor, limit) {
      const rows = selectChanged.all(workspaceId, cursor, limit);
      // Cut at the limit: the caller asks again from the last listed number. Else it is caught up to the latest.
      const next = rows.length === limit ? rows.at(-1)!.change : Math.max(cursor, selectMaxChange.get(workspaceId) ?? 0);
      return { cursor: next, docIds: rows.map((row) => row.doc) };
    },
    maxChange: (workspaceId) => selectMaxChange.get(workspaceId) ?? 0,
    docChange: (workspaceId, docId) => selectDocChange.get(workspaceId, docId) ?? 0,
    commit: (batch) => commit(batch),
    compact(room, merged, uptoSeq) {
      compact(room, merged, uptoSeq);
      db.pragma('incremental_vacuum');
    },
    close() {
      db.pragma('synchronous = NORMAL');
      db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= SCHEMA_VERSION) return;
  db.transaction(() => {
    if (version < 2) migrateToWithoutRowid(db, version);
    if (version < 3) addDocChanges(db);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

function migrateToWithoutRowid(db: Database.Database, version: number): void {
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
}

/**
 * [R40] Each doc's last change number. Docs stored before there were numbers get one
 * each now, all different (a page of catch-up is cut between two numbers, so two docs
 * sharing one could be skipped), so a new device's CATCHUP from 0 lists them too.
 */
function addDocChanges(db: Database.Database): void {
  db.exec(`
    CREATE TABLE doc_changes (
      workspace TEXT NOT NULL,
      doc TEXT NOT NULL,
      change INTEGER NOT NULL,
      PRIMARY KEY (workspace, doc)
    ) WITHOUT ROWID;
    CREATE INDEX doc_changes_by_change ON doc_changes (workspace, change);
  `);
  const insert = db.prepare('INSERT INTO doc_changes (workspace, doc, change) VALUES (?, ?, ?)');
  const last = new Map<string, number>();
  for (const room of db.prepare<[], string>('SELECT DISTINCT room FROM updates').pluck().all()) {
    const parsed = parseRoom(room);
    if (!parsed) continue;
    const change = nextChange(last.get(parsed.workspaceId) ?? 0);
    last.set(parsed.workspaceId, change);
    insert.run(parsed.workspaceId, parsed.docId, change);
  }
}
