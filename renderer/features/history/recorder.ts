import * as Y from 'yjs';
import { AUTO_INTERVAL_MS, recordClient, recordDeletions, saveAutomaticVersion, type DeleteSet } from '../../../shared/model/history';

/** An editing session ends after this long without a local edit (an automatic version may follow). */
export const IDLE_MS = 30_000;
/** Who deleted what is written to the history doc this long after the last deletion. */
export const DELETIONS_MS = 4_000;

export interface RecorderOptions {
  page: Y.Doc;
  history: Y.Doc;
  /** The member editing on this device. */
  member: string;
  idleMs?: number;
  deletionsMs?: number;
  intervalMs?: number;
}

/**
 * Watches this device's edits of one page and keeps its history: records which
 * member this device's client id is (on the first edit), who deleted what, and
 * saves an automatic version when an editing session ends: after a while idle,
 * and when the page closes (dispose). Remote changes are not this device's to record.
 */
export class HistoryRecorder {
  private clientRecorded = false;
  private edited = false;
  private deleted: DeleteSet | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private deletionsTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(private readonly options: RecorderOptions) {
    options.page.on('afterTransaction', this.onTransaction);
  }

  /** Ends the session now: what was deleted is recorded, and an automatic version saved if due. */
  endSession(): void {
    this.clearTimers();
    this.flushDeletions();
    if (!this.edited) return;
    this.edited = false;
    saveAutomaticVersion(this.options.history, this.options.page, this.options.member, Date.now(), this.options.intervalMs ?? AUTO_INTERVAL_MS);
  }

  dispose(): void {
    if (this.disposed) return;
    this.options.page.off('afterTransaction', this.onTransaction);
    this.endSession();
    this.disposed = true;
  }

  private onTransaction = (transaction: Y.Transaction): void => {
    if (!transaction.local || this.disposed) return;
    const ds = transaction.deleteSet as DeleteSet;
    if (transaction.changed.size === 0 && ds.clients.size === 0) return;
    if (!this.clientRecorded) {
      this.clientRecorded = true;
      recordClient(this.options.history, this.options.page.clientID, this.options.member);
    }
    if (ds.clients.size > 0) {
      this.deleted = Y.mergeDeleteSets(this.deleted ? [this.deleted, ds] : [ds]) as DeleteSet;
      this.deletionsTimer ??= setTimeout(() => {
        this.deletionsTimer = null;
        this.flushDeletions();
      }, this.options.deletionsMs ?? DELETIONS_MS);
    }
    this.edited = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.endSession();
    }, this.options.idleMs ?? IDLE_MS);
  };

  private flushDeletions(): void {
    if (!this.deleted) return;
    recordDeletions(this.options.history, this.options.member, this.deleted);
    this.deleted = null;
  }

  private clearTimers(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.deletionsTimer) clearTimeout(this.deletionsTimer);
    this.idleTimer = null;
    this.deletionsTimer = null;
  }
}
