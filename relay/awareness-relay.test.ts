import * as encoding from 'lib0/encoding';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AWARENESS_WINDOW_MS, AwarenessRelay, MAX_CLIENTS_PER_CONNECTION, RENEWAL_DELAY_MS } from './awareness-relay';
import { fakePeer } from './testing';

function update(clientId: number, clock: number, state: unknown): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, JSON.stringify(state));
  return encoding.toUint8Array(e);
}

function relayWithPeers(...names: string[]) {
  vi.useFakeTimers();
  onTestFinished(() => void vi.useRealTimers());
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  const relay = new AwarenessRelay(awareness);
  const peers = names.map((name) => fakePeer(name, `token-${name}`));
  for (const peer of peers) relay.add(peer);
  return { awareness, relay, peers };
}

describe('AwarenessRelay', () => {
  it('[R8] the relay announces no state of its own, and a peer that leaves has its states removed for everyone', () => {
    const { awareness, relay, peers: [aiko, ben] } = relayWithPeers('aiko', 'ben');
    expect(relay.greeting()).toBeNull();
    relay.receive(aiko!, update(11, 1, { name: 'Aiko' }));
    expect(ben!.sent).toHaveLength(1);
    relay.remove(aiko!);
    expect(awareness.getStates().has(11)).toBe(false);
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    expect(ben!.sent).toHaveLength(2);
    expect(relay.peerCount).toBe(1);
  });

  it('[R8] closing stops the change window and the renewal timer: nothing more is sent', () => {
    const { relay, peers: [aiko, ben] } = relayWithPeers('aiko', 'ben');
    // The awareness checks for outdated states on a timer of its own.
    const own = vi.getTimerCount();
    relay.receive(aiko!, update(11, 1, { name: 'Aiko' }));
    relay.receive(aiko!, update(11, 2, { name: 'Aiko', cursor: 1 }));
    relay.receive(aiko!, update(11, 3, { name: 'Aiko', cursor: 1 }));
    expect(vi.getTimerCount()).toBe(own + 2);
    const sent = ben!.sent.length;
    expect(relay.close()).toEqual([aiko, ben]);
    expect(vi.getTimerCount()).toBe(own);
    vi.advanceTimersByTime(RENEWAL_DELAY_MS);
    expect(ben!.sent).toHaveLength(sent);
  });

  it('[R8][R4] changes held when the doc is reloaded leave for the states the new awareness holds, and nothing fails', () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const errors: unknown[] = [];
    const relay = new AwarenessRelay(new awarenessProtocol.Awareness(new Y.Doc()), (error) => errors.push(error));
    const [aiko, ben] = [fakePeer('aiko', 'a'), fakePeer('ben', 'b')];
    relay.add(aiko);
    relay.add(ben);
    relay.receive(aiko, update(11, 1, { name: 'Aiko' }));
    relay.receive(aiko, update(12, 1, { name: 'Aiko 2' }));
    const sent = ben.sent.length;
    // The doc is rebuilt from the store; only client 11's state was carried over.
    const next = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(next, update(11, 1, { name: 'Aiko' }), null);
    relay.attach(next);
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    expect(errors).toEqual([]);
    expect(ben.sent.length).toBe(sent);
    // A later change still goes out, on the new awareness.
    relay.receive(aiko, update(11, 2, { name: 'Aiko', cursor: 4 }));
    vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    expect(ben.sent.length).toBe(sent + 1);
  });

  it(`[R8] a connection announces at most ${MAX_CLIENTS_PER_CONNECTION} client ids, and a room forgets the clocks of clients that left`, () => {
    const { awareness, relay, peers: [watcher] } = relayWithPeers('watcher');
    /** One frame announcing `count` client ids from `first` on. */
    const many = (first: number, count: number) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, count);
      for (let i = 0; i < count; i++) {
        encoding.writeVarUint(e, first + i);
        encoding.writeVarUint(e, 1);
        encoding.writeVarString(e, JSON.stringify({ n: i }));
      }
      return encoding.toUint8Array(e);
    };
    for (let round = 0; round < 100; round++) {
      const visitor = fakePeer(`visitor-${round}`, `token-${round}`);
      relay.add(visitor);
      relay.receive(visitor, many(round * 1_000, 300));
      expect(awareness.getStates().size).toBe(MAX_CLIENTS_PER_CONNECTION);
      relay.remove(visitor);
      vi.advanceTimersByTime(AWARENESS_WINDOW_MS);
    }
    // 1,600 clients came and went: the room keeps a bounded number of their clocks.
    expect(awareness.getStates().size).toBe(0);
    expect(awareness.meta.size).toBeLessThan(600);
    expect(watcher!.closed).toBeNull();
  });
});
