import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Origin } from '../model';
import { CloseCode, MESSAGE_SYNC } from '../protocol/wire';
import { RelayConnection, type ConnectionOptions } from './connection';
import { FakeNetwork, FakeRelay, frameKind, type FakeSocket } from './testing';

const ROOM = 'w1/p1';
/** Local changes are batched this long before the client asks for confirmation (connection.ts). */
const PROBE_DELAY_MS = 150;
const KEEPALIVE_MS = 20_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(options: Partial<ConnectionOptions> = {}) {
  const network = new FakeNetwork();
  const relay = new FakeRelay(network);
  const doc = new Y.Doc();
  const connection = new RelayConnection({
    doc,
    room: ROOM,
    relay: { url: 'ws://relay.test' },
    WebSocket: network.WebSocket,
    backoff: { baseMs: 100, capMs: 100, random: () => 1 },
    ...options,
  });
  const socket = (): FakeSocket => {
    const last = network.sockets.at(-1);
    if (!last) throw new Error('no socket opened');
    return last;
  };
  return { network, relay, doc, connection, socket };
}

function type(doc: Y.Doc, text: string): void {
  doc.transact(() => doc.getText('body').insert(doc.getText('body').length, text), Origin.local);
}

/** Lets the fake relay (which answers on a microtask) and due timers run. */
async function flush(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

function relayStep1(relay: FakeRelay): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, relay.doc(ROOM));
  return encoding.toUint8Array(encoder);
}

const unread = (socket: FakeSocket) => socket.outbox.map(frameKind);

describe('RelayConnection: what counts as confirmed', () => {
  it('confirms a change once the relay answers a sync step 1 sent after it', async () => {
    const { relay, doc, connection, socket } = setup();
    await flush();
    expect(connection.syncState).toMatchObject({ status: 'synced', pending: 0 });

    relay.hold();
    type(doc, 'hello');
    expect(connection.syncState).toMatchObject({ status: 'syncing', pending: 1 });
    await flush(PROBE_DELAY_MS);
    expect(unread(socket())).toEqual(['update', 'step1']);

    relay.step(socket()); // the update is stored, but nothing told the client so
    expect(connection.syncState.pending).toBe(1);
    relay.step(socket()); // the answer to the step 1 that followed it
    expect(connection.syncState).toMatchObject({ status: 'synced', pending: 0 });
    expect(relay.doc(ROOM).getText('body').toString()).toBe('hello');
  });

  it('does not count an answer to a step 1 sent before the change (a keepalive probe)', async () => {
    const { relay, doc, connection, socket } = setup();
    await flush();
    relay.hold();
    await flush(KEEPALIVE_MS);
    expect(unread(socket())).toEqual(['step1']);
    type(doc, 'typed after the probe left');
    expect(unread(socket())).toEqual(['step1', 'update']);

    relay.step(socket()); // answers the keepalive probe
    expect(connection.syncState).toMatchObject({ status: 'syncing', pending: 1 });

    relay.release();
    await flush(PROBE_DELAY_MS);
    expect(connection.syncState).toMatchObject({ status: 'synced', pending: 0 });
  });

  it('does not count the handshake answer for a change made while the handshake was under way', async () => {
    const { relay, doc, connection, socket } = setup();
    relay.hold();
    socket().accept(); // open, but the relay has not said anything yet
    expect(unread(socket())).toEqual(['step1']);
    type(doc, 'typed while connecting');
    expect(unread(socket())).toEqual(['step1']); // held until the relay asks what it lacks

    socket().deliver(relayStep1(relay));
    await flush();
    expect(unread(socket())).toEqual(['step1', 'step2', 'step1']);

    relay.step(socket()); // the handshake's answer: sent before the change went out
    expect(connection.syncState).toMatchObject({ status: 'syncing', pending: 1 });
    relay.step(socket());
    relay.step(socket());
    expect(connection.syncState).toMatchObject({ status: 'synced', pending: 0 });
    expect(relay.doc(ROOM).getText('body').toString()).toBe('typed while connecting');
  });

  it('keeps a change pending when the socket is lost before the answer, and confirms it only after the next connection resent it', async () => {
    const { network, relay, doc, connection, socket } = setup();
    await flush();
    relay.hold();
    type(doc, 'lost in transit');
    await flush(PROBE_DELAY_MS);
    expect(unread(socket())).toEqual(['update', 'step1']);
    const first = socket();
    first.drop();
    expect(connection.syncState).toMatchObject({ status: 'offline', pending: 1 });

    await flush(100); // the backoff
    const second = socket();
    expect(second).not.toBe(first);
    relay.accept(second);
    await flush();
    expect(unread(second)).toEqual(['step1', 'step2', 'step1']);
    relay.step(second); // answers the handshake step 1, written before the resent change
    expect(connection.syncState).toMatchObject({ status: 'syncing', pending: 1 });
    relay.step(second);
    relay.step(second);
    expect(connection.syncState).toMatchObject({ status: 'synced', pending: 0 });
    expect(relay.doc(ROOM).getText('body').toString()).toBe('lost in transit');
    expect(network.live()).toEqual([second]);
  });

  it('confirms in the order the probes were sent: each answer covers only the changes before its own probe', async () => {
    const { relay, doc, connection, socket } = setup();
    await flush();
    relay.hold();
    type(doc, 'one ');
    await flush(PROBE_DELAY_MS);
    type(doc, 'two ');
    type(doc, 'three');
    await flush(PROBE_DELAY_MS);
    expect(unread(socket())).toEqual(['update', 'step1', 'update', 'update', 'step1']);
    expect(connection.syncState.pending).toBe(3);

    relay.step(socket());
    relay.step(socket());
    expect(connection.syncState).toMatchObject({ status: 'syncing', pending: 2 });
    relay.release();
    expect(connection.syncState).toMatchObject({ status: 'synced', pending: 0 });
  });

  it('counts changes left from an earlier run until a probe after the handshake resent them is answered', async () => {
    const doc = new Y.Doc();
    type(doc, 'written offline yesterday');
    const { relay, connection, socket } = setup({ doc, initialPending: 2 });
    expect(connection.syncState.pending).toBe(2);
    relay.hold();
    relay.accept(socket());
    await flush();
    expect(unread(socket())).toEqual(['step1', 'step2', 'step1']);
    relay.step(socket());
    expect(connection.syncState).toMatchObject({ status: 'syncing', pending: 2 });
    relay.release();
    expect(connection.syncState).toMatchObject({ status: 'synced', pending: 0 });
    expect(relay.doc(ROOM).getText('body').toString()).toBe('written offline yesterday');
  });

  it('applies what teammates wrote without counting it as this device’s pending work', async () => {
    const { relay, doc, connection } = setup();
    await flush();
    const seen: number[] = [];
    connection.changes.subscribe((state) => seen.push(state.pending));
    const teammate = new Y.Doc();
    teammate.transact(() => teammate.getText('body').insert(0, 'from a teammate'), Origin.local);
    Y.applyUpdate(relay.doc(ROOM), Y.encodeStateAsUpdate(teammate), 'teammate');
    await flush();
    expect(doc.getText('body').toString()).toBe('from a teammate');
    expect(connection.syncState).toMatchObject({ status: 'synced', pending: 0 });
    expect(seen.filter((pending) => pending > 0)).toEqual([]); // never shown as "1 change not synced"
    // And it is not sent back: the relay's copy still has one insert, not an echo of it.
    expect(relay.doc(ROOM).getText('body').toString()).toBe('from a teammate');
  });

  it('leaves no timer behind once destroyed, whether connected, probing or waiting to reconnect', async () => {
    const { relay, doc, connection, socket } = setup();
    await flush();
    relay.hold();
    type(doc, 'unconfirmed');
    expect(vi.getTimerCount()).toBeGreaterThanOrEqual(2); // keepalive and probe
    connection.destroy();
    expect(vi.getTimerCount()).toBe(0);

    const other = setup();
    await flush();
    other.relay.down = true;
    other.socket().drop();
    expect(vi.getTimerCount()).toBe(1); // the reconnect backoff
    other.connection.destroy();
    expect(vi.getTimerCount()).toBe(0);
    expect(socket().closed).toBe(true);
  });
});

describe('RelayConnection: losing the socket', () => {
  it('stops reconnecting and says why when the relay closes for access, and asks its owner why', async () => {
    const asked: boolean[] = [];
    const { network, doc, connection, socket } = setup({ onRefusedOrUnreachable: (forAccess) => asked.push(forAccess) });
    await flush();
    type(doc, 'written before the token lapsed');
    socket().drop(CloseCode.unauthorized);
    expect(connection.syncState).toMatchObject({ status: 'offline', error: 'unauthorized', pending: 1 });
    expect(asked).toEqual([true]);
    await flush(60_000);
    expect(network.sockets).toHaveLength(1); // no reconnect loop
    expect(vi.getTimerCount()).toBe(0);

    connection.connect(); // a new token, or the relay said it was a false alarm
    await flush(PROBE_DELAY_MS);
    expect(connection.syncState).toMatchObject({ status: 'synced', error: null, pending: 0 });
  });

  it('carries its token in the subprotocol list, never in the URL (browsers print the URL of a failed connection)', async () => {
    const { socket } = setup({ relay: { url: 'ws://relay.test/', token: 'secret.token' } });
    await flush();
    expect(socket().url).toBe(`ws://relay.test/${ROOM}`);
    expect(socket().protocols).toEqual(['baton.v1', 'baton.token.secret.token']);
  });

  it('comes back at once after an owner changed its role, and tells its owner to ask for the new one', async () => {
    let roleChanges = 0;
    const { network, doc, connection, socket } = setup({ onRoleChanged: () => (roleChanges += 1), backoff: { baseMs: 60_000, capMs: 60_000, random: () => 1 } });
    await flush();
    socket().drop(CloseCode.roleChanged);
    expect(roleChanges).toBe(1);
    // No backoff: the second socket is there before any timer ran.
    expect(network.sockets).toHaveLength(2);
    type(doc, 'after the change');
    await flush(PROBE_DELAY_MS);
    expect(connection.syncState).toMatchObject({ status: 'synced', error: null, pending: 0 });
  });

  it('drops a relay that sends garbage and reconnects with backoff, keeping what was unconfirmed', async () => {
    const { network, relay, doc, connection, socket } = setup();
    await flush();
    relay.hold();
    type(doc, 'unconfirmed');
    socket().deliver(new Uint8Array([0, 9, 9, 9]));
    expect(socket().closedByClient).toBe(CloseCode.malformed);
    await flush();
    expect(connection.syncState).toMatchObject({ status: 'offline', pending: 1 });
    relay.release();
    await flush(100);
    expect(network.sockets).toHaveLength(2);
    await flush(PROBE_DELAY_MS);
    expect(connection.syncState).toMatchObject({ status: 'synced', pending: 0 });
    expect(relay.doc(ROOM).getText('body').toString()).toBe('unconfirmed');
  });

  it('replaces a socket that went silent (a laptop that slept) instead of waiting on it forever', async () => {
    const { network, relay, connection } = setup();
    await flush();
    relay.hold(); // nothing arrives any more, and no close either
    await flush(60_000 + 100); // silent past 50 s at the third keepalive, then the backoff
    expect(network.sockets.length).toBeGreaterThanOrEqual(2);
    expect(network.sockets[0]?.closed).toBe(true);
    relay.release();
    await flush(200);
    expect(connection.syncState.status).toBe('synced');
  });
});
