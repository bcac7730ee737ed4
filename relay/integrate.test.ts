import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Capture } from './integrate';
import { MAX_PENDING_BYTES, integrate, noteTransaction } from './integrate';

function roomDoc(): { doc: Y.Doc; capture: Capture } {
  const doc = new Y.Doc();
  const capture: Capture = { update: null, deleted: false, misplaced: false };
  doc.on('update', (update: Uint8Array) => (capture.update = update));
  doc.on('afterTransaction', (transaction: Y.Transaction) => noteTransaction(capture, transaction));
  return { doc, capture };
}

/** Two edits by one client; the second depends on the first. */
function twoEdits(): [Uint8Array, Uint8Array] {
  const client = new Y.Doc();
  const updates: Uint8Array[] = [];
  client.on('update', (update: Uint8Array) => updates.push(update));
  client.getText('t').insert(0, 'hello');
  client.getText('t').insert(5, ' world');
  return [updates[0]!, updates[1]!];
}

describe('integrate', () => {
  it('[R2] an update that changes the doc is stored and forwarded as what changed', () => {
    const { doc, capture } = roomDoc();
    const [first] = twoEdits();
    const result = integrate(doc, first, 'peer', capture);
    expect(result.failure).toBeNull();
    expect(result.effective).not.toBeNull();
    expect(result.toStore).toEqual(result.effective);
    expect(doc.getText('t').toString()).toBe('hello');
    // The same again changes nothing: nothing to store or forward.
    expect(integrate(doc, first, 'peer', capture)).toMatchObject({ effective: null, toStore: null, failure: null });
  });

  it('[R2][R6] an update waiting for a dependency is stored as received and forwarded once it integrates', () => {
    const { doc, capture } = roomDoc();
    const [first, second] = twoEdits();
    const waiting = integrate(doc, second, 'peer', capture);
    expect(waiting).toMatchObject({ effective: null, toStore: second, failure: null });
    const completing = integrate(doc, first, 'peer', capture);
    expect(doc.getText('t').toString()).toBe('hello world');
    expect(completing.effective).not.toBeNull();
  });

  it('[R4] an update Yjs cannot read fails and leaves the doc and what is pending as they were', () => {
    const { doc, capture } = roomDoc();
    const [, second] = twoEdits();
    integrate(doc, second, 'peer', capture);
    const pending = doc.store.pendingStructs;
    const result = integrate(doc, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 'peer', capture);
    expect(result.failure).not.toBeNull();
    expect(result.toStore).toBeNull();
    expect(doc.store.pendingStructs).toEqual(pending);
  });

  it(`[R30] an update that would leave more than ${MAX_PENDING_BYTES} bytes pending is refused and leaves nothing behind`, () => {
    const { doc, capture } = roomDoc();
    const client = new Y.Doc();
    client.getText('t').insert(0, 'x');
    const before = Y.encodeStateVector(client);
    client.getText('t').insert(1, 'y'.repeat(MAX_PENDING_BYTES + 1));
    const result = integrate(doc, Y.encodeStateAsUpdate(client, before), 'peer', capture);
    expect(result.failure).toBeInstanceOf(Error);
    expect(doc.store.pendingStructs).toBeNull();
  });
});
