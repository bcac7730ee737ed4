import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { JournalContents } from './journal';
import { Journal } from './journal';
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
/** Records journaled but not yet handed to SQLite, past which an append hands them over at once. */
const MAX_PENDING_RECORDS = 2_000;
/** The journal is rotated once it is this long (and deleted once its records are all in SQLite). */
const MAX_JOURNAL_BYTES = 4 * 2 ** 20;
/** How long a read waits for the SQLite thread before it reports it stuck. */
const CALL_TIMEOUT_MS = 30_000;

export interface SqliteStoreOptions {
  /**
   * A commit or compaction on the SQLite thread failed. Nothing is lost: the
   * records stay in the journal and are retried, and the next append fails if
   * SQLite still refuses them ([R12]).
   */
  onBackgroundError?(what: 'commit' | 'compact' | 'writer', error: Error): void;
  /** Journal length that makes it rotate (tests use a small one). */
  maxJournalBytes?: number;
  /**
   * Tests only: while element 0 is 0, the SQLite thread holds each commit (for
   * at most 10 s), which makes it as slow as a disk that stalls.
   */
  commitGate?: Int32Array;
}

/** Records handed to the SQLite thread in one message: one buffer, no object per record. */
interface Pending {
  rooms: string[];
  seqs: number[];
  data: Uint8Array[];
}

/** The protocol with sqlite-writer.mjs, which names these types in its JSDoc. */
export type WriterRequest = { op: 'flush' } | { op: 'close' } | { op: 'maxSeqs'; rooms: string[] } | { op: 'load'; room: string };
export interface WriterError {
  message: string;
  code?: string;
}
export interface CommitBatch {
  rooms: string[];
  seqs: Float64Array;
  offsets: Uint32Array;
  data: Uint8Array;
}
type Reply = { ok: true; value: unknown } | { ok: false; error: WriterError };
type WriterNotice = { type: 'failed'; what: 'commit' | 'compact'; error: WriterError } | ({ type: 'loaded'; id: number } & Reply);
interface PendingLoad {
  room: string;
  resolve(rows: StoredUpdate[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const emptyPending = (): Pending => ({ rooms: [], seqs: [], data: [] });

/**
 * DocStore on one SQLite file, `<dataDir>/relay.sqlite`, with a journal in
 * front of it, `<dataDir>/relay.journal`.
 *
 * Durability: an update is appended to the journal with one `write()` before
 * `appendUpdate` returns, so a crashed or `kill -9`ed relay loses nothing it
 * confirmed or forwarded ([R2], [R19]): the kernel holds it. SQLite gets the
 * journal's records in batches, every 250 ms, and on a thread of its own
 * (sqlite-writer.mjs): its commits, WAL checkpoints and fsyncs never hold up
 * the relay's event loop, where they cost a few milliseconds now and then on
 * the path of whatever keystroke arrived meanwhile. The thread handles
 * messages in order, so a read (room load, a room's last seq) sees every
 * update appended before it. The relay loads rooms with `loadUpdatesAsync`,
 * which it does not wait for: a load queued behind seconds of commits leaves
 * the event loop serving the other rooms meanwhile ([R5]). A journal that has grown is rotated to
 * `relay.journal.old`, which the SQLite thread deletes once it has committed
 * everything in it. On open, whatever the journals hold that SQLite lacks is
 * committed first, so a restart after a crash serves everything. SQLite runs
 * WAL with synchronous=NORMAL; neither file is fsynced per update, so only an
 * OS crash or power loss can drop the last updates, and those are not lost
 * for users either: clients keep their edits locally and the relay's state
 * vector, sent after a restart, tells them to send those edits again ([R3]).
 *
 * The file is opened in exclusive locking mode (one relay owns its data dir: a
 * second relay pointed at it is refused with a clear error) and the table is
 * WITHOUT ROWID, so a row lives in one b-tree.
 */
export class SqliteDocStore implements DocStore {
  readonly path: string;
  /** What opening found in the journals: records committed to SQLite now, and bytes of torn tails. */
  readonly recovery: { records: number; droppedBytes: number };
  private readonly journalPath: string;
  private readonly rotatedPath: string;
  private journal: Journal;
  private readonly worker: Worker;
  /** Set by the SQLite thread when a reply waits on `replies`. */
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly replies: MessagePort;
  private readonly maxJournalBytes: number;
  /** The last seq handed out per room that has been loaded or appended to since. */
  private readonly lastSeq = new Map<string, number>();
  /** Journaled, not yet handed to the SQLite thread. */
  private pending: Pending = emptyPending();
  private flushTimer: NodeJS.Timeout | null = null;
  /** A background commit failed: the next append waits for SQLite, and fails if it still refuses. */
  private failure: Error | null = null;
  private writerGone: Error | null = null;
  private closed = false;
  /** Loads asked for with loadUpdatesAsync, by id, until the SQLite thread answers. */
  private readonly loads = new Map<number, PendingLoad>();
  private nextLoadId = 1;

  constructor(
    dataDir: string,
    private readonly options: SqliteStoreOptions = {},
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, SQLITE_FILE_NAME);
    this.journalPath = join(dataDir, JOURNAL_FILE_NAME);
    this.rotatedPath = join(dataDir, ROTATED_JOURNAL_FILE_NAME);
    this.maxJournalBytes = options.maxJournalBytes ?? MAX_JOURNAL_BYTES;

    const channel = new MessageChannel();
    this.replies = channel.port1;
    this.worker = new Worker(new URL('./sqlite-writer.mjs', import.meta.url), {
      workerData: { path: this.path, signal: this.signal, replies: channel.port2, commitGate: options.commitGate },
      transferList: [channel.port2],
    });
    // The relay's own lifetime decides when the process ends; close() ends the thread.
    this.worker.unref();
    this.worker.on('message', (notice: WriterNotice) => this.onNotice(notice));
    this.worker.on('error', (error) => {
      this.writerGone = new Error('the SQLite thread failed', { cause: error });
      this.options.onBackgroundError?.('writer', this.writerGone);
    });
    this.worker.on('exit', () => {
      this.writerGone ??= new Error('the SQLite thread has stopped');
      for (const id of [...this.loads.keys()]) this.settleLoad(id)?.reject(this.writerGone);
    });
    try {
      // Opening happens on the thread; this waits for it and reports why it failed.
      this.call({ op: 'flush' });
    } catch (error) {
      void this.worker.terminate();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`${this.path} is in use by another relay process`, { cause: error });
      throw error;
    }

    // Only the holder of SQLite's lock gets here and opens the journals.
    try {
      this.journal = new Journal(this.journalPath);
      this.recovery = this.recover();
    } catch (error) {
      // Lets go of the file: the journals stay as they are for the next start.
      void this.worker.terminate();
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
    const rooms = [...new Set(records.map((record) => record.room))];
    const stored = rooms.length > 0 ? (this.call({ op: 'maxSeqs', rooms }) as number[]) : [];
    const maxStored = new Map(rooms.map((room, i) => [room, stored[i] ?? 0]));
    const missing = records.filter((record) => record.seq > maxStored.get(record.room)!);
    for (const record of missing) this.enqueue(record.room, record.seq, record.data);
    this.flush();
    this.journal.clear();
    rmSync(this.rotatedPath, { force: true });
    return { records: missing.length, droppedBytes: older.droppedBytes + current.droppedBytes };
  }

  loadUpdates(room: string): StoredUpdate[] {
    this.handOver();
    // Copied row by row on the way over: Yjs may keep views of an update's bytes for as long as the room lives.
    const rows = this.call({ op: 'load', room }) as StoredUpdate[];
    this.lastSeq.set(room, rows.at(-1)?.seq ?? 0);
    return rows;
  }

  /**
   * The same rows as loadUpdates, without blocking: the SQLite thread answers
   * once it has committed everything handed to it before, so the rows hold every
   * update appended before this call, while the event loop goes on meanwhile.
   */
  loadUpdatesAsync(room: string): Promise<StoredUpdate[]> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    if (this.writerGone) return Promise.reject(this.writerGone);
    try {
      this.handOver();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const id = this.nextLoadId++;
    return new Promise<StoredUpdate[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settleLoad(id)?.reject(new Error(`the SQLite thread did not answer "load" within ${CALL_TIMEOUT_MS / 1000} s`));
      }, CALL_TIMEOUT_MS);
      timer.unref();
      this.loads.set(id, { room, resolve, reject, timer });
      // An answer still owed keeps the process alive; otherwise the relay's lifetime decides.
      if (this.loads.size === 1) this.worker.ref();
      this.worker.postMessage({ type: 'load', id, room });
    });
  }

  appendUpdate(room: string, update: Uint8Array): number {
    if (this.closed) throw new Error('the store is closed');
    if (this.failure || this.writerGone) this.flush();
    let last = this.lastSeq.get(room);
    if (last === undefined) {
      this.handOver();
      [last = 0] = this.call({ op: 'maxSeqs', rooms: [room] }) as number[];
    }
    const seq = last + 1;
    // Durable from here on ([R2]); SQLite gets it with the next batch.
    const data = this.journal.append({ room, seq, data: update });
    this.lastSeq.set(room, seq);
    this.enqueue(room, seq, data);
    if (this.pending.rooms.length >= MAX_PENDING_RECORDS) this.handOver();
    else if (this.flushTimer === null) {
      this.flushTimer = setTimeout(() => this.handOverLater(), FLUSH_INTERVAL_MS);
      // Nothing is lost if the process exits first: it is in the journal.
      this.flushTimer.unref();
    }
    return seq;
  }

  /**
   * Queued behind the appends before it and committed in one transaction on the
   * SQLite thread: a crash leaves either the old rows or the merged one, and any
   * read after this call sees the merged one.
   */
  compact(room: string, mergedUpdate: Uint8Array, uptoSeq: number): void {
    this.handOver();
    this.worker.postMessage({ type: 'compact', room, merged: mergedUpdate, uptoSeq });
  }

  /** The room is no longer loaded: its seq is read from SQLite again if it comes back. */
  release(room: string): void {
    this.lastSeq.delete(room);
  }

  /** Waits until SQLite holds every update appended so far. Throws if SQLite refuses them. */
  flush(): void {
    this.handOver();
    this.call({ op: 'flush' });
    this.failure = null;
    // Everything is in SQLite and the rotated journal is gone: emptying this one is safe.
    if (this.journal.bytes > this.maxJournalBytes) this.journal.clear();
  }

  close(): void {
    if (this.closed) return;
    try {
      this.handOver();
      this.call({ op: 'close' });
    } catch (error) {
      // The records stay in the journal; the next open commits them.
      void this.worker.terminate();
      throw error;
    } finally {
      this.closed = true;
      this.journal.close();
    }
    // Everything is in SQLite: a clean close leaves no journal behind.
    rmSync(this.journalPath, { force: true });
    rmSync(this.rotatedPath, { force: true });
  }

  private enqueue(room: string, seq: number, data: Uint8Array): void {
    this.pending.rooms.push(room);
    this.pending.seqs.push(seq);
    this.pending.data.push(data);
  }

  /** Sends what is pending to the SQLite thread as one message, then rotates a long journal. */
  private handOver(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const { rooms, seqs, data } = this.pending;
    if (rooms.length === 0) return;
    this.pending = emptyPending();
    const offsets = new Uint32Array(rooms.length + 1);
    for (let i = 0; i < data.length; i++) offsets[i + 1] = offsets[i]! + data[i]!.length;
    const packed = new Uint8Array(offsets[rooms.length]!);
    for (let i = 0; i < data.length; i++) packed.set(data[i]!, offsets[i]);
    const seqArray = Float64Array.from(seqs);
    this.worker.postMessage({ type: 'commit', rooms, seqs: seqArray, offsets, data: packed }, [seqArray.buffer, offsets.buffer, packed.buffer]);
    if (this.journal.bytes > this.maxJournalBytes) this.rotate();
  }

  /**
   * Every record in the journal has been handed over: it becomes the rotated
   * journal, which the SQLite thread deletes after committing them. While an
   * earlier one is still there (SQLite is behind or failing), the journal just
   * keeps growing.
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
    if (moved) this.worker.postMessage({ type: 'dropJournal', path: this.rotatedPath });
  }

  private handOverLater(): void {
    this.flushTimer = null;
    try {
      this.handOver();
    } catch (error) {
      // Still in the journal; the next append waits for SQLite and reports what is wrong.
      this.failure = error as Error;
      this.options.onBackgroundError?.('commit', this.failure);
    }
  }

  private onNotice(notice: WriterNotice): void {
    if (notice.type === 'loaded') return this.onLoaded(notice);
    const error = Object.assign(new Error(`SQLite ${notice.what} failed: ${notice.error.message}`), { code: notice.error.code });
    if (notice.what === 'commit') this.failure = error;
    this.options.onBackgroundError?.(notice.what, error);
  }

  private onLoaded(answer: { id: number } & Reply): void {
    const load = this.settleLoad(answer.id);
    if (!load) return;
    if (!answer.ok) return load.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
    const rows = answer.value as StoredUpdate[];
    // The room's seqs only grow: an append since (which read the last seq itself) knows at least as much.
    this.lastSeq.set(load.room, Math.max(this.lastSeq.get(load.room) ?? 0, rows.at(-1)?.seq ?? 0));
    load.resolve(rows);
  }

  private settleLoad(id: number): PendingLoad | undefined {
    const load = this.loads.get(id);
    if (!load) return undefined;
    this.loads.delete(id);
    clearTimeout(load.timer);
    if (this.loads.size === 0) this.worker.unref();
    return load;
  }

  /** A request the SQLite thread answers after everything sent before it; blocks until then. */
  private call(request: WriterRequest): unknown {
    if (this.closed) throw new Error('the store is closed');
    if (this.writerGone) throw this.writerGone;
    Atomics.store(this.signal, 0, 0);
    this.worker.postMessage({ type: 'call', request });
    if (Atomics.wait(this.signal, 0, 0, CALL_TIMEOUT_MS) === 'timed-out') {
      throw new Error(`the SQLite thread did not answer "${request.op}" within ${CALL_TIMEOUT_MS / 1000} s`);
    }
    const reply = receiveMessageOnPort(this.replies)?.message as Reply | undefined;
    if (!reply) throw new Error(`the SQLite thread sent no answer to "${request.op}"`);
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return reply.value;
  }
}

export function openSqliteStore(dataDir: string, options?: SqliteStoreOptions): SqliteDocStore {
  return new SqliteDocStore(dataDir, options);
}
