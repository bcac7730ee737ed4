/**
 * [S7] Whether a backend of a scaled-out relay (PostgreSQL, Redis) is reachable,
 * as the relay's own operations find out. An outage is logged twice — when the
 * first operation fails and when the backend answers again, with how long it
 * lasted and how many operations failed meanwhile — never once per failure: an
 * outage under load fails hundreds of operations a second, and a line for each
 * would bury everything else in the log. /healthz and /metrics read the state.
 */
import type { Redis } from 'ioredis';
import type { LogFields, Logger } from '../log';

export type Backend = 'postgres' | 'redis';

/** One backend as /healthz and /metrics show it. */
export interface BackendState {
  backend: Backend;
  up: boolean;
  /** Outages since the relay started (the current one included). */
  outages: number;
  /** Operations that failed because the backend was unreachable, since the relay started. */
  failures: number;
}

/** What a store tells /healthz: `storage` is the durable log, `fanout` the channel to other instances. */
export interface StoreHealth {
  storage: 'ok' | 'down';
  fanout: 'ok' | 'down';
  backends: BackendState[];
}

/** The outages of a scaled-out instance, for its other connections to the same backends ([S8] revocations). */
export interface SharedOutages {
  postgres: OutageTracker;
  /** Adds a Redis connection to the Redis outage: its errors start it, and it ends once this one is ready too. */
  watchRedis(client: Redis): void;
}

/**
 * An operation failed because its backend is unreachable, and the outage has
 * been logged already: whoever catches it closes what it must without logging it
 * again ([S7]). `cause` is the driver's error.
 */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  readonly reason = 'unavailable';

  constructor(
    readonly backend: Backend,
    cause: unknown,
  ) {
    super(`${backend} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export interface OutageTrackerOptions {
  backend: Backend;
  logger: Logger;
  /** The error line that opens an outage: what this instance does without the backend. */
  downMessage: string;
  /** Called once when an outage starts (e.g. to start probing for the end of it). */
  onDown?: () => void;
}

export class OutageTracker {
  private downSince: number | null = null;
  private failedThisOutage = 0;
  private outages = 0;
  private failures = 0;
  /** Counts transitions (down, up); see `epoch`. */
  private transitions = 0;

  constructor(private readonly options: OutageTrackerOptions) {}

  get up(): boolean {
    return this.downSince === null;
  }

  /**
   * Taken when an operation starts and passed to `failed` or `restored`: what an
   * operation found says something about now only if no outage began or ended
   * while it ran. One that started before an outage can still succeed on a
   * connection the server has not closed yet, as it shuts down; one that started
   * during an outage can fail after the backend is back (it waited for a
   * connection until its timeout). Neither ends or opens an outage.
   */
  get epoch(): number {
    return this.transitions;
  }

  /**
   * The backend could not be reached. `operation` says whether a relay operation
   * (an append, a publish) failed, as opposed to a connection noticing it.
   */
  failed(error: unknown, { operation = true, fields, epoch }: { operation?: boolean; fields?: LogFields; epoch?: number } = {}): void {
    if (operation) {
      this.failures += 1;
      this.failedThisOutage += 1;
    }
    if (this.downSince !== null || (epoch !== undefined && epoch !== this.transitions)) return;
    this.transitions += 1;
    this.downSince = Date.now();
    this.outages += 1;
    this.options.logger.error(this.options.downMessage, { backend: this.options.backend, ...fields, error });
    this.options.onDown?.();
  }

  /** The backend answered: ends the outage, if there was one, with one line. */
  restored({ epoch }: { epoch?: number } = {}): void {
    if (this.downSince === null || (epoch !== undefined && epoch !== this.transitions)) return;
    this.transitions += 1;
    const durationMs = Date.now() - this.downSince;
    this.options.logger.info(`${this.options.backend} available again`, { backend: this.options.backend, durationMs, failed: this.failedThisOutage });
    this.downSince = null;
    this.failedThisOutage = 0;
  }

  state(): BackendState {
    return { backend: this.options.backend, up: this.up, outages: this.outages, failures: this.failures };
  }
}
