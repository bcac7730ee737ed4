import type * as Y from 'yjs';
import { indexMaps, Origin, write } from '../model';

/** Edits mark their page as changed at most this often (trailing edge included). */
export const ANNOUNCE_INTERVAL_MS = 5_000;

export interface PageAnnouncerOptions {
  /** The workspace's index doc, where each page's `updatedAt` lives. */
  index: Y.Doc;
  /** A page's `updatedAt` was bumped by this device. */
  announced(docId: string): void;
  intervalMs?: number;
}

/**
 * Tells teammates a page changed without them loading it: an edit bumps the
 * page's `updatedAt` in the index doc, which every device holds, at once if
 * the last bump is older than the interval, else at the end of it (so typing
 * costs one index update per interval, and the last keystroke is announced).
 */
export class PageAnnouncer {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastAnnounced = new Map<string, number>();
  private disposed = false;

  constructor(private readonly options: PageAnnouncerOptions) {}

  /** A page changed on this device. */
  schedule(docId: string): void {
    if (this.timers.has(docId) || this.disposed) return;
    const interval = this.options.intervalMs ?? ANNOUNCE_INTERVAL_MS;
    const wait = Math.max(0, (this.lastAnnounced.get(docId) ?? -Infinity) + interval - Date.now());
    this.timers.set(
      docId,
      setTimeout(() => {
        this.timers.delete(docId);
        this.announce(docId);
      }, wait),
    );
  }

  /** Announces a change still waiting on the interval now (its doc closes, or the workspace stops). */
  flush(docId: string): void {
    const timer = this.timers.get(docId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(docId);
    this.announce(docId);
  }

  flushAll(): void {
    for (const docId of [...this.timers.keys()]) this.flush(docId);
  }

  /** Drops what still waits without announcing it (flushAll first to keep it). */
  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private announce(docId: string): void {
    if (this.disposed) return;
    const now = Date.now();
    this.lastAnnounced.set(docId, now);
    const record = indexMaps(this.options.index).pages.get(docId);
    if (!record) return;
    // Strictly increasing, even against a teammate's clock that runs ahead: the version must move.
    const updatedAt = Math.max(now, ((record.get('updatedAt') as number | undefined) ?? 0) + 1);
    write(this.options.index, Origin.sync, () => record.set('updatedAt', updatedAt));
    this.options.announced(docId);
  }
}
