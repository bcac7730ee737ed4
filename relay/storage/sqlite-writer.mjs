// @ts-check
/**
 * The SQLite side of the relay's store, on a thread of its own ([R20]).
 *
 * The relay's thread appends every update to the journal (that is what makes
 * it durable, [R2]) and hands the records here in batches; committing them,
 * checkpointing the WAL and fsyncing happen on this thread, so they never hold
 * up a keystroke on its way to other clients. Messages are handled strictly in
 * order, so a read asked for after a batch sees that batch. Reads come two
 * ways: a call the relay's thread blocks on (opening, recovery, a room's last
 * seq, close), answered on `replies`, and a room load it does not wait for,
 * answered on `parentPort` with the load's id ([R5]).
 *
 * Plain JavaScript: a worker's entry file is loaded by Node itself, without the
 * TypeScript loader the relay runs under. The protocol is typed in sqlite.ts.
 */
import { rmSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** 1: a rowid table; 2: the same columns WITHOUT ROWID (one b-tree per append instead of two). */
const SCHEMA_VERSION = 2;
/** How long opening waits for another process that holds the file (a relay still shutting down). */
const OPEN_WAIT_MS = 2_000;
/** The longest a test's commit gate holds a commit: a relay blocked on this thread still ends. */
const GATE_LIMIT_MS = 10_000;

/**
 * @typedef {import('./sqlite').CommitBatch} CommitBatch
 * @typedef {import('./sqlite').WriterRequest} Request
 * @typedef {import('./sqlite').WriterError} ErrorInfo
 */

/** @type {{ path: string, signal: Int32Array, replies: import('node:worker_threads').MessagePort, commitGate?: Int32Array }} */
const { path, signal, replies, commitGate } = workerData;

/** @type {Database.Database | null} */
let db = null;
/** @type {ReturnType<typeof prepare> | null} */
let sql = null;
/**
 * Why opening failed (or that the store is closed), answered to every request after it.
 * @type {ErrorInfo | null}
 */
let openError = null;
/**
 * Batches not committed yet: a failed commit is retried before anything else.
 * @type {CommitBatch[]}
 */
const queue = [];
/**
 * Rotated journal files to delete once everything before them is committed.
 * @type {string[]}
 */
const dropQueue = [];

try {
  db = new Database(path, { timeout: OPEN_WAIT_MS });
  // Before the first access: in WAL mode that means no shared-memory index at all.
  db.pragma('locking_mode = EXCLUSIVE');
  // Compaction frees pages; incremental auto-vacuum lets them go back to the file
  // system instead of the file keeping its high-water mark. It can only be
  // chosen before the first table exists.
  if (db.pragma('user_version', { simple: true }) === 0) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // After a checkpoint the WAL is truncated to this size instead of keeping its peak.
  db.pragma(`journal_size_limit = ${8 * 2 ** 20}`);
  // This thread appends at the end of the b-tree and reads a room's rows once per load: a
  // page cache of 512 KiB (SQLite's default is 2 MiB, kept in this process's RSS) is plenty,
  // and the kernel's page cache still holds the file ([R29]).
  db.pragma('cache_size = -512');
  // Takes the write lock now, and keeps it until close: another relay fails here,
  // not mid-write, and never touches the journal, which only the lock holder opens.
  db.exec('BEGIN EXCLUSIVE; COMMIT');
  migrate(db);
  sql = prepare(db);
} catch (error) {
  openError = describe(error);
  try {
    db?.close();
  } catch {
    // Closing a half-opened file changes nothing about the error reported.
  }
  db = null;
}

/** @param {Database.Database} db */
function prepare(db) {
  const selectRoom = db.prepare('SELECT seq, data FROM updates WHERE room = ? ORDER BY seq');
  const selectMaxSeq = db.prepare('SELECT MAX(seq) FROM updates WHERE room = ?').pluck();
  const insertRow = db.prepare('INSERT INTO updates (room, seq, data) VALUES (?, ?, ?)');
  const deleteUpTo = db.prepare('DELETE FROM updates WHERE room = ? AND seq <= ?');
  return {
    selectRoom,
    selectMaxSeq,
    commit: db.transaction((/** @type {CommitBatch} */ batch) => {
      for (let i = 0; i < batch.rooms.length; i++) {
        insertRow.run(batch.rooms[i], batch.seqs[i], batch.data.subarray(batch.offsets[i], batch.offsets[i + 1]));
      }
    }),
    compact: db.transaction((/** @type {string} */ room, /** @type {Uint8Array} */ merged, /** @type {number} */ uptoSeq) => {
      deleteUpTo.run(room, uptoSeq);
      // The merged row keeps seq = uptoSeq so rows appended later still sort after it.
      insertRow.run(room, uptoSeq, merged);
    }),
  };
}

/** @param {Database.Database} db */
function migrate(db) {
  const version = /** @type {number} */ (db.pragma('user_version', { simple: true }));
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

/**
 * @param {unknown} error
 * @returns {ErrorInfo}
 */
function describe(error) {
  const { message, code } = /** @type {{ message?: string, code?: string }} */ (error ?? {});
  return { message: message ?? String(error), code };
}

/** Commits what waits, oldest first; stops at the first failure (it stays queued). */
function drain() {
  if (!sql) throw new Error(openError?.message ?? 'the store is closed');
  for (let batch = queue[0]; batch; batch = queue[0]) {
    // Tests hold commits here to make this thread slow; 0 means shut.
    if (commitGate) Atomics.wait(commitGate, 0, 0, GATE_LIMIT_MS);
    sql.commit(batch);
    queue.shift();
  }
  // Everything a rotated journal held is in SQLite now.
  for (let path = dropQueue[0]; path; path = dropQueue[0]) {
    rmSync(path, { force: true });
    dropQueue.shift();
  }
}

/**
 * Answers the relay's thread, which waits for it.
 * @param {unknown} message
 */
function reply(message) {
  replies.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/**
 * A failure nobody waits for: the relay's thread hears it and reports it on the next append.
 * @param {'commit' | 'compact'} what
 * @param {unknown} error
 */
function report(what, error) {
  parentPort?.postMessage({ type: 'failed', what, error: describe(error) });
}

parentPort?.on('message', (message) => {
  switch (message.type) {
    case 'commit':
    case 'dropJournal':
      if (message.type === 'commit') queue.push(message);
      else dropQueue.push(message.path);
      try {
        drain();
      } catch (error) {
        report('commit', error);
      }
      return;
    case 'compact':
      try {
        drain();
        sql?.compact(message.room, message.merged, message.uptoSeq);
        db?.pragma('incremental_vacuum');
      } catch (error) {
        report('compact', error);
      }
      return;
    case 'call':
      try {
        reply({ ok: true, value: call(message.request) });
      } catch (error) {
        reply({ ok: false, error: describe(error) });
      }
      return;
    case 'load':
      // Like the blocking load: everything sent before it is committed first, so it sees every earlier append.
      try {
        if (openError) throw Object.assign(new Error(openError.message), { code: openError.code });
        drain();
        parentPort?.postMessage({ type: 'loaded', id: message.id, ok: true, value: sql?.selectRoom.all(message.room) ?? [] });
      } catch (error) {
        parentPort?.postMessage({ type: 'loaded', id: message.id, ok: false, error: describe(error) });
      }
      return;
  }
});

/**
 * Requests the relay's thread waits for; each one first commits what was sent before it.
 * @param {Request} request
 */
function call(request) {
  if (openError) throw Object.assign(new Error(openError.message), { code: openError.code });
  if (request.op === 'close') {
    try {
      drain();
    } finally {
      // Closed even when the last commit failed: those records stay in the journal.
      db?.close();
      db = null;
      sql = null;
      openError = { message: 'the store is closed', code: undefined };
      // Nothing else arrives: let the thread end.
      setImmediate(() => parentPort?.close());
    }
    return null;
  }
  drain();
  switch (request.op) {
    case 'flush':
      return null;
    case 'maxSeqs':
      return request.rooms.map((/** @type {string} */ room) => sql?.selectMaxSeq.get(room) ?? 0);
    case 'load':
      // Each row's blob has a buffer of its own, so the message copies each row once and nothing more.
      return sql?.selectRoom.all(request.room) ?? [];
    default:
      throw new Error(`unknown request ${JSON.stringify(request)}`);
  }
}
