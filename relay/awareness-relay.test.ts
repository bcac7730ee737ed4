import * as encoding from 'lib0/encoding';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AWARENESS_WINDOW_MS, AwarenessRelay, RENEWAL_DELAY_MS } from './awareness-relay';
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
});
