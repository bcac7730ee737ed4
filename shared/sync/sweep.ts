import { INDEX_DOC_ID } from '../protocol/rooms';
import type { LoadedDoc } from './docs';
import type { Emitter } from './emitter';
import type { RegistryData } from './registry';
import type { SyncState } from './types';

/** Background sync holds at most this many page docs (and sockets) at once. */
export const DEFAULT_BACKGROUND_CONCURRENCY = 3;
/**
 * Over the shared socket a background doc costs a channel, not a socket: more at once (the relay
 * allows 256 channels per socket; the index and the docs open in the UI take the rest).
 */
export const MUX_BACKGROUND_CONCURRENCY = 16;
/** A background doc that cannot finish in this time is retried later. */
export const BACKGROUND_TIMEOUT_MS = 20_000;
/** A doc that could not hand everything over is tried again this much later, not in a loop. */
export const BACKGROUND_RETRY_MS = 15_000;

export interface PageVersion {
  id: string;
  updatedAt: number;
}

/**
 * Pages this device has not synced at their current version, or that hold
 * changes the relay has not confirmed: those with the most pending changes
 * first (they are what teammates are missing), then the most recently edited.
 * Then docs that are not pages (a page's version history) but hold changes the
 * relay has not confirmed: nothing in the index announces them, so after a
 * restart only the registry knows they still have something to send.
 */
export function stalePages(pages: readonly PageVersion[], registry: Pick<RegistryData, 'pending' | 'synced'>): string[] {
  const pending = (id: string) => registry.pending[id] ?? 0;
  const stale = pages
    .filter((page) => pending(page.id) > 0 || registry.synced[page.id] !== page.updatedAt)
    .sort((a, b) => pending(b.id) - pending(a.id) || b.updatedAt - a.updatedAt)
    .map((page) => page.id);
  const known = new Set(pages.map((page) => page.id));
  const beside = Object.keys(registry.pending)
    .filter((id) => pending(id) > 0 && !known.has(id) && id !== INDEX_DOC_ID)
    .sort((a, b) => pending(b) - pending(a));
  return [...stale, ...beside];
}

/** Lets a running job learn that the sweep stopped, so it ends and leaves no timer behind. */
export class Cancellation {
  private listeners: (() => void)[] = [];
  private done = false;

  get cancelled(): boolean {
    return this.done;
  }

  onCancel(listener: () => void): () => void {
    if (this.done) {
      listener();
      return () => undefined;
    }
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((other) => other !== listener);
    };
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}

export interface BackgroundSweepOptions {
  /** Only an index in step with the relay says truly which pages changed (over the shared socket: the socket is open). */
  ready(): boolean;
  pages(): PageVersion[];
  registry(): Pick<RegistryData, 'pending' | 'synced'>;
  /** What a sweep queues; by default the pages the index says changed (`stalePages`). */
  stale?(): string[];
  /** Its job ended but the doc still needs one (tried again later, not in a loop); by default: it holds pending changes. */
  unfinished?(docId: string): boolean;
  /** Open in the UI and connected: already live, nothing for the background to do. */
  isLive(docId: string): boolean;
  /** Syncs one doc and lets it go; resolves when done, given up, or cancelled. */
  run(docId: string, cancellation: Cancellation): Promise<void>;
  /** The queue, the running jobs or the scheduled sweep changed (the workspace may be busy or idle). */
  changed(): void;
  concurrency?: number;
  retryMs?: number;
}

/**
 * Syncs the pages nobody has open, a few at a time: a sweep queues every stale
 * page, and jobs take them from the queue in order, never more at once than
 * the concurrency allows.
 */
export class BackgroundSweep {
  private readonly queue = new Set<string>();
  private readonly active = new Map<string, Cancellation>();
  /** Running docs a sweep found stale: looked at again when their job ends. */
  private readonly recheck = new Set<string>();
  private readonly retries = new Map<string, ReturnType<typeof setTimeout>>();
  private sweepTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(private readonly options: BackgroundSweepOptions) {}

  /** A sweep is scheduled, or docs wait or are being synced. */
  get busy(): boolean {
    return this.sweepTimer !== null || this.queue.size > 0 || this.active.size > 0;
  }

  isActive(docId: string): boolean {
    return this.active.has(docId);
  }

  /** Sweeps after `delay` ms; sweeps asked for meanwhile are the same sweep. */
  schedule(delay: number): void {
    if (this.sweepTimer || this.disposed) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = null;
      this.sweep();
    }, delay);
  }

  /**
   * Queues every page this device has not synced at its current version,
   * pending ones first: ahead of docs queued earlier (closed offline with
   * changes), which keep their place behind them.
   */
  sweep(): void {
    if (!this.options.ready() || this.disposed) return;
    const waiting = [...this.queue];
    this.queue.clear();
    for (const docId of [...this.stale(), ...waiting]) this.add(docId);
    this.pump();
    this.options.changed();
  }

  enqueue(docId: string): void {
    if (this.disposed) return;
    this.add(docId);
    this.pump();
  }

  /** Access was refused: nothing waiting can succeed (running jobs end as their connections fail). */
  clearQueue(): void {
    this.queue.clear();
  }

  /** Stops every job and timer; the sweep does nothing afterwards. */
  dispose(): void {
    this.disposed = true;
    this.queue.clear();
    this.recheck.clear();
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
    for (const cancellation of this.active.values()) cancellation.cancel();
  }

  private stale(): string[] {
    return this.options.stale ? this.options.stale() : stalePages(this.options.pages(), this.options.registry());
  }

  private add(docId: string): void {
    if (this.options.isLive(docId)) return;
    // A running job is connected and receives what the relay has; queuing it again would load,
    // exchange and unload it a second time for nothing. Whether it is still stale is known when it ends.
    if (this.active.has(docId)) this.recheck.add(docId);
    else this.queue.add(docId);
  }

  private pump(): void {
    if (!this.options.ready()) return;
    const limit = this.options.concurrency ?? DEFAULT_BACKGROUND_CONCURRENCY;
    for (const docId of this.queue) {
      if (this.active.size >= limit || this.disposed) break;
      this.queue.delete(docId);
      const cancellation = new Cancellation();
      this.active.set(docId, cancellation);
      void this.options.run(docId, cancellation).finally(() => this.finished(docId));
    }
  }

  private finished(docId: string): void {
    this.active.delete(docId);
    const recheck = this.recheck.delete(docId);
    if (this.disposed) return;
    const unfinished = this.options.unfinished ? this.options.unfinished(docId) : (this.options.registry().pending[docId] ?? 0) > 0;
    // Could not hand everything over this time (relay slow or gone): try again later, not in a loop.
    if (unfinished) {
      if (!this.retries.has(docId)) this.retries.set(docId, setTimeout(() => this.retry(docId), this.options.retryMs ?? BACKGROUND_RETRY_MS));
    } else if (recheck && this.stale().includes(docId)) {
      // The page moved again after this job had synced it.
      this.queue.add(docId);
    }
    this.options.changed();
    this.pump();
  }

  private retry(docId: string): void {
    this.retries.delete(docId);
    this.enqueue(docId);
  }
}

/**
 * Resolves true once the connection's state satisfies `predicate`, false
 * after `timeoutMs` or on cancellation; either way it leaves no timer or
 * listener behind.
 */
export function waitForState(
  connection: { readonly syncState: SyncState; readonly changes: Emitter<SyncState> },
  predicate: (state: SyncState) => boolean,
  timeoutMs: number,
  cancellation: Cancellation,
): Promise<boolean> {
  return new Promise((resolve) => {
    if (predicate(connection.syncState)) return resolve(true);
    if (cancellation.cancelled) return resolve(false);
    const finish = (result: boolean) => {
      clearTimeout(timer);
      unsubscribe();
      stopListening();
      resolve(result);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const unsubscribe = connection.changes.subscribe((state) => {
      if (predicate(state)) finish(true);
    });
    const stopListening = cancellation.onCancel(() => finish(false));
  });
}

/**
 * A background job's wait: until the doc is in step with the relay (or stopped for good), then,
 * since coming into step may have recorded a merge review (mergeWatch.ts), until that is handed
 * over too. Followed through the entry, not one connection: the UI may open the doc meanwhile and
 * replace its connection with one that has presence.
 */
export async function untilInStep(entry: LoadedDoc, cancellation: Cancellation, timeoutMs = BACKGROUND_TIMEOUT_MS): Promise<void> {
  const source = {
    get syncState(): SyncState {
      return entry.connection?.syncState ?? { status: 'offline', pending: 0, lastSyncedAt: null, error: null };
    },
    changes: entry.changes,
  };
  const done = (state: SyncState) => state.status === 'synced' || state.error !== null;
  await waitForState(source, done, timeoutMs, cancellation);
  if (!cancellation.cancelled && !done(source.syncState)) await waitForState(source, done, timeoutMs, cancellation);
}
