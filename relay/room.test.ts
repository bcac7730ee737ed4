import * as decoding from 'lib0/decoding';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode, MESSAGE_AWARENESS, MESSAGE_SYNC } from '../shared/protocol';
import { RelayError } from './errors';
import { silentLogger } from './log';
import { AWARENESS_WINDOW_MS, RENEWAL_DELAY_MS } from './awareness-relay';
import { MAX_PENDING_BYTES } from './integrate';
import { Room } from './room';
import type { FakePeer } from './testing';
import { MemoryDocStore, fakePeer } from './testing';

function loadRoom(store = new MemoryDocStore(), compactThreshold = 500) {
  return Room.load('w/d', { store, logger: silentLogger, compactThreshold });
}

function decodeFrame(frame: Uint8Array): { type: number; sub: number; payload: Uint8Array } {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE_AWARENESS) return { type, sub: -1, payload: decoding.readVarUint8Array(decoder) };
  return { type, sub: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) };
}

/** An awareness message from `peer` announcing one client's state (null: removed) at `clock`. */
function announce(room: Room, peer: FakePeer, clientId: number, clock: number, state: unknown): void {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify(state));
  room.receive(peer, { type: 'awareness', update: encoding.toUint8Array(encoder) });
}

/** Every awareness frame `peer` was sent from `from` on, as its entries: client id, clock, state. */
function awarenessHeard(peer: FakePeer, from = 0): Array<Array<[number, number, unknown]>> {
  return peer.sent
    .slice(from)
    .map(decodeFrame)
    .filter((frame) => frame.type === MESSAGE_AWARENESS)
    .map(({ payload }) => {
      const decoder = decoding.createDecoder(payload);
      return Array.from({ length: decoding.readVarUint(decoder) }, (): [number, number, unknown] => [
        decoding.readVarUint(decoder),
        decoding.readVarUint(decoder),
        JSON.parse(decoding.readVarString(decoder)),
      ]);
    });
}

/** A room on fake timers (real ones again when the test ends) with a joined peer per name. */
function roomWithPeers(...names: string[]): { room: Room; peers: FakePeer[] } {
  vi.useFakeTimers();
  onTestFinished(() => void vi.useRealTimers());
  const room = loadRoom();
  const peers = names.map((name) => fakePeer(name));
  for (const peer of peers) room.join(peer);
  return { room, peers };
}

function edit(text: string, doc = new Y.Doc()): Uint8Array {
  doc.getText('t').insert(doc.getText('t').length, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('Room', () => {
  it('[R3] greets a peer with sync step 1', () => {
    const room = loadRoom();
    const peer = fakePeer();
    room.join(peer);
    expect(peer.sent.map(decodeFrame).map((f) => [f.type, f.sub])).toEqual([[MESSAGE_SYNC, 0]]);
  });

  it('[R3] answers sync step 1 with step 2 and then its own step 1', () => {
    const room = loadRoom();
    const writer = fakePeer('writer');
    const reader = fakePeer('reader');
    room.join(writer);
    room.join(reader);
    room.receive(writer, { type: 'sync-update', update: edit('abc') });
    reader.sent.length = 0;

    room.receive(reader, { type: 'sync-step1', stateVector: Y.encodeStateVector(new Y.Doc()) });
    const [step2, step1] = reader.sent.map(decodeFrame);
    expect([step2?.sub, step1?.sub]).toEqual([1, 0]);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, step2!.payload);
    expect(copy.getText('t').toString()).toBe('abc');
    expect(step1!.payload).toEqual(Y.encodeStateVector(room.doc));
  });

  it('[R2] stores an update before broadcasting it, and not back to its sender', () => {
    const store = new MemoryDocStore();
    const room = loadRoom(store);
    const sender = fakePeer('sender');
    const other = fakePeer('other');
    room.join(sender);
    room.join(other);
    let storedWhenSent = -1;
    const send = other.send.bind(other);
    other.send = (frame) => {
      storedWhenSent = store.appendCount;
      send(frame);
    };
    sender.sent.length = 0;
    room.receive(sender, { type: 'sync-update', update: edit('x') });
    expect(storedWhenSent).toBe(1);
    expect(sender.sent).toEqual([]);
    expect(decodeFrame(other.sent.at(-1)!).sub).toBe(2);
  });

  it('[R2] an update that changes nothing is neither stored nor broadcast', () => {
    const store = new MemoryDocStore();
    const room = loadRoom(store);
    const a = fakePeer('a');
    const b = fakePeer('b');
    room.join(a);
    room.join(b);
    const update = edit('once');
    room.receive(a, { type: 'sync-update', update });
    const sentToB = b.sent.length;
    room.receive(a, { type: 'sync-step2', update });
    room.receive(a, { type: 'sync-step2', update: Y.encodeStateAsUpdate(new Y.Doc()) });
    expect(store.appendCount).toBe(1);
    expect(b.sent.length).toBe(sentToB);
  });

  it('[R2][R6] an update waiting for a missing dependency is stored and integrates after reload', () => {
    const store = new MemoryDocStore();
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getText('t').insert(0, 'first');
    source.getText('t').insert(5, ' second');
    const room = loadRoom(store);
    const peer = fakePeer();
    room.join(peer);
    room.receive(peer, { type: 'sync-update', update: updates[1]! }); // depends on updates[0]
    expect(store.appendCount).toBe(1);

    const reloaded = loadRoom(store);
    reloaded.join(peer);
    reloaded.receive(peer, { type: 'sync-update', update: updates[0]! });
    expect(reloaded.doc.getText('t').toString()).toBe('first second');
  });

  it('[R30] refuses updates once too much is waiting for dependencies it never saw, and keeps serving', () => {
    const store = new MemoryDocStore();
    const room = loadRoom(store);
    const attacker = fakePeer('attacker');
    const honest = fakePeer('honest');
    room.join(attacker);
    room.join(honest);
    // Each update depends on an insert the relay never receives, so none can integrate.
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getText('t').insert(0, 'x');
    for (let i = 0; i < 6; i++) source.getText('t').insert(1, 'y'.repeat(1024 * 1024));
    let refused: unknown = null;
    for (const update of updates.slice(1)) {
      try {
        room.receive(attacker, { type: 'sync-update', update });
      } catch (error) {
        refused = error;
        break;
      }
    }
    expect(refused).toBeInstanceOf(RelayError);
    expect((refused as RelayError).reason).toBe('malformed');
    const held = (room.doc.store.pendingStructs?.update.length ?? 0) + (room.doc.store.pendingDs?.length ?? 0);
    expect(held).toBeLessThanOrEqual(MAX_PENDING_BYTES);
    // The room still answers and accepts honest edits.
    room.receive(honest, { type: 'sync-update', update: edit('fine') });
    expect(room.doc.getText('t').toString()).toBe('fine');
  });

  it('[R4] an invalid update throws a malformed RelayError and leaves the doc unchanged', () => {
    const room = loadRoom();
    const peer = fakePeer();
    room.join(peer);
    room.receive(peer, { type: 'sync-update', update: edit('ok') });
    const before = Y.encodeStateAsUpdate(room.doc);
    let caught: unknown;
    try {
      room.receive(peer, { type: 'sync-update', update: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RelayError);
    expect((caught as RelayError).reason).toBe('malformed');
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
  });

  it('[R7] compacts into one row once the threshold is exceeded', () => {
    const store = new MemoryDocStore();
    const room = loadRoom(store, 10);
    const peer = fakePeer();
    room.join(peer);
    const doc = new Y.Doc();
    for (let i = 0; i < 25; i++) {
      doc.getText('t').insert(i, 'a');
      room.receive(peer, { type: 'sync-update', update: Y.encodeStateAsUpdate(doc, Y.encodeStateVector(room.doc)) });
    }
    const rows = store.loadUpdates('w/d');
    expect(rows.length).toBeLessThanOrEqual(11);
    expect(loadRoom(store).doc.getText('t').toString()).toBe('a'.repeat(25));
  });

  it('[R12] a failed append closes every peer with 4500 and drops the room', () => {
    const store = new MemoryDocStore();
    let broken = false;
    const room = Room.load('w/d', { store, logger: silentLogger, compactThreshold: 500, onBroken: () => (broken = true) });
    const peers: FakePeer[] = [fakePeer('a'), fakePeer('b')];
    for (const peer of peers) room.join(peer);
    store.failAppends = true;
    room.receive(peers[0]!, { type: 'sync-update', update: edit('lost?') });
    expect(peers.map((p) => p.closed?.code)).toEqual([CloseCode.internal, CloseCode.internal]);
    expect(broken).toBe(true);
    expect(room.isDestroyed).toBe(true);
    // Nothing was broadcast that the store does not hold.
    expect(peers[1]!.sent.map(decodeFrame).some((f) => f.sub === 2)).toBe(false);
  });

  it('[R8] relays awareness and removes a leaving peer\'s states', () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const room = loadRoom();
    const a = fakePeer('a');
    const b = fakePeer('b');
    room.join(a);
    room.join(b);
    const clientDoc = new Y.Doc();
    const clientAwareness = new awarenessProtocol.Awareness(clientDoc);
    clientAwareness.setLocalState({ name: 'Aiko' });
    const sentToA = a.sent.length;
    room.receive(a, { type: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(clientAwareness, [clientDoc.clientID]) });
    // B's client learns of Aiko from what the relay sent it.
    const observer = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(observer, decodeFrame(b.sent.at(-1)!).payload, null);
    expect(observer.getStates().get(clientDoc.clientID)).toEqual({ name: 'Aiko' });
    expect(room.awareness.getStates().get(clientDoc.clientID)).toEqual({ name: 'Aiko' });
    // The sender is not sent its own state back.
    expect(a.sent).toHaveLength(sentToA);

    room.leave(a);
    expect(room.awareness.getStates().has(clientDoc.clientID)).toBe(false);
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    // ... and that Aiko left: the removal carries a clock B's client accepts.
    awarenessProtocol.applyAwarenessUpdate(observer, decodeFrame(b.sent.at(-1)!).payload, null);
    expect(observer.getStates().has(clientDoc.clientID)).toBe(false);
    clientAwareness.destroy();
    observer.destroy();
    room.shutdown();
  });

  it('[R8] nobody changes or removes the awareness state of another identity; the same identity takes over its own on reconnect', () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const room = loadRoom();
    const aiko = fakePeer('aiko', 'token-aiko');
    const mallory = fakePeer('mallory', 'token-mallory');
    const watcher = fakePeer('watcher', 'token-watcher');
    for (const peer of [aiko, mallory, watcher]) room.join(peer);
    const states = () => room.awareness.getStates();
    announce(room, aiko, 11, 1, { name: 'Aiko' });
    announce(room, mallory, 22, 1, { name: 'Mallory' });
    const heard = watcher.sent.length;

    // A higher clock for someone else's client id, then a removal: neither is applied or relayed.
    announce(room, mallory, 11, 9, { name: 'Aiko', cursor: 'somewhere else' });
    announce(room, mallory, 11, 10, null);
    expect(states().get(11)).toEqual({ name: 'Aiko' });
    // Its own state still goes through, and leaves with whatever else the window held:
    // once the watcher has it, it would have had the forged entries too.
    announce(room, mallory, 22, 2, { name: 'Mallory', cursor: 3 });
    expect(states().get(22)).toEqual({ name: 'Mallory', cursor: 3 });
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    expect(awarenessHeard(watcher, heard).flat()).toEqual([[22, 2, { name: 'Mallory', cursor: 3 }]]);

    // Aiko's device reconnects before the relay has noticed the old socket is gone.
    const aikoAgain = fakePeer('aiko-again', 'token-aiko');
    room.join(aikoAgain);
    announce(room, aikoAgain, 11, 2, { name: 'Aiko', cursor: 7 });
    expect(states().get(11)).toEqual({ name: 'Aiko', cursor: 7 });
    // The old socket closing does not take the new one's state with it.
    room.leave(aiko);
    expect(states().get(11)).toEqual({ name: 'Aiko', cursor: 7 });
    room.leave(aikoAgain);
    expect(states().has(11)).toBe(false);
    room.shutdown();
  });

  it('[R8] a renewed, unchanged state is relayed within a second, with the room\'s other renewals in one frame; a changed state at once', () => {
    const { room, peers: [aiko, ben, chen] } = roomWithPeers('aiko', 'ben', 'chen');
    announce(room, aiko!, 11, 1, { name: 'Aiko' });
    announce(room, ben!, 22, 1, { name: 'Ben' });
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    expect(awarenessHeard(chen!)).toEqual([[[11, 1, { name: 'Aiko' }]], [[22, 1, { name: 'Ben' }]]]);
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    const heard = [aiko!, ben!, chen!].map((peer) => peer.sent.length);

    // Renewals (same state, higher clock) wait, then leave together, each peer's own left out.
    announce(room, aiko!, 11, 2, { name: 'Aiko' });
    vi.advanceTimersByTime(RENEWAL_DELAY_MS / 2);
    announce(room, ben!, 22, 2, { name: 'Ben' });
    expect(awarenessHeard(chen!, heard[2])).toEqual([]);
    vi.advanceTimersByTime(RENEWAL_DELAY_MS / 2);
    expect(awarenessHeard(chen!, heard[2])).toEqual([
      [
        [11, 2, { name: 'Aiko' }],
        [22, 2, { name: 'Ben' }],
      ],
    ]);
    expect(awarenessHeard(aiko!, heard[0])).toEqual([[[22, 2, { name: 'Ben' }]]]);
    expect(awarenessHeard(ben!, heard[1])).toEqual([[[11, 2, { name: 'Aiko' }]]]);

    // A change goes at once and carries the renewal waiting before it.
    const beforeChange = chen!.sent.length;
    announce(room, aiko!, 11, 3, { name: 'Aiko' });
    announce(room, aiko!, 11, 4, { name: 'Aiko', cursor: 5 });
    expect(awarenessHeard(chen!, beforeChange)).toEqual([[[11, 4, { name: 'Aiko', cursor: 5 }]]]);
    // A peer that leaves with a renewal waiting is relayed as gone, and not renewed after that.
    announce(room, ben!, 22, 3, { name: 'Ben' });
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    room.leave(ben!);
    vi.advanceTimersByTime(RENEWAL_DELAY_MS);
    expect(awarenessHeard(chen!, beforeChange)).toEqual([[[11, 4, { name: 'Aiko', cursor: 5 }]], [[22, 3, null]]]);
    room.shutdown();
  });

  it('[R8] awareness changes leave at most once per window: the first at once, the ones after it together, each as it is by then', () => {
    const { room, peers: [aiko, ben, chen] } = roomWithPeers('aiko', 'ben', 'chen');
    const heard = () => [aiko!, ben!, chen!].map((peer) => awarenessHeard(peer));

    announce(room, aiko!, 11, 1, { name: 'Aiko', cursor: 1 });
    expect(heard()).toEqual([[], [[[11, 1, { name: 'Aiko', cursor: 1 }]]], [[[11, 1, { name: 'Aiko', cursor: 1 }]]]]);
    // Within the window: Ben arrives and Aiko's cursor moves twice. Nothing leaves yet.
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS / 2);
    announce(room, ben!, 22, 1, { name: 'Ben' });
    announce(room, aiko!, 11, 2, { name: 'Aiko', cursor: 2 });
    announce(room, aiko!, 11, 3, { name: 'Aiko', cursor: 3 });
    expect(heard().map((frames) => frames.length)).toEqual([0, 1, 1]);
    // When it ends, one frame each: the latest states, without the peer's own.
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS / 2);
    expect(heard()).toEqual([
      [[[22, 1, { name: 'Ben' }]]],
      [[[11, 1, { name: 'Aiko', cursor: 1 }]], [[11, 3, { name: 'Aiko', cursor: 3 }]]],
      [
        [[11, 1, { name: 'Aiko', cursor: 1 }]],
        [
          [22, 1, { name: 'Ben' }],
          [11, 3, { name: 'Aiko', cursor: 3 }],
        ],
      ],
    ]);
    // The window that follows a flush holds too.
    announce(room, aiko!, 11, 4, { name: 'Aiko', cursor: 4 });
    expect(heard().map((frames) => frames.length)).toEqual([1, 2, 2]);
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    expect(awarenessHeard(chen!).at(-1)).toEqual([[11, 4, { name: 'Aiko', cursor: 4 }]]);
    // A window with nothing held closes; the next change goes at once again.
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    expect(heard().map((frames) => frames.length)).toEqual([1, 3, 3]);
    room.leave(ben!);
    expect(awarenessHeard(chen!).at(-1)).toEqual([[22, 1, null]]);
    expect(awarenessHeard(aiko!).at(-1)).toEqual([[22, 1, null]]);
    room.shutdown();
  });

  it('[R8] held changes go to nobody who sent them, and a room shut down with changes held sends nothing more', () => {
    const { room, peers: [aiko, ben, chen] } = roomWithPeers('aiko', 'ben', 'chen');
    announce(room, aiko!, 11, 1, { name: 'Aiko' });
    announce(room, ben!, 22, 1, { name: 'Ben' });
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    announce(room, chen!, 33, 1, { name: 'Chen' });
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    const heardBefore = [aiko!, ben!, chen!].map((peer) => awarenessHeard(peer).length);

    // Held: Aiko clears her own state, Ben leaves with his cursor move unsent.
    announce(room, aiko!, 11, 2, null);
    announce(room, ben!, 22, 2, { name: 'Ben', cursor: 9 });
    room.leave(ben!);
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    const heardNow = (peer: FakePeer, index: number) => awarenessHeard(peer).slice(heardBefore[index]);
    expect(heardNow(aiko!, 0)).toEqual([[[22, 2, null]]]);
    expect(heardNow(chen!, 2)).toEqual([
      [
        [11, 2, null],
        [22, 2, null],
      ],
    ]);
    expect(heardNow(ben!, 1)).toEqual([]);

    announce(room, chen!, 33, 2, { name: 'Chen', cursor: 1 });
    const sent = aiko!.sent.length;
    room.shutdown();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(RENEWAL_DELAY_MS);
    expect(aiko!.sent).toHaveLength(sent);
  });
});
