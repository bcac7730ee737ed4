import type { StoreHealth } from './outage';

/** One stored row: an update (Yjs v1 encoding) and its position in the room's log. */
export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
}

/**
 * Where the relay keeps documents. Appends are synchronous on purpose: an
 * update must be durable before the relay broadcasts it or tells a client it
 * holds it ([R2], [R3]), and a synchronous append makes that ordering free of
 * interleavings. Only a room's load may be asynchronous (`loadUpdatesAsync`),
 * and the room queues its messages behind it ([R5], [S3]). Asynchronous backends implement
 * `AsyncDocStore` instead, and the room queues its work behind them ([S3]).
 */
export interface DocStore {
  /** Every stored update of the room in seq order; empty for an unknown room. */
  loadUpdates(room: string): StoredUpdate[];
  /**
   * The same rows, answered from a later turn of the event loop (SQLite reads
   * them behind the commits asked for before). The relay's rooms load this way
   * when the store has it ([R5]).
   */
  loadUpdatesAsync?(room: string): Promise<StoredUpdate[]>;
  /** Appends an update durably and returns its seq (strictly increasing per room). */
  appendUpdate(room: string, update: Uint8Array): number;
  /**
   * Replaces the rows with seq <= uptoSeq by one update that contains all of
   * them, atomically: a crash leaves either the old rows or the merged one.
   */
  compact(room: string, mergedUpdate: Uint8Array, uptoSeq: number): void;
  /** The room was unloaded; the store may forget what it kept about it. */
  release?(room: string): void;
  close(): void;
}

/** Receives updates that other relay instances stored for a room loaded here ([S4]). */
export type RemoteUpdateListener = (room: string, update: Uint8Array) => void;

/**
 * A store shared by several relay instances (PostgreSQL + Redis). Same duties
 * as `DocStore`, but every call is a round trip, and other instances append
 * to the same rooms.
 */
export interface AsyncDocStore {
  readonly kind: 'async';
  /** Every stored update of the room; from now on its remote updates are delivered. */
  loadUpdates(room: string): Promise<StoredUpdate[]>;
  /** Resolves once the update is durable ([R2]); tells other instances afterwards. */
  appendUpdate(room: string, update: Uint8Array): Promise<number>;
  /**
   * Replaces the stored rows with seq <= uptoSeq by one merged row, merging
   * what is stored rather than what this instance holds in memory: another
   * instance may have stored rows this one has not seen yet ([S6]).
   * Resolves with the merged row's size in bytes, or null if nothing was merged
   * (one row, or a compaction of the room already in flight here).
   */
  compact(room: string, uptoSeq: number): Promise<number | null>;
  /** The room is no longer loaded here: stop delivering its remote updates. */
  release(room: string): void;
  /** Where updates stored by other instances go; one listener. */
  onRemoteUpdate(listener: RemoteUpdateListener): void;
  /** [S7] Whether the backends behind the store are reachable, for /healthz and /metrics. */
  health?(): StoreHealth;
  /** Waits for work in flight, then disconnects. */
  close(): Promise<void>;
}

export type AnyDocStore = DocStore | AsyncDocStore;

export function isAsyncStore(store: AnyDocStore): store is AsyncDocStore {
  return (store as Partial<AsyncDocStore>).kind === 'async';
}
