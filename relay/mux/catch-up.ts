/**
 * [R41] Answers a socket's CATCHUP frames from the store's change index, never
 * loading a room. A reply can list thousands of docs and costs a query, so a
 * socket gets a burst of `CATCH_UP_BURST` replies and then one per second: a
 * CATCHUP beyond that waits for its turn, and CATCHUPs that wait together are
 * answered once, from the lowest cursor asked (a superset of every answer they
 * wanted). A query that fails (the store away) is tried again every 2 s while
 * the socket is open: the client sees a late answer, not a lost one.
 */
import { CATCH_UP_PAGE, encodeMuxFrame } from '../../shared/protocol/mux';
import { TokenBucket } from '../limits';
import type { Logger } from '../log';
import type { ChangeLog } from '../storage/changes';

export const CATCH_UP_BURST = 4;
export const CATCH_UP_PER_SECOND = 1;
const RETRY_MS = 2_000;

export class CatchUpReplies {
  private readonly bucket: TokenBucket;
  /** The lowest cursor asked and not answered yet; null when none waits. */
  private waiting: number | null = null;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private failing = false;

  constructor(
    private readonly workspaceId: string,
    private readonly changes: ChangeLog,
    private readonly send: (frame: Uint8Array) => void,
    private readonly logger: Logger,
    private readonly log: Record<string, unknown>,
    now?: () => number,
  ) {
    this.bucket = new TokenBucket(CATCH_UP_BURST, CATCH_UP_PER_SECOND, now);
  }

  request(cursor: number): void {
    this.waiting = this.waiting === null ? cursor : Math.min(this.waiting, cursor);
    this.next();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private next(): void {
    if (this.closed || this.running || this.timer || this.waiting === null) return;
    if (!this.bucket.take()) {
      this.wait(1000 / CATCH_UP_PER_SECOND);
      return;
    }
    const cursor = this.waiting;
    this.waiting = null;
    this.running = true;
    this.changes.changedSince(this.workspaceId, cursor, CATCH_UP_PAGE).then(
      ({ cursor: next, docIds }) => {
        this.running = false;
        if (this.failing) this.logger.info('catch-up answered again', this.log);
        this.failing = false;
        if (this.closed) return;
        this.send(encodeMuxFrame({ kind: 'changed', cursor: next, docIds }));
        this.next();
      },
      (error: unknown) => {
        this.running = false;
        if (!this.failing) this.logger.warn('catch-up failed; retrying', { ...this.log, error });
        this.failing = true;
        this.waiting = this.waiting === null ? cursor : Math.min(this.waiting, cursor);
        this.wait(RETRY_MS);
      },
    );
  }

  private wait(ms: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.next();
    }, ms);
    this.timer.unref();
  }
}
