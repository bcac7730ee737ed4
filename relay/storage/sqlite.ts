import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseRoom } from '../../shared/protocol';
import type { ChangedDocs, ChangeListener, ChangeLog, ChangeStamp } from './changes';
import { nextChange } from './changes';
import { WalCheckpointer } from './checkpoint';
import type { JournalContents } from './journal';
import { Journal } from './journal';
import type { CommitBatch, UpdatesDb } from './sqlite-db';
import { openUpdatesDb } from './sqlite-db';
import type { DocStore, StoredUpdate } from './types';

export const SQLITE_FILE_NAME = 'relay.sqlite';
export const JOURNAL_FILE_NAME = 'relay.journal';
/** The journal moves here once it is long, and is deleted once SQLite holds all of it. */
export const ROTATED_JOURNAL_FILE_NAME = 'relay.journal.old';
/**
 * How long journaled records wait before they go to SQLite. A batch every 250 ms
 * touches each busy room's page once instead of once per update.
 */
const FLUSH_INTERVAL_MS = 250;
/** Records journaled but not yet committed, past which an append has them committed at once. */
const MAX_PENDING_RECORDS = 2_000;
/** The journal is rotated once it is this long (and deleted once its records are all in SQLite). */
const MAX_JOURNAL_BYTES = 4 * 2 ** 20;
/** WAL length that starts a checkpoint: each copies about this much on the event loop ([R6]). */
const CHECKPOINT_WAL_BYTES = 2 ** 20;
/** How soon a failed commit is tried again (the records wait in the journal meanwhile). */
const RETRY_MS = 1_000;
/** How often held writes (a test's hold) are looked at again. */
const HOLD_POLL_MS = 10;

export interface SqliteStoreOptions {
  /**
   * A commit, compaction or checkpoint failed. Nothing is lost: the records stay
   * in the journal and are retried, and the next append fails if SQLite still
   * refuses them ([R12]).
   */
  onBackgroundError?(what: 'commit' | 'compact' | 'checkpoint', error: Error): void;
  /** Journal length that makes it rotate (tests use a small one). */
  maxJournalBytes?: number;
  /**
   * Tests only: while it returns true, commits and compactions, and the loads
   * queued behind them, wait (looked at again every 10 ms), as behind a disk
   * that stalls. A flush, close or blocking read does not wait.
   */
  holdWrites?(): boolean;
}

/** What SQLite is asked to do, in the order it was asked: a load sees every commit and compaction before it. */
type Task =
  | { kind: 'commit'; batch: CommitBatch }
  | { kind: 'compact'; room: string; merged: Uint8Array; uptoSeq: number }
  | { kind: 'dropJournal'; path: string }
  | { kind: 'load'; room: string; resolve(rows: StoredUpdate[]): void; reject(error: Error): void }
  | { kind: 'changes'; workspaceId: string; cursor: number; limit: number; resolve(changes: ChangedDocs): void; reject(error: Error): void };

const emptyBatch = (): CommitBatch => ({ rooms: [], seqs: [], data: [], changes: [] });

/**
 * DocStore on one SQLite file, `<dataDir>/relay.sqlite`, with a journal in
 * front of it, `<dataDir>/relay.journal`.
 *
 * Durability: an update is appended to the journal with one `write()` before
 * `appendUpdate` returns, so a crashed or `kill -9`ed relay loses nothing it
 * confirmed or forwarded ([R2], [R19]): the kernel holds it. SQLite gets the
 * journal's records in one transaction every 250 ms, which costs about a
 * millisecond and never an fsync: SQLite runs WAL at synchronous=OFF, and its
 * checkpoints make the fsyncs of synchronous=NORMAL on libuv's thread pool
 * (checkpoint.ts), holding commits meanwhile. So neither commits nor fsyncs
 * stall the event loop that forwards keystrokes, and no thread with a V8
 * isolate of its own (~10 MB) sits beside it ([R29]). Work for SQLite runs in
 * the order it was asked for, so a room load, or a room's last seq, sees every
 * update appended before it. The relay loads rooms with `loadUpdatesAsync`,
 * answered from a later turn of the event loop, behind the commits asked for
 * before it ([R5]). A journal that has grown is rotated to `relay.journal.old`,
 * deleted once everything in it is committed. On open, whatever the journals
 * hold that SQLite lacks is committed first, so a restart after a crash serves
 * everything. Neither file is fsynced per update, so only an OS crash or power
 * loss can drop the last updates, and those are not lost for users either:
 * clients keep their edits locally and the relay's state vector, sent after a
 * restart, tells them to send those edits again ([R3]).
 *
 * The file is opened in exclusive locking mode (one relay owns its data dir: a
 * second relay pointed at it is refused with a clear error) and the table is
 * WITHOUT ROWID, so a row lives in one b-tree.
 */
export class SqliteDocStore implements DocStore, ChangeLog {
  readonly path: string;
  /** What opening found in the journals: records committed to SQLite now, and bytes of torn tails. */
  readonly recovery: { records: number; droppedBytes: number };
  private readonly journalPath: string;
  private readonly rotatedPath: string;
  private journal: Journal;
  private readonly db: UpdatesDb;
  private readonly checkpointer: WalCheckpointer;
  private readonly maxJournalBytes: number;
  /** The last seq handed out per room that has been loaded or appended to since. */
  private readonly lastSeq = new Map<string, number>();
  /**
   * [R40] The last change number handed out per workspace. Never forgotten (a number
   * per workspace): a workspace whose number is not here has no record waiting for
   * SQLite, so SQLite's highest is its last.
   */
  private readonly lastChange = new Map<string, number>();
  /** Rooms with a record not yet committed to SQLite, and the change number it stamps. */
  private readonly uncommitted = new Map<string, number>();
  private changeListener: ChangeListener = () => {};
  /** Journaled, not yet queued for SQLite. */
  private pending: CommitBatch = emptyBatch();
  private readonly tasks: Task[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private runScheduled = false;
  /** A background commit failed: the next append waits for SQLite, and fails if it still refuses. */
  private failure: Error | null = null;
  private closed = false;

  constructor(
    dataDir: string,
    private readonly options: SqliteStoreOptions = {},
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, SQLITE_FILE_NAME);
    this.journalPath = join(dataDir, JOURNAL_FILE_NAME);
    this.rotatedPath = join(dataDir, ROTATED_JOURNAL_FILE_NAME);
    this.maxJournalBytes = options.maxJournalBytes ?? MAX_JOURNAL_BYTES;
    try {
      this.db = openUpdatesDb(this.path);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`${this.path} is in use by another relay process`, { cause: error });
      throw error;
    }
    this.checkpointer = new WalCheckpointer(this.db.db, this.path, CHECKPOINT_WAL_BYTES, (error) => this.onCheckpointSettled(error));

    // Only the holder of SQLite's lock gets here and opens the journals.
    try {
      this.journal = new Journal(this.journalPath);
      this.recovery = this.recover();
    } catch (error) {
      // Lets go of the file: the journals stay as they are for the next start.
      this.db.close();
      throw error;
    }
  }

  /** Commits what the journals hold that SQLite lacks, then empties them. */
  private recover(): { records: number; droppedBytes: number } {
    let older: JournalContents = { records: [], droppedBytes: 0 };
    if (existsSync(this.rotatedPath)) {
      const rotated = new Journal(this.rotatedPath);
      older = rotated.read();
      rotated.close();
    }
    const current = this.journal.read();
    const records = older.records.concat(current.records);
    // Per room, rows reach SQLite in seq order, and a compaction keeps the seq it
    // merged up to: a record at or below the room's highest stored seq is in SQLite
    // already (or merged into a compacted row), one above it is not.
    const maxStored = new Map<string, number>();
    for (const { room } of records) if (!maxStored.has(room)) maxStored.set(room, this.db.maxSeq(room));
    const missing = records.filter((record) => record.seq > maxStored.get(record.room)!);
    // [R40] A record keeps the change number it was journaled with; one from before there were numbers gets a new one.
    for (const record of missing) this.enqueue(record.room, record.seq, record.data, record.change ?? this.assignChange(record.room));
    this.flush();
    this.journal.clear();
    rmSync(this.rotatedPath, { force: true });
    return { records: missing.length, droppedBytes: older.droppedBytes + current.droppedBytes };
  }

  loadUpdates(room: string): StoredUpdate[] {
    this.flush();
    const rows = this.db.selectRoom(room);
    this.lastSeq.set(room, rows.at(-1)?.seq ?? 0);
    return rows;
  }

  /**
   * The same rows as loadUpdates, answered from a later turn of the event loop,
   * behind the commits and compactions asked for before: the rows hold every
   * update appended before this call.
   */
  loadUpdatesAsync(room: string): Promise<StoredUpdate[]> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    try {
      this.queuePending();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<StoredUpdate[]>((resolve, reject) => {
      this.tasks.push({ kind: 'load', room, resolve, reject });
      this.scheduleRun();
    });
  }

  appendUpdate(room: string, update: Uint8Array): number {
    if (this.closed) throw new Error('the store is closed');
    if (this.failure) this.flush();
    let last = this.lastSeq.get(room);
    if (last === undefined) {
      this.flush();
      last = this.db.maxSeq(room);
    }
    const seq = last + 1;
    const change = this.assignChange(room);
    // Durable from here on, with its change number ([R2], [R40]); SQLite gets it with the next batch.
    const data = this.journal.append(change > 0 ? { room, seq, data: update, change } : { room, seq, data: update });
    this.lastSeq.set(room, seq);
    this.enqueue(room, seq, data, change);
    if (this.pending.rooms.length >= MAX_PENDING_RECORDS) {
      this.queuePending();
      this.scheduleRun();
    } else if (this.flushTimer === null) {
      this.flushTimer = setTimeout(() => this.commitLater(), FLUSH_INTERVAL_MS);
      // Nothing is lost if the process exits first: it is in the journal.
      this.flushTimer.unref();
    }
    const parsed = change > 0 ? parseRoom(room) : null;
    if (parsed) this.changeListener(parsed.workspaceId, parsed.docId);
    return seq;
  }

  /**
   * [R40] The next change number of the room's workspace, noted as the room's
   * uncommitted stamp; 0 (no stamp) for a room that is not `<workspace>/<doc>`.
   */
  private assignChange(room: string): number {
    const parsed = parseRoom(room);
    if (!parsed) return 0;
    const change = nextChange(this.lastChange.get(parsed.workspaceId) ?? this.db.maxChange(parsed.workspaceId));
    this.lastChange.set(parsed.workspaceId, change);
    this.uncommitted.set(room, change);
    return change;
  }

  /** [R41] Answered behind the commits asked for before: every append before this call is counted. */
  changedSince(workspaceId: string, cursor: number, limit: number): Promise<ChangedDocs> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    try {
      this.queuePending();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<ChangedDocs>((resolve, reject) => {
      this.tasks.push({ kind: 'changes', workspaceId, cursor, limit, resolve, reject });
      this.scheduleRun();
    });
  }

  /** [R39] Synchronous: what waits for SQLite is known here, the rest is one indexed read. */
  changeStamp(room: string): ChangeStamp {
    const parsed = parseRoom(room);
    if (!parsed) return { doc: 0, workspace: 0 };
    const { workspaceId, docId } = parsed;
    return {
      doc: this.uncommitted.get(room) ?? this.db.docChange(workspaceId, docId),
      workspace: this.lastChange.get(workspaceId) ?? this.db.maxChange(workspaceId),
    };
  }

  onChange(listener: ChangeListener): void {
    this.changeListener = listener;
  }

  /**
   * Queued behind the appends before it and committed in one transaction: a
   * crash leaves either the old rows or the merged one, and any read after this
   * call sees the merged one.
   */
  compact(room: string, mergedUpdate: Uint8Array, uptoSeq: number): void {
    this.queuePending();
    this.tasks.push({ kind: 'compact', room, merged: mergedUpdate, uptoSeq });
    this.scheduleRun();
  }

  /** The room is no longer loaded: its seq is read from SQLite again if it comes back. */
  release(room: string): void {
    this.lastSeq.delete(room);
  }

  /** Commits every update appended so far, now, blocking. Throws if SQLite refuses them. */
  flush(): void {
    if (this.closed) throw new Error('the store is closed');
    this.queuePending();
    this.runTasks(true);
    this.failure = null;
    // Everything is in SQLite and the rotated journal is gone: emptying this one is safe.
    if (this.journal.bytes > this.maxJournalBytes) this.journal.clear();
  }

  close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } catch (error) {
      // The records stay in the journal; the next open commits them.
      this.shutDown(error as Error);
      throw error;
    }
    this.shutDown(null);
    // Everything is in SQLite: a clean close leaves no journal behind.
    rmSync(this.journalPath, { force: true });
    rmSync(this.rotatedPath, { force: true });
  }

  private shutDown(failure: Error | null): void {
    this.closed = true;
    for (const timer of [this.flushTimer, this.retryTimer]) if (timer) clearTimeout(timer);
    for (const task of this.tasks.splice(0)) if (task.kind === 'load' || task.kind === 'changes') task.reject(failure ?? new Error('the store is closed'));
    try {
      // A checkpoint half done would leave copied pages unsynced when closing deletes the WAL.
      this.checkpointer.finishNow();
    } finally {
      this.closeFiles();
    }
  }

  private closeFiles(): void {
    try {
      this.db.close();
    } finally {
      this.journal.close();
    }
  }

  private enqueue(room: string, seq: number, data: Uint8Array, change: number): void {
    this.pending.rooms.push(room);
    this.pending.seqs.push(seq);
    this.pending.data.push(data);
    this.pending.changes.push(change);
  }

  /** Queues what is pending as one commit, then rotates a long journal. */
  private queuePending(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.rooms.length === 0) return;
    this.tasks.push({ kind: 'commit', batch: this.pending });
    this.pending = emptyBatch();
    if (this.journal.bytes > this.maxJournalBytes) this.rotate();
  }

  /**
   * Every record in the journal is queued for SQLite: it becomes the rotated
   * journal, deleted once they are committed. While an earlier one is still
   * there (SQLite is behind or failing), the journal just keeps growing.
   */
  private rotate(): void {
    if (existsSync(this.rotatedPath)) return;
    this.journal.close();
    let moved = false;
    try {
      renameSync(this.journalPath, this.rotatedPath);
      moved = true;
    } catch (error) {
      // Nothing is lost: the journal stays where it is and keeps growing until a flush empties it.
      this.options.onBackgroundError?.('commit', new Error('could not rotate the journal', { cause: error }));
    }
    // A new, empty journal, or the same one if it could not be moved.
    this.journal = new Journal(this.journalPath);
    if (moved) this.tasks.push({ kind: 'dropJournal', path: this.rotatedPath });
  }

  private commitLater(): void {
    this.flushTimer = null;
    try {
      this.queuePending();
    } catch (error) {
      // Still in the journal; the next append waits for SQLite and reports what is wrong.
      this.failure = error as Error;
      this.options.onBackgroundError?.('commit', this.failure);
    }
    this.runTasks(false);
  }

  /** Runs the tasks from a later turn of the event loop (never inside the call that queued them). */
  private scheduleRun(): void {
    if (this.runScheduled) return;
    this.runScheduled = true;
    setImmediate(() => {
      this.runScheduled = false;
      if (!this.closed) this.runTasks(false);
    });
  }

  /**
   * Runs the queued tasks in order. In the background (`now` false) it stops
   * while a checkpoint is under way or a test holds writes, and at a failed
   * commit, which stays first and is retried; `now` finishes a checkpoint under
   * way with blocking fsyncs and throws at a failed commit.
   */
  private runTasks(now: boolean): void {
    if (now) this.checkpointer.finishNow();
    while (this.tasks.length > 0) {
      if (!now && this.checkpointer.busy) return;
      if (!now && this.options.holdWrites?.()) {
        setTimeout(() => this.scheduleRun(), HOLD_POLL_MS);
        return;
      }
      const task = this.tasks[0]!;
      try {
        this.runTask(task);
      } catch (error) {
        if (task.kind !== 'commit') {
          this.tasks.shift();
          this.options.onBackgroundError?.(task.kind === 'compact' ? 'compact' : 'commit', error as Error);
          continue;
        }
        this.failure = error as Error;
        if (now) throw error;
        this.options.onBackgroundError?.('commit', this.failure);
        this.rejectLoads(this.failure);
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = null;
          this.scheduleRun();
        }, RETRY_MS).unref();
        return;
      }
      this.tasks.shift();
      if (!now && task.kind === 'commit' && this.checkpointer.due()) this.checkpointer.start();
    }
  }

  private runTask(task: Task): void {
    switch (task.kind) {
      case 'commit':
        this.db.commit(task.batch);
        // SQLite holds these stamps now; a later record of the same room keeps its own.
        task.batch.rooms.forEach((room, i) => {
          if (this.uncommitted.get(room) === task.batch.changes[i]) this.uncommitted.delete(room);
        });
        return;
      case 'changes': {
        let changes: ChangedDocs;
        try {
          changes = this.db.changedSince(task.workspaceId, task.cursor, task.limit);
        } catch (error) {
          return task.reject(error as Error);
        }
        return task.resolve(changes);
      }
      case 'compact':
        return this.db.compact(task.room, task.merged, task.uptoSeq);
      case 'dropJournal':
        // Everything the rotated journal held is in SQLite now.
        return rmSync(task.path, { force: true });
      case 'load': {
        let rows: StoredUpdate[];
        try {
          rows = this.db.selectRoom(task.room);
        } catch (error) {
          return task.reject(error as Error);
        }
        // The room's seqs only grow: an append since (which read the last seq itself) knows at least as much.
        this.lastSeq.set(task.room, Math.max(this.lastSeq.get(task.room) ?? 0, rows.at(-1)?.seq ?? 0));
        return task.resolve(rows);
      }
    }
  }

  /** A commit failed: the loads behind it fail too, as a load of a room SQLite cannot serve ([R12]). */
  private rejectLoads(error: Error): void {
    for (let i = this.tasks.length - 1; i >= 0; i--) {
      const task = this.tasks[i]!;
      if (task.kind !== 'load' && task.kind !== 'changes') continue;
      this.tasks.splice(i, 1);
      task.reject(error);
    }
  }

  private onCheckpointSettled(error: Error | null): void {
    if (error) this.options.onBackgroundError?.('checkpoint', error);
    if (!this.closed) this.scheduleRun();
  }
}

export function openSqliteStore(dataDir: string, options?: SqliteStoreOptions): SqliteDocStore {
  return new SqliteDocStore(dataDir, options);
}
