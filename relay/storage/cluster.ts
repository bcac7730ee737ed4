/**
 * The store of a relay that is one of several instances ([S1]): PostgreSQL is
 * the durable log every instance appends to, Redis tells the other instances
 * right away, and a periodic catch-up read from PostgreSQL repairs whatever
 * Redis dropped ([S4], [S5]).
 */
import { randomUUID } from 'node:crypto';
import { parseRoom } from '../../shared/protocol';
import type { Logger } from '../log';
import type { ChangedDocs, ChangeListener, ChangeLog, ChangeStamp } from './changes';
import type { SharedOutages, StoreHealth } from './outage';
import { BackendUnavailableError, OutageTracker } from './outage';
import { isPostgresUnavailable } from './pg-connection';
import type { SnapshotFloor } from './postgres';
import { PostgresLog } from './postgres';
import type { BusMessage, ChangeMessage } from './redis';
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
  /** While PostgreSQL is down, how often it is asked whether it is back (default 1000 ms). */
  probeMs?: number;
}

/** A loaded room; a new object per load, so a release racing a reload cannot mix them up. */
interface OpenRoom {
  /** Null until the load has read the room. */
  floor: SnapshotFloor | null;
}

export class ClusterDocStore implements AsyncDocStore, ChangeLog {
  readonly kind = 'async';
  readonly instanceId: string;
  private readonly log: PostgresLog;
  private readonly bus: UpdateBus;
  private readonly open = new Map<string, OpenRoom>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private listener: RemoteUpdateListener = () => {};
  private changeListener: ChangeListener = () => {};
  /** Workspaces whose changes on other instances are heard here ([R44]), with how many asked. */
  private readonly watched = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private catchingUp: Promise<void> | null = null;
  private catchUpFailing = false;
  private closed = false;
  /** [S7] PostgreSQL as this instance sees it: down from a failure that means unreachable until a query succeeds. */
  private readonly postgres: OutageTracker;
  private probeTimer: NodeJS.Timeout | null = null;
  private probing = false;
  /** Rooms with a compaction in flight here. */
  private readonly compacting = new Set<string>();

  constructor(private readonly options: ClusterStoreOptions) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.postgres = new OutageTracker({
      backend: 'postgres',
      logger: options.logger,
      downMessage: 'postgres unavailable; rooms close and reload once it is back',
      onDown: () => this.probeUntilBack(),
    });
    // A pooled connection breaking is a hint, not proof: one reset connection is no outage. Ask.
    this.log = new PostgresLog(options.postgresUrl, () => void this.pg(() => this.log.ping(), false).catch(() => {}));
    this.bus = new UpdateBus({
      url: options.redisUrl,
      instanceId: this.instanceId,
      logger: options.logger,
      onMessage: (message) => this.onBusMessage(message),
      onChange: (message) => this.onChangeMessage(message),
      onReconnected: () => void this.catchUp(),
    });
    this.timer = setInterval(() => void this.catchUp(), options.catchUpMs ?? 2000);
    this.timer.unref();
  }

  /** Creates the table if needed; the relay works without it, but logs why rooms fail to load. */
  ready(): Promise<void> {
    return this.pg(() => this.log.ready());
  }

  /**
   * [S7] Lets other connections of this instance to the same PostgreSQL and Redis
   * (the shared revocation list, [S8]) report to the same outages, so each outage
   * is one line however many connections notice it.
   */
  sharedOutages(): SharedOutages {
    return { postgres: this.postgres, watchRedis: (client) => this.bus.watch(client) };
  }

  /** [S7] For /healthz and /metrics: storage is PostgreSQL, fan-out is Redis. */
  health(): StoreHealth {
    const backends = [this.postgres.state(), this.bus.outage.state()];
    return { storage: this.postgres.up ? 'ok' : 'down', fanout: this.bus.outage.up ? 'ok' : 'down', backends };
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
    const { rows, floor } = await this.pg(() => this.log.load(room));
    entry.floor = floor;
    return rows;
  }

  async appendUpdate(room: string, update: Uint8Array): Promise<number> {
    const { id, change } = await this.pg(() => this.log.append(room, update));
    // [S2] Only a committed row is announced.
    this.bus.publish(room, id, update);
    const parsed = change > 0 ? parseRoom(room) : null;
    if (parsed) {
      // [R44] Devices of the workspace on every instance hear of it, not only those with the room loaded.
      this.bus.publishChange(parsed.workspaceId, parsed.docId);
      this.changeListener(parsed.workspaceId, parsed.docId);
    }
    return id;
  }

  changedSince(workspaceId: string, cursor: number, limit: number): Promise<ChangedDocs> {
    return this.pg(() => this.log.changedSince(workspaceId, cursor, limit));
  }

  changeStamp(room: string): Promise<ChangeStamp> {
    return this.pg(() => this.log.changeStamp(room));
  }

  onChange(listener: ChangeListener): void {
    this.changeListener = listener;
  }

  watchWorkspace(workspaceId: string): void {
    const count = this.watched.get(workspaceId) ?? 0;
    this.watched.set(workspaceId, count + 1);
    if (count > 0 || this.closed) return;
    const epoch = this.bus.outage.epoch;
    // Without Redis, devices here learn of other instances' changes at their next CATCHUP.
    this.bus.subscribeWorkspace(workspaceId).catch((error: unknown) => this.bus.outage.failed(error, { fields: { workspace: workspaceId }, epoch }));
  }

  unwatchWorkspace(workspaceId: string): void {
    const count = this.watched.get(workspaceId) ?? 0;
    if (count > 1) return void this.watched.set(workspaceId, count - 1);
    this.watched.delete(workspaceId);
    if (count === 1 && !this.closed) this.bus.unsubscribeWorkspace(workspaceId);
  }

  async compact(room: string, uptoSeq: number): Promise<number | null> {
    // One compaction per room at a time: another would only wait on the room's advisory
    // lock ([S6]) holding a pooled connection, and enough of those starve appends of
    // connections. The rows it skips are merged by the room's next compaction.
    if (this.compacting.has(room)) return null;
    this.compacting.add(room);
    try {
      return await this.pg(() => this.log.compact(room, uptoSeq));
    } finally {
      this.compacting.delete(room);
    }
  }

  release(room: string): void {
    if (!this.open.delete(room) || this.closed) return;
    this.bus.unsubscribe(room);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    if (this.probeTimer) clearInterval(this.probeTimer);
    await Promise.allSettled([...this.inFlight, this.catchingUp]);
    await Promise.allSettled([this.bus.close(), this.log.close()]);
  }

  private async subscribe(room: string): Promise<void> {
    const epoch = this.bus.outage.epoch;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error('redis subscribe timed out')), this.options.subscribeTimeoutMs ?? 2000);
    });
    try {
      await Promise.race([this.bus.subscribe(room), timeout]);
    } catch (error) {
      // The room relies on catch-up reads; logged once per outage ([S7]).
      this.bus.outage.failed(error, { fields: { room }, epoch });
    } finally {
      clearTimeout(timer);
    }
  }

  private onBusMessage(message: BusMessage): void {
    if (message.origin === this.instanceId || !this.open.has(message.room)) return;
    this.listener(message.room, message.update);
  }

  private onChangeMessage(message: ChangeMessage): void {
    if (message.origin === this.instanceId || !this.watched.has(message.workspaceId)) return;
    this.changeListener(message.workspaceId, message.docId);
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
      const { rows, floor } = await this.pg(() => this.log.readSince(floors));
      for (const row of rows) {
        const entry = entries.get(row.room);
        if (entry && this.open.get(row.room) === entry) this.listener(row.room, row.data);
      }
      for (const entry of entries.values()) entry.floor = floor;
      if (this.catchUpFailing) this.options.logger.info('postgres catch-up restored');
      this.catchUpFailing = false;
    } catch (error) {
      // An outage is logged by its tracker; anything else once until a read succeeds.
      if (!this.catchUpFailing && !(error instanceof BackendUnavailableError)) this.options.logger.error('postgres catch-up failed; retrying', { error });
      this.catchUpFailing = true;
    }
  }

  /**
   * Runs one PostgreSQL operation: tracked for close(), and telling the outage
   * tracker what it found. A failure that means PostgreSQL is unreachable
   * becomes a `BackendUnavailableError`, logged once per outage, not per call.
   */
  private async pg<T>(work: () => Promise<T>, operation = true): Promise<T> {
    const epoch = this.postgres.epoch;
    try {
      const result = await this.track(work());
      this.postgres.restored({ epoch });
      return result;
    } catch (error) {
      if (!isPostgresUnavailable(error)) throw error;
      this.postgres.failed(error, { operation, epoch });
      throw new BackendUnavailableError('postgres', error);
    }
  }

  /**
   * While PostgreSQL is down, asks it every second whether it is back, so the
   * outage ends (and /healthz says so) even on an instance with no room loaded
   * and no client left to try: a load balancer sends none while it says 503.
   */
  private probeUntilBack(): void {
    if (this.probeTimer || this.closed) return;
    this.probeTimer = setInterval(() => {
      if (this.postgres.up || this.closed) {
        if (this.probeTimer) clearInterval(this.probeTimer);
        this.probeTimer = null;
        return;
      }
      // A probe can take up to the connect timeout; one at a time.
      if (this.probing) return;
      this.probing = true;
      this.pg(() => this.log.ping(), false)
        .catch(() => {})
        .finally(() => (this.probing = false));
    }, this.options.probeMs ?? 1000);
    this.probeTimer.unref();
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
