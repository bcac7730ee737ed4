/**
 * Redis pub/sub between relay instances: one channel per room, and a message
 * per stored update carrying the row id, the instance that stored it and the
 * update itself. Pub/sub is fire-and-forget (a message published while an
 * instance is disconnected is gone), so it only makes delivery fast; the
 * catch-up read from PostgreSQL makes it complete ([S4], [S5]).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Redis } from 'ioredis';
import type { Logger } from '../log';
import { OutageTracker } from './outage';

export const REDIS_CHANNEL_PREFIX = 'baton:room:';
/**
 * [R44] One channel per workspace saying which doc was stored to: a room channel
 * reaches only instances with that room loaded, while a device's socket on another
 * instance must hear of every doc of its workspace. Instances subscribe while they
 * have a multiplexed socket of the workspace.
 */
export const WORKSPACE_CHANNEL_PREFIX = 'baton:changes:';

export interface ChangeMessage {
  workspaceId: string;
  origin: string;
  docId: string;
}

export interface BusMessage {
  room: string;
  /** The instance that stored the update. */
  origin: string;
  id: number;
  update: Uint8Array;
}

export interface UpdateBusOptions {
  url: string;
  instanceId: string;
  logger: Logger;
  onMessage: (message: BusMessage) => void;
  /** A doc of a subscribed workspace was stored to ([R44]). */
  onChange?: (message: ChangeMessage) => void;
  /** Called when the subscriber is back after losing its connection: messages may have been missed. */
  onReconnected: () => void;
}

export class UpdateBus {
  /** [S7] Redis as this instance sees it: down from the first failure until every watched connection is ready. */
  readonly outage: OutageTracker;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly watched = new Set<Redis>();
  private everReady = false;

  constructor(private readonly options: UpdateBusOptions) {
    const { url, logger } = options;
    this.outage = new OutageTracker({ backend: 'redis', logger, downMessage: 'redis unavailable; instances exchange updates only through catch-up reads' });
    // Publishing must not queue up while Redis is away: the update is stored already,
    // and catch-up delivers it; a queue would only grow and deliver late.
    this.publisher = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: 'baton-relay-pub' });
    this.subscriber = new Redis(url, { connectionName: 'baton-relay-sub', autoResubscribe: true });
    this.watch(this.publisher);
    this.watch(this.subscriber);
    this.subscriber.on('ready', () => {
      if (this.everReady) options.onReconnected();
      this.everReady = true;
    });
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const name = channel.toString('utf8');
      if (name.startsWith(WORKSPACE_CHANNEL_PREFIX)) return this.onChangeMessage(name.slice(WORKSPACE_CHANNEL_PREFIX.length), message);
      const room = name.slice(REDIS_CHANNEL_PREFIX.length);
      try {
        options.onMessage(decodeBusMessage(room, message));
      } catch (error) {
        logger.warn('ignoring undecodable redis message', { room, error });
      }
    });
  }

  /**
   * Makes another connection to the same Redis (the revocations subscriber, [S8])
   * part of this outage: its errors open it, and it ends only once every watched
   * connection is ready, so the instance logs one outage, not one per connection.
   */
  watch(client: Redis): void {
    this.watched.add(client);
    // Without a listener ioredis prints each error (every reconnect attempt); the tracker logs the outage once.
    client.on('error', (error: Error) => this.outage.failed(error, { operation: false }));
    client.on('ready', () => this.restoredIfReady());
    // A connection closed for good (shutdown) no longer holds an outage open.
    client.on('end', () => this.watched.delete(client));
  }

  subscribe(room: string): Promise<void> {
    return this.subscriber.subscribe(REDIS_CHANNEL_PREFIX + room).then(() => this.restoredIfReady());
  }

  unsubscribe(room: string): void {
    this.subscriber.unsubscribe(REDIS_CHANNEL_PREFIX + room).catch(() => {
      // Not subscribed on a fresh connection either: autoResubscribe forgets it too.
    });
  }

  /** Fire-and-forget: a lost message is caught up from PostgreSQL. */
  publish(room: string, id: number, update: Uint8Array): void {
    const message = encodeBusMessage(this.options.instanceId, id, update);
    // [S7] Counted, not logged: under load an outage fails hundreds of these a second.
    const epoch = this.outage.epoch;
    this.publisher.publish(REDIS_CHANNEL_PREFIX + room, Buffer.from(message)).then(
      () => this.restoredIfReady(),
      (error: unknown) => this.outage.failed(error, { epoch }),
    );
  }

  subscribeWorkspace(workspaceId: string): Promise<void> {
    return this.subscriber.subscribe(WORKSPACE_CHANNEL_PREFIX + workspaceId).then(() => this.restoredIfReady());
  }

  unsubscribeWorkspace(workspaceId: string): void {
    this.subscriber.unsubscribe(WORKSPACE_CHANNEL_PREFIX + workspaceId).catch(() => {});
  }

  /** [R44] Fire-and-forget, like `publish`: a device that misses one learns it at its next CATCHUP. */
  publishChange(workspaceId: string, docId: string): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.options.instanceId);
    encoding.writeVarString(encoder, docId);
    const epoch = this.outage.epoch;
    this.publisher.publish(WORKSPACE_CHANNEL_PREFIX + workspaceId, Buffer.from(encoding.toUint8Array(encoder))).then(
      () => this.restoredIfReady(),
      (error: unknown) => this.outage.failed(error, { epoch }),
    );
  }

  private onChangeMessage(workspaceId: string, message: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(message);
      const origin = decoding.readVarString(decoder);
      const docId = decoding.readVarString(decoder);
      this.options.onChange?.({ workspaceId, origin, docId });
    } catch (error) {
      this.options.logger.warn('ignoring undecodable redis message', { workspace: workspaceId, error });
    }
  }

  /** An outage ends once every watched connection is ready; a command that succeeded is a chance to notice. */
  private restoredIfReady(): void {
    if (!this.outage.up && [...this.watched].every((watched) => watched.status === 'ready')) this.outage.restored();
  }

  async close(): Promise<void> {
    await Promise.all([this.publisher, this.subscriber].map((client) => client.quit().catch(() => client.disconnect())));
  }
}

export function encodeBusMessage(origin: string, id: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, origin);
  encoding.writeVarUint(encoder, id);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function decodeBusMessage(room: string, message: Uint8Array): BusMessage {
  const decoder = decoding.createDecoder(message);
  const origin = decoding.readVarString(decoder);
  const id = decoding.readVarUint(decoder);
  const update = decoding.readVarUint8Array(decoder);
  return { room, origin, id, update };
}
