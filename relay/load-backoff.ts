/**
 * [R12] Rooms that failed to load wait before the next attempt. Loading a
 * broken room costs hundreds of milliseconds and megabytes, and every client
 * of it retries: without a pause, one bad room keeps the event loop (and the
 * health probes behind it) busy for everyone.
 */
export const LOAD_RETRY_FIRST_MS = 1_000;
export const LOAD_RETRY_MAX_MS = 60_000;

interface Failing {
  failures: number;
  retryAt: number;
}

export class LoadBackoff {
  private readonly failing = new Map<string, Failing>();
  /** Loads that failed since the relay started. */
  failuresTotal = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until the room may be loaded again; 0 if it may be now. */
  waitFor(room: string): number {
    const failing = this.failing.get(room);
    return failing ? Math.max(0, failing.retryAt - this.now()) : 0;
  }

  /** The wait doubles with each failure in a row, from 1 s up to a minute. */
  failed(room: string): number {
    const failures = (this.failing.get(room)?.failures ?? 0) + 1;
    const wait = Math.min(LOAD_RETRY_MAX_MS, LOAD_RETRY_FIRST_MS * 2 ** (failures - 1));
    this.failing.set(room, { failures, retryAt: this.now() + wait });
    this.failuresTotal += 1;
    return wait;
  }

  loaded(room: string): void {
    this.failing.delete(room);
  }

  /** Rooms whose last load failed (waiting or ready for another try). */
  get unavailable(): number {
    return this.failing.size;
  }
}
