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
}

export interface Integration {
  /** What changed the doc (only what was new): forwarded once stored. */
  effective: Uint8Array | null;
  /** What to store: `effective`, or the update as received when it added to what is pending. */
  toStore: Uint8Array | null;
  /** Why Yjs refused the update (it is malformed), or null. */
  failure: unknown;
  /** The doc took part of a failing update and no longer gives a state a stock client can apply. */
  broken: boolean;
}

/**
 * `types`: how many shared types the update holds, as the validator counted
 * them (undefined: unknown). Only then can it leave a type waiting.
 */
export function integrate(doc: Y.Doc, update: Uint8Array, origin: unknown, capture: Capture, types?: number): Integration {
  capture.update = null;
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
  if (failure !== null) {
    // A refused update leaves nothing waiting for dependencies ([R30]).
    restorePending(doc, pendingBefore);
  } else if (bytesAfter > bytesBefore && bytesAfter > MAX_PENDING_BYTES) {
    // [R30] Structs waiting for dependencies the relay never saw are kept,
    // merged into every sync step 1 answer and every compaction: a client
    // that keeps sending them could grow a room without bound. Honest clients
    // leave almost nothing pending, so past the cap the update is refused.
    restorePending(doc, pendingBefore);
    failure = new Error(`update leaves more than ${MAX_PENDING_BYTES} bytes waiting for missing dependencies`);
  } else if (bytesAfter > bytesBefore && types !== 0 && pendingHoldsTypes(doc)) {
    // [R26][R30] A type waiting for its parent would be measured for nesting
    // only once that parent arrives, by an update that may be anyone's, and
    // measuring what waits on every update would cost every client. Honest
    // clients send a type after its parent, so one left waiting is refused.
    restorePending(doc, pendingBefore);
    failure = new Error('update leaves shared types waiting for missing dependencies');
  }
  let effective = capture.update as Uint8Array | null;
  capture.update = null;
  const partial = failure !== null && !sameStateVector(stateBefore, stateVectorOf(doc));
  // [R26] What Yjs integrated before failing may leave a state a stock client cannot apply.
  if (partial && !appliesCleanly(doc)) return { effective: null, toStore: null, failure, broken: true };
  if (partial && effective === null) {
    // Yjs can integrate structs and then fail in its own cleanup before it
    // emits the update: what it integrated is in the doc but in no update.
    // Store exactly that, so nothing is forwarded that is not stored ([R2]).
    try {
      effective = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(stateBefore));
    } catch {
      return { effective: null, toStore: null, failure, broken: true };
    }
  }
  // An update waiting for a missing dependency is not in `effective` yet;
  // store the raw frame so a restart still has it ([R6]) — only when this
  // update is what added to the waiting part.
  const toStore = failure === null && bytesAfter !== bytesBefore ? update : effective;
  return { effective, toStore, failure, broken: false };
}

/** Whether a fresh doc (a stock client) can apply the doc's whole state and encode it again. */
export function appliesCleanly(doc: Y.Doc): boolean {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    Y.encodeStateAsUpdate(copy);
    return true;
  } catch {
    return false;
  } finally {
    copy.destroy();
  }
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
