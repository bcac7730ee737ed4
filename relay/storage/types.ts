/** One stored row: an update (Yjs v1 encoding) and its position in the room's log. */
export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
}

/**
 * Where the relay keeps documents. Every method is synchronous on purpose:
 * an update must be durable before the relay broadcasts it or tells a client
 * it holds it ([R2], [R3]), and a synchronous store makes that ordering, and
 * room loading, free of interleavings. An asynchronous backend (PostgreSQL)
 * will need a per-room queue in front of the room instead.
 */
export interface DocStore {
  /** Every stored update of the room in seq order; empty for an unknown room. */
  loadUpdates(room: string): StoredUpdate[];
  /** Appends an update durably and returns its seq (strictly increasing per room). */
  appendUpdate(room: string, update: Uint8Array): number;
  /**
   * Replaces the rows with seq <= uptoSeq by one update that contains all of
   * them, atomically: a crash leaves either the old rows or the merged one.
   */
  compact(room: string, mergedUpdate: Uint8Array, uptoSeq: number): void;
  close(): void;
}
