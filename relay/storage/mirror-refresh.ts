/**
 * When an instance re-reads a PostgreSQL table it mirrors in memory (revoked
 * tokens [S8], members [R36]): on every announcement on a Redis channel, after
 * every Redis reconnect (announcements made meanwhile are lost), and on a timer
 * anyway, because pub/sub drops what is published while an instance is away.
 * One read runs at a time; a call during a read makes it run once more, since
 * that read may predate what the caller just learnt.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../log';
import type { SharedOutages } from './outage';

export interface MirrorRefreshOptions {
  /** Reads the table again; its errors are its own business (it logs or reports them). */
  read(): Promise<void>;
  redisUrl?: string;
  channel: string;
  /** The Redis connection's name, as `CLIENT LIST` shows it. */
  connectionName: string;
  refreshMs: number;
  logger: Logger;
  /** The instance's outages ([S7]): Redis being away is reported there, once per outage. */
  outages?: SharedOutages;
  /** What is mirrored, for the log lines: "revocations", "member changes". */
  what: string;
}

export class MirrorRefresh {
  private readonly subscriber: Redis | null = null;
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private redisDown = false;
  private closed = false;

  constructor(private readonly options: MirrorRefreshOptions) {
    const { logger, what } = options;
    if (options.redisUrl) {
      const subscriber = new Redis(options.redisUrl, { connectionName: options.connectionName, autoResubscribe: true });
      if (options.outages) options.outages.watchRedis(subscriber);
      else {
        subscriber.on('error', (error: Error) => {
          if (this.redisDown) return;
          this.redisDown = true;
          logger.error(`redis unavailable; ${what} now arrive through periodic reads only`, { error });
        });
      }
      subscriber.on('ready', () => {
        this.redisDown = false;
        void this.refresh();
      });
      subscriber.on('message', () => void this.refresh());
      subscriber.subscribe(options.channel).catch((error: unknown) => {
        // autoResubscribe only covers channels subscribed once; retried on the next connection.
        if (!this.closed) logger.warn(`redis subscribe to ${what} failed; relying on periodic reads`, { error });
      });
      this.subscriber = subscriber;
    }
    this.timer = setInterval(() => void this.refresh(), options.refreshMs);
    this.timer.unref();
  }

  refresh(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.options.read();
        } while (this.again && !this.closed);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Stops the timer and the subscription, after the read under way. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
    const subscriber = this.subscriber;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }
}
