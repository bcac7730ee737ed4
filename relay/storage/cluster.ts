/**
 * The store of a relay that is one of several instances ([S1]): PostgreSQL is
 * the durable log every instance appends to, Redis tells the other instances
 * right away, and a periodic catch-up read from PostgreSQL repairs whatever
 * Redis dropped ([S4], [S5]).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log';
import type { SnapshotFloor } from './postgres';
import { PostgresLog } from './postgres';
import type { BusMessage } from './redis';
import { UpdateBus } from './redis';
import type { AsyncDocStore, RemoteUpdateListener, StoredUpdate } from './types';

export interface ClusterStoreOptions {
  postgresUrl: string;
  redisUrl: string;
  logger: Logger;
  /** Names this instance in logs and in the messages it publishes; random by default. */
  instanceId?: string;
  /** How often loaded rooms read what Redis may have dropped (default 2000 ms). */
  catchUpMs?: number;
  /** How long a load waits for its Redis subscription before relying on catch-up (default 2000 ms). */
  subscribeTimeoutMs?: number;
}

/** A loaded room; a new object per load, so a release racing a reload cannot mix them up. */
interface OpenRoom {
  /** Null until the load has read the room. */
  floor: SnapshotFloor | null;
}

export class ClusterDocStore implements AsyncDocStore {
  readonly kind = 'async';
  readonly instanceId: string;
  private readonly log: PostgresLog;
  private readonly bus: UpdateBus;
  private readonly open = new Map<string, OpenRoom>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private listener: RemoteUpdateListener = () => {};
  private readonly timer: NodeJS.Timeout;
  private catchingUp: Promise<void> | null = null;
  private catchUpFailing = false;
  private closed = false;

  constructor(private readonly options: ClusterStoreOptions) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.log = new PostgresLog(options.postgresUrl, options.logger);
    this.bus = new UpdateBus({
      url: options.redisUrl,
      instanceId: this.instanceId,
      logger: options.logger,
      onMessage: (message) => this.onBusMessage(message),
      onReconnected: () => void this.catchUp(),
    });
    this.timer = setInterval(() => void this.catchUp(), options.catchUpMs ?? 2000);
    this.timer.unref();
  }

  /** Creates the table if needed; the relay works without it, but logs why rooms fail to load. */
  ready(): Promise<void> {
    return this.log.ready();
  }

  onRemoteUpdate(listener: RemoteUpdateListener): void {
    this.listener = listener;
  }

  async loadUpdates(room: string): Promise<StoredUpdate[]> {
    const entry: OpenRoom = { floor: null };
    this.open.set(room, entry);
    // Subscribe before reading: anything committed after the read is published after
    // it, so it arrives on the channel. If Redis is away, catch-up covers the gap.
    await this.subscribe(room);
    const { rows, floor } = await this.track(this.log.load(room));
    entry.floor = floor;
    return rows;
  }

  async appendUpdate(room: string, update: Uint8Array): Promise<number> {
    const id = await this.track(this.log.append(room, update));
    // [S2] Only a committed row is announced.
    this.bus.publish(room, id, update);
    return id;
  }

  async compact(room: string, uptoSeq: number): Promise<void> {
    await this.track(this.log.compact(room, uptoSeq));
  }

  release(room: string): void {
    if (!this.open.delete(room) || this.closed) return;
    this.bus.unsubscribe(room);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight, this.catchingUp]);
    await Promise.allSettled([this.bus.close(), this.log.close()]);
  }

  private async subscribe(room: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error('redis subscribe timed out')), this.options.subscribeTimeoutMs ?? 2000);
    });
    try {
      await Promise.race([this.bus.subscribe(room), timeout]);
    } catch (error) {
      this.options.logger.warn('redis subscribe failed; room relies on catch-up reads', { room, error });
    } finally {
      clearTimeout(timer);
    }
  }

  private onBusMessage(message: BusMessage): void {
    if (message.origin === this.instanceId || !this.open.has(message.room)) return;
    this.listener(message.room, message.update);
  }

  /** [S5] Reads rows of loaded rooms that this instance may not have seen. */
  private catchUp(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.catchingUp ??= this.readMissed().finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }

  private async readMissed(): Promise<void> {
    const entries = new Map<string, OpenRoom>();
    const floors = new Map<string, SnapshotFloor>();
    for (const [room, entry] of this.open) {
      if (entry.floor === null) continue;
      entries.set(room, entry);
      floors.set(room, entry.floor);
    }
    if (floors.size === 0) return;
    try {
      const { rows, floor } = await this.log.readSince(floors);
      for (const row of rows) {
        const entry = entries.get(row.room);
        if (entry && this.open.get(row.room) === entry) this.listener(row.room, row.data);
      }
      for (const entry of entries.values()) entry.floor = floor;
      if (this.catchUpFailing) this.options.logger.info('postgres catch-up restored');
      this.catchUpFailing = false;
    } catch (error) {
      if (!this.catchUpFailing) this.options.logger.error('postgres catch-up failed; retrying', { error });
      this.catchUpFailing = true;
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = () => this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }
}

export function openClusterStore(options: ClusterStoreOptions): ClusterDocStore {
  return new ClusterDocStore(options);
}
