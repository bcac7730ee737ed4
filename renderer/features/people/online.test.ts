import { describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { onlineMembers, PRESENCE_FIELD } from './online';

/** Two devices' awareness of the same index doc, each change handed to the other as the relay would. */
function twoDevices() {
  const [a, b] = [new Awareness(new Y.Doc()), new Awareness(new Y.Doc())];
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    from.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin !== 'relay') applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [...added, ...updated, ...removed]), 'relay');
    });
  }
  return { a, b };
}

describe('who is online now', () => {
  it('is the members whose devices say so, not this device, and not one that has left', () => {
    const { a, b } = twoDevices();
    const states = (awareness: Awareness) => awareness.getStates() as Map<number, Record<string, unknown>>;
    // A device that says nothing of itself (a page's caret awareness, an old app) is nobody.
    expect(onlineMembers(states(a), a.clientID)).toEqual(new Set());
    b.setLocalStateField(PRESENCE_FIELD, 'mei');
    a.setLocalStateField(PRESENCE_FIELD, 'ben');
    expect(onlineMembers(states(a), a.clientID)).toEqual(new Set(['mei']));
    expect(onlineMembers(states(b), b.clientID)).toEqual(new Set(['ben']));
    // Left (the relay removes a closed connection's state): gone.
    removeAwarenessStates(a, [b.clientID], 'relay');
    expect(onlineMembers(states(a), a.clientID)).toEqual(new Set());
    // What is not a member id is not taken for one.
    expect(onlineMembers(new Map([[7, { [PRESENCE_FIELD]: '../x' }], [8, { [PRESENCE_FIELD]: 42 }]]), 1)).toEqual(new Set());
    a.destroy();
    b.destroy();
  });
});
