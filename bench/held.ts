/**
 * Knowing exactly when a device holds what the relay has: by state vectors, doc by doc, rather than
 * by the sync engine's summary state (which reads 'synced' for a moment between the index coming
 * into step and the background sweep starting).
 */
import * as Y from 'yjs';
import type { MemoryPersistence, WorkspaceSync } from '../shared/sync';

/** What a device's store holds of a doc, as a state vector. */
export function storedStateVector(persistence: MemoryPersistence, workspaceId: string, docId: string): Uint8Array {
  const doc = new Y.Doc();
  const opened = persistence.open(`baton/${workspaceId}/${docId}`, doc);
  const stateVector = Y.encodeStateVector(doc);
  void opened.close();
  doc.destroy();
  return stateVector;
}

/** Whether `have` holds every change `want` names. */
export function covers(have: Uint8Array, want: Uint8Array): boolean {
  const held = Y.decodeStateVector(have);
  for (const [client, clock] of Y.decodeStateVector(want)) if ((held.get(client) ?? 0) < clock) return false;
  return true;
}

/**
 * Resolves with the moment (performance.now) the device has synced every doc of `targets` up to at
 * least the state vector given for it. Call before the device starts syncing.
 */
export function whenHolding(sync: WorkspaceSync, targets: ReadonlyMap<string, Uint8Array>, timeoutMs = 300_000): Promise<number> {
  const remaining = new Set(targets.keys());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${remaining.size} of ${targets.size} docs not synced in ${timeoutMs} ms`));
    }, timeoutMs);
    const check = () => {
      if (remaining.size > 0) return;
      clearTimeout(timer);
      off();
      resolve(performance.now());
    };
    const off = sync.docSynced.subscribe(({ docId, doc }) => {
      const want = targets.get(docId);
      if (want && covers(Y.encodeStateVector(doc), want)) remaining.delete(docId);
      check();
    });
    check();
  });
}

/** Polls `done` every `everyMs` until it holds. */
export async function waitUntil(done: () => boolean, timeoutMs: number, what: string, everyMs = 2): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
