/**
 * WAL checkpoints of the relay's SQLite file with their fsyncs off the event
 * loop ([R6]). SQLite at synchronous=NORMAL would fsync the WAL before a
 * checkpoint, the database after it, and the WAL's header when it starts the
 * log over; each costs milliseconds (tens on a busy disk) on the thread that
 * commits, here the one that forwards keystrokes. So SQLite runs at
 * synchronous=OFF without automatic checkpoints, and a checkpoint is:
 *
 *   1. fsync the WAL (libuv's thread pool)          every committed frame is on disk
 *   2. PRAGMA wal_checkpoint(PASSIVE)               pages copied into the database file
 *   3. fsync the database file (thread pool)        the copied pages are on disk
 *   4. PRAGMA wal_checkpoint(TRUNCATE)              the WAL, all copied, is cut to 0 bytes
 *   5. fsync the WAL (thread pool)                  the cut is on disk
 *
 * and nothing commits from 1 until 5 is done (the store holds its commits:
 * `busy`), so power lost at any point leaves a WAL whose frames are all on disk
 * over a database that lacks none of them, or an empty WAL over a database
 * that has them all. A WAL started over on the same file without step 5 could
 * leave old frames behind a new header after a power loss, which is why
 * SQLite itself syncs that header; an empty file has no old frames.
 * Steps 2 and 4 run on the event loop; they copy the pages of one checkpoint
 * interval between files in the kernel's page cache.
 */
import { closeSync, fsync, fsyncSync, openSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';

type Phase = 'idle' | 'wal' | 'db' | 'cut';
/** After a failed checkpoint (a disk error, most likely), the next waits this long: not one per commit. */
const RETRY_AFTER_FAILURE_MS = 5_000;

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

export class WalCheckpointer {
  private phase: Phase = 'idle';
  /** Bumped when a checkpoint is finished synchronously: callbacks of the one it overtook do nothing. */
  private epoch = 0;
  private retryAt = 0;
  private readonly walPath: string;

  constructor(
    private readonly db: Database.Database,
    private readonly dbPath: string,
    /** WAL length that makes `due()` true. */
    private readonly walBytes: number,
    /** A checkpoint ended (done or failed): commits may go on. */
    private readonly onSettled: (error: Error | null) => void,
  ) {
    this.walPath = `${dbPath}-wal`;
  }

  /** A checkpoint is under way: nothing may commit until it settles. */
  get busy(): boolean {
    return this.phase !== 'idle';
  }

  /** The WAL has grown past a checkpoint interval. */
  due(): boolean {
    return !this.busy && Date.now() >= this.retryAt && (statSync(this.walPath, { throwIfNoEntry: false })?.size ?? 0) >= this.walBytes;
  }

  start(): void {
    if (this.busy) return;
    this.phase = 'wal';
    this.syncThen(this.walPath, () => {
      this.copy();
      this.phase = 'db';
      this.syncThen(this.dbPath, () => {
        this.cut();
        this.phase = 'cut';
        this.syncThen(this.walPath, () => this.settle(null));
      });
    });
  }

  /** Completes a checkpoint under way with blocking fsyncs (closing, or a caller that must commit now). */
  finishNow(): void {
    if (!this.busy) return;
    const phase = this.phase;
    this.epoch++;
    this.phase = 'idle';
    if (phase === 'wal') {
      syncFile(this.walPath);
      this.copy();
    }
    if (phase === 'wal' || phase === 'db') {
      syncFile(this.dbPath);
      this.cut();
    }
    syncFile(this.walPath);
  }

  private copy(): void {
    const [row] = this.db.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[];
    // No other connection reads the file (exclusive locking mode): a checkpoint that stops short is a failure.
    if (!row || row.busy !== 0 || row.checkpointed !== row.log) throw new Error(`WAL checkpoint copied ${row?.checkpointed} of ${row?.log} frames`);
  }

  private cut(): void {
    const [row] = this.db.pragma('wal_checkpoint(TRUNCATE)') as CheckpointRow[];
    if (!row || row.busy !== 0) throw new Error('WAL checkpoint could not truncate the log');
  }

  /** fsyncs `path` on the thread pool, then runs `next` on the event loop unless a later call took over. */
  private syncThen(path: string, next: () => void): void {
    const epoch = this.epoch;
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      return this.settle(error as Error);
    }
    fsync(fd, (error) => {
      closeSync(fd);
      if (epoch !== this.epoch) return;
      if (error) return this.settle(error);
      try {
        next();
      } catch (failure) {
        this.settle(failure as Error);
      }
    });
  }

  private settle(error: Error | null): void {
    this.phase = 'idle';
    if (error) this.retryAt = Date.now() + RETRY_AFTER_FAILURE_MS;
    this.onSettled(error);
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
