/**
 * Applying a client's update to a room's doc, and deciding what of it to store
 * and forward ([R2], [R26], [R30]). Yjs applies what it can and keeps what
 * waits for dependencies; it can also integrate part of an update and then
 * throw. Whatever happens, the room stores exactly what changed its doc, never
 * more, and never a state a stock client cannot apply.
 */
import * as Y from 'yjs';
import { pendingHoldsTypes } from './nesting';

/** Bytes of updates a room holds that cannot integrate until their dependencies arrive ([R30]). */
export const MAX_PENDING_BYTES = 4 * 2 ** 20;

/** Where the doc's 'update' listener leaves the effective update of the transaction that just ran. */
export interface Capture {
  update: Uint8Array | null;
  /** Whether the transaction that just ran deleted anything (a failing update may still have). */
  deleted: boolean;
  /** Whether it put an item after one of its client's items in another parent (see `continuesElsewhere`). */
  misplaced: boolean;
}

/** What the room's doc reports after each transaction, before Yjs merges what it integrated. */
export function noteTransaction(capture: Capture, transaction: Y.Transaction): void {
  if (transaction.deleteSet.clients.size > 0) capture.deleted = true;
  if (continuesElsewhere(transaction)) capture.misplaced = true;
}

export interface Integration {
  /** What changed the doc (only what was new): forwarded once stored. */
  effective: Uint8Array | null;
  /** What to store: `effective`, or the update as received when it added to what is pending. */
  toStore: Uint8Array | null;
  /** Why Yjs refused the update (it is malformed), or null. */
  failure: unknown;
  /**
   * The update was refused after it changed the doc: Yjs threw halfway
   * (having integrated structs or applied deletions), or a relay rule refused
   * what Yjs applied. Such a part replays differently from the doc it left, so
   * it is neither stored nor sent: the room's doc goes back to what the store holds.
   */
  dirty: boolean;
}

/**
 * `types`: how many shared types the update holds, as the validator counted
 * them (undefined: unknown). Only then can it leave a type waiting.
 */
export function integrate(doc: Y.Doc, update: Uint8Array, origin: unknown, capture: Capture, types?: number): Integration {
  capture.update = null;
  capture.deleted = false;
  capture.misplaced = false;
  let failure: unknown = null;
  const pendingBefore = snapshotPending(doc);
  const bytesBefore = pendingBytes(doc);
  const stateBefore = stateVectorOf(doc);
  try {
    Y.applyUpdate(doc, update, origin);
  } catch (error) {
    failure = error;
  }
  const bytesAfter = pendingBytes(doc);
  // Yjs replaces the pending records whenever they change, and a change can
  // keep (or shrink) their size: a pending deletion merged into a neighbouring
  // range, or an earlier waiting edit integrating while a new one starts to
  // wait. So records are compared, not lengths.
  const pendingChanged = doc.store.pendingDs !== pendingBefore.ds || doc.store.pendingStructs?.update !== pendingBefore.structs?.update;
  if (failure !== null) {
    // A refused update leaves nothing waiting for dependencies ([R30]).
    restorePending(doc, pendingBefore);
  } else if (capture.misplaced) {
    // [R26] What the doc holds now is not what its encoding replays to.
    restorePending(doc, pendingBefore);
    failure = new Error("update continues one of its client's items in another parent");
  } else if (bytesAfter > bytesBefore && bytesAfter > MAX_PENDING_BYTES) {
    // [R30] Structs waiting for dependencies the relay never saw are kept,
    // merged into every sync step 1 answer and every compaction: a client
    // that keeps sending them could grow a room without bound. Honest clients
    // leave almost nothing pending, so past the cap the update is refused.
    restorePending(doc, pendingBefore);
    failure = new Error(`update leaves more than ${MAX_PENDING_BYTES} bytes waiting for missing dependencies`);
  } else if (pendingChanged && types !== 0 && pendingHoldsTypes(doc)) {
    // [R26][R30] A type waiting for its parent would be measured for nesting
    // only once that parent arrives, by an update that may be anyone's, and
    // measuring what waits on every update would cost every client. Honest
    // clients send a type after its parent, so one left waiting is refused.
    restorePending(doc, pendingBefore);
    failure = new Error('update leaves shared types waiting for missing dependencies');
  }
  const effective = capture.update as Uint8Array | null;
  capture.update = null;
  // [R4][R26][R30] A refused update may have changed the doc: Yjs may have
  // integrated structs, or applied deletions (which leave the state vector as
  // it was), before throwing, and a relay rule refuses only after Yjs applied
  // it. Its integrated part is not kept: the pending records were put back as
  // they were before it, which is not what Yjs holds once the doc has moved
  // on (it retries them on every update, and so does a replay of the store).
  if (failure !== null && (capture.deleted || effective !== null || !sameStateVector(stateBefore, stateVectorOf(doc)))) {
    return { effective: null, toStore: null, failure, dirty: true };
  }
  // An update that changed what waits for dependencies (added to it, or let
  // some of it integrate) is not wholly in `effective`: store the raw frame
  // so a restart replays exactly this ([R6]).
  const toStore = failure === null && pendingChanged ? update : effective;
  return { effective, toStore, failure, dirty: false };
}

/**
 * [R26] Whether the transaction integrated an item right after the previous
 * clock of its own client while that neighbour sits in another parent (or
 * was garbage-collected). Yjs does so for a struct that overlaps what the doc
 * holds of its client: it integrates the rest from the doc's clock on, after
 * the struct there, but keeps the parent the update named. Encoded (the
 * 'update' event, a sync step 2, a compaction) the item names only that
 * neighbour, and whoever applies it takes the neighbour's parent instead. An
 * honest overlap repeats the same item, so the parents agree; only a crafted
 * one differs. Run before Yjs merges the new structs into their neighbours.
 */
function continuesElsewhere(transaction: Y.Transaction): boolean {
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after === before) continue;
    const structs = transaction.doc.store.clients.get(client);
    if (!structs) continue;
    for (let i = Math.max(Y.findIndexSS(structs, before), 1); i < structs.length; i++) {
      const item = structs[i];
      if (!(item instanceof Y.Item) || item.origin?.client !== client || item.origin.clock !== item.id.clock - 1) continue;
      const left = structs[i - 1];
      if (!(left instanceof Y.Item) || left.parent !== item.parent || left.parentSub !== item.parentSub) return true;
    }
  }
  return false;
}

interface PendingSnapshot {
  structs: { missing: Map<number, number>; update: Uint8Array } | null;
  ds: Uint8Array | null;
}

/**
 * The doc's state vector as a map, read from its struct store: what
 * `Y.encodeStateVector` encodes, without encoding and sorting it on every update.
 */
function stateVectorOf(doc: Y.Doc): Map<number, number> {
  const vector = new Map<number, number>();
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    if (last) vector.set(client, last.id.clock + last.length);
  }
  return vector;
}

function sameStateVector(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}

function pendingBytes(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.length ?? 0) + (doc.store.pendingDs?.length ?? 0);
}

/** Yjs mutates the pending record in place, so keep a copy to go back to. */
function snapshotPending(doc: Y.Doc): PendingSnapshot {
  const structs = doc.store.pendingStructs;
  return { structs: structs ? { missing: new Map(structs.missing), update: structs.update } : null, ds: doc.store.pendingDs };
}

function restorePending(doc: Y.Doc, snapshot: PendingSnapshot): void {
  doc.store.pendingStructs = snapshot.structs;
  doc.store.pendingDs = snapshot.ds;
}
