/**
 * One socket per device (relay/SPEC.md [R37]–[R39], [R46]): a real relay, raw
 * multiplexed clients (test/helpers/mux.ts) and stock y-websocket clients.
 */
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { BATON_SUBPROTOCOL, CloseCode, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../../shared/protocol';
import { MUX_SUBPROTOCOL } from '../../shared/protocol/mux';
import { SqliteDocStore } from '../../relay/storage';
import type { MuxTestClient, StockClient, TestRelay, TestRelayOptions } from '../helpers';
import { bindDoc, createCleanup, openMuxClient, readSyncMessage, relayFor, stockClientFor, syncUpdateMessage, tempDirFor, upgradeResponse, waitUntil } from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const relayForTest = (options?: TestRelayOptions) => relayFor(cleanup, options);
const stock = (relay: TestRelay, room: string): StockClient => stockClientFor(cleanup, relay.url, room);

async function mux(relay: TestRelay, workspace = 'team'): Promise<MuxTestClient> {
  const client = await openMuxClient(relay.url, workspace);
  cleanup.add(() => client.ws.terminate());
  return client;
}

const text = (doc: Y.Doc) => doc.getText('body').toString();
const docFrames = (client: MuxTestClient, channel: number) => client.frames.filter((frame) => frame?.kind === 'doc' && frame.channel === channel);

function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  return encoding.toUint8Array(encoder);
}

describe('multiplexed sockets: the upgrade [R37]', () => {
  it('[R37] a workspace path with the mux subprotocol becomes a socket that speaks mux; without it the path stays refused 400', async () => {
    const relay = await relayForTest();
    const client = await mux(relay);
    expect(client.protocol).toBe(MUX_SUBPROTOCOL);
    await client.roundTrip();
    expect((await upgradeResponse(relay.url, 'team')).status).toBe(400);
    expect((await upgradeResponse(relay.url, 'team', { 'Sec-WebSocket-Protocol': BATON_SUBPROTOCOL })).status).toBe(400);
    expect((await upgradeResponse(relay.url, 'bad.id', { 'Sec-WebSocket-Protocol': MUX_SUBPROTOCOL })).status).toBe(400);
    // A room path stays a room, whatever is offered: the relay never selects mux there.
    const room = await openMuxClient(relay.url, 'team/doc', { protocols: [MUX_SUBPROTOCOL, BATON_SUBPROTOCOL] });
    cleanup.add(() => room.ws.terminate());
    expect(room.protocol).toBe(BATON_SUBPROTOCOL);
  });
});

describe('multiplexed sockets: channels [R38]', () => {
  it('[R38] an OPEN is answered with step 2 only; `answer` adds the step 1, `presence` the awareness states', async () => {
    const relay = await relayForTest();
    const writer = stock(relay, 'team/doc');
    await writer.synced();
    writer.doc.getText('body').insert(0, 'hello');
    writer.provider.awareness.setLocalStateField('user', { name: 'Mei' });
    await waitUntil(() => relay.relay.stats().rooms === 1);
    const client = await mux(relay);

    const plain = new Y.Doc();
    client.open(1, 'doc', plain);
    await client.roundTrip();
    const onlyStep2 = docFrames(client, 1).map((frame) => readSyncMessage((frame as { message: Uint8Array }).message)?.type);
    expect(onlyStep2).toEqual(['step2']);

    client.open(2, 'doc', plain, { answer: true, presence: true });
    await client.roundTrip();
    const frames = docFrames(client, 2).map((frame) => (frame as { message: Uint8Array }).message);
    expect(frames.map((message) => readSyncMessage(message)?.type ?? message[0])).toEqual(['step2', 'step1', MESSAGE_AWARENESS]);
  });

  it('[R38] a stock per-room client and a mux channel see each other\'s edits live, and both are stored', async () => {
    const relay = await relayForTest();
    const writer = stock(relay, 'team/doc');
    await writer.synced();
    const client = await mux(relay);
    const bound = bindDoc(client, 7, 'doc', new Y.Doc(), { answer: true });
    await bound.synced();
    writer.doc.getText('body').insert(0, 'from stock;');
    await waitUntil(() => text(bound.doc) === 'from stock;', { description: 'the stock edit on the channel' });
    bound.doc.getText('body').insert(0, 'from mux;');
    await waitUntil(() => text(writer.doc) === 'from mux;from stock;', { description: 'the mux edit at the stock client' });

    const fresh = stock(relay, 'team/doc');
    await fresh.synced();
    expect(text(fresh.doc)).toBe('from mux;from stock;');
  });

  it('[R38] a sync step 1 on a channel is answered with step 2 only', async () => {
    const relay = await relayForTest();
    const client = await mux(relay);
    const bound = bindDoc(client, 0, 'doc', new Y.Doc());
    await bound.synced();
    const before = bound.received.length;
    client.sendDoc(0, syncStep1(bound.doc));
    await client.roundTrip();
    expect(bound.received.slice(before).map((message) => message.type)).toEqual(['step2']);
  });

  it('[R38] a malformed message or a refused update closes only its channel with the per-room code; the socket, other channels and other users go on', async () => {
    const relay = await relayForTest();
    const other = stock(relay, 'team/doc');
    await other.synced();
    const client = await mux(relay);
    const good = bindDoc(client, 1, 'doc', new Y.Doc());
    const bad = bindDoc(client, 2, 'other', new Y.Doc());
    await Promise.all([good.synced(), bad.synced()]);

    client.sendDoc(2, new Uint8Array([MESSAGE_SYNC, 2, 5, 1, 2]));
    expect(await client.next('close', (frame) => frame.channel === 2)).toEqual({ kind: 'close', channel: 2, code: CloseCode.malformed, reason: 'malformed message' });
    // A frame for the ended channel is ignored, not an error.
    client.sendDoc(2, syncUpdateMessage(new Uint8Array([0, 0])));

    good.doc.getText('body').insert(0, 'still here');
    await waitUntil(() => text(other.doc) === 'still here', { description: 'the good channel to keep syncing' });
    other.doc.getText('body').insert(0, '!');
    await waitUntil(() => text(good.doc) === '!still here', { description: 'the stock client to keep syncing' });

    // The number is free again: the same channel opens another doc.
    const again = bindDoc(client, 2, 'other', new Y.Doc());
    await again.synced();
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('[R38][R12] a room that cannot store ends its channels with 4500; the socket and its other channels go on', async () => {
    /** SQLite that refuses appends to one room, like a disk that fails under it. */
    class FailingStore extends SqliteDocStore {
      failing = 'team/broken';
      override appendUpdate(room: string, update: Uint8Array): number {
        if (room === this.failing) throw new Error('disk full');
        return super.appendUpdate(room, update);
      }
    }
    const dataDir = tempDirFor(cleanup, 'baton-mux-failing-');
    const relay = await relayForTest({ dataDir, store: new FailingStore(dataDir) });
    const client = await mux(relay);
    const good = bindDoc(client, 1, 'fine', new Y.Doc());
    const broken = bindDoc(client, 2, 'broken', new Y.Doc());
    await Promise.all([good.synced(), broken.synced()]);
    broken.doc.getText('body').insert(0, 'lost');
    expect(await client.next('close', (frame) => frame.channel === 2)).toMatchObject({ code: CloseCode.internal });
    const reader = stock(relay, 'team/fine');
    await reader.synced();
    good.doc.getText('body').insert(0, 'kept');
    await waitUntil(() => text(reader.doc) === 'kept', { description: 'the other channel to keep storing' });
  });

  it('[R38] a client CLOSE is echoed with 1000 and frees the number at once', async () => {
    const relay = await relayForTest();
    const client = await mux(relay);
    const bound = bindDoc(client, 3, 'doc', new Y.Doc());
    await bound.synced();
    client.send({ kind: 'close', channel: 3, code: 1000, reason: '' });
    expect(await client.next('close', (frame) => frame.channel === 3)).toEqual({ kind: 'close', channel: 3, code: CloseCode.normal, reason: '' });
    const again = bindDoc(client, 3, 'doc', new Y.Doc());
    await again.synced();
  });

  it('[R38] frames for a channel that is not open are ignored and counted', async () => {
    const relay = await relayForTest();
    const client = await mux(relay);
    client.sendDoc(9, syncUpdateMessage(new Uint8Array([0, 0])));
    client.send({ kind: 'close', channel: 9, code: 1000, reason: '' });
    await client.roundTrip();
    expect(client.frames.filter((frame) => frame?.kind === 'close')).toEqual([]);
    const metrics = await (await fetch(`http://127.0.0.1:${relay.relay.port}/metrics`)).text();
    expect(metrics).toContain('baton_relay_mux_frames_total{kind="doc",outcome="no-channel"} 1');
    expect(metrics).toContain('baton_relay_mux_frames_total{kind="close",outcome="no-channel"} 1');
  });

  it.each([
    ['a text frame', 'hello'],
    ['an unknown kind', new Uint8Array([9])],
    ['a truncated open', new Uint8Array([1, 0])],
    ['a channel past MAX_CHANNELS', new Uint8Array([0, 0x80, 0x08, 0])],
    ['a bad doc id', new Uint8Array([1, 0, 1, 0x2f, 0, 0, 0])],
    ['a kind only the relay sends', new Uint8Array([6])],
    ['trailing bytes after a ping', new Uint8Array([5, 0])],
  ])('[R38] %s closes the socket with 4400', async (_what, bytes) => {
    const relay = await relayForTest();
    const client = await mux(relay);
    client.sendRaw(bytes);
    expect((await client.closed).code).toBe(CloseCode.malformed);
  });

  it('[R38] an OPEN on a channel already open closes the socket with 4400', async () => {
    const relay = await relayForTest();
    const client = await mux(relay);
    const bound = bindDoc(client, 1, 'doc', new Y.Doc());
    await bound.synced();
    client.open(1, 'other', new Y.Doc());
    expect((await client.closed).code).toBe(CloseCode.malformed);
  });

  it('[R38] a channel without presence hears and sends no awareness; one with presence does both', async () => {
    const relay = await relayForTest();
    const peer = stock(relay, 'team/doc');
    await peer.synced();
    const client = await mux(relay);
    const quiet = bindDoc(client, 1, 'doc', new Y.Doc());
    const present = bindDoc(client, 2, 'doc', new Y.Doc(), { presence: true });
    await Promise.all([quiet.synced(), present.synced()]);
    const awarenessOn = (channel: number) => docFrames(client, channel).filter((frame) => (frame as { message: Uint8Array }).message[0] === MESSAGE_AWARENESS);

    // The first change leaves at once, the second within the room's window (held, then sent: [R8]'s two paths).
    peer.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    peer.provider.awareness.setLocalStateField('user', { name: 'Ana B' });
    await waitUntil(() => awarenessOn(2).some((frame) => new TextDecoder().decode((frame as { message: Uint8Array }).message).includes('Ana B')), {
      description: 'the awareness on the presence channel',
    });
    // Both channels share the socket: whatever the room sent the quiet one came before this pong.
    await client.roundTrip();
    expect(awarenessOn(1)).toEqual([]);

    // A query from the quiet channel gets no answer; the same query on the presence channel does.
    client.sendDoc(1, new Uint8Array([MESSAGE_QUERY_AWARENESS]));
    client.sendDoc(2, new Uint8Array([MESSAGE_QUERY_AWARENESS]));
    const answered = awarenessOn(2).length;
    await waitUntil(() => awarenessOn(2).length > answered, { description: 'the answer on the presence channel' });
    await client.roundTrip();
    expect(awarenessOn(1)).toEqual([]);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });
});

describe('multiplexed sockets: keepalive [R46]', () => {
  it('[R46] ping is answered with pong at once, and an idle socket gets pong frames, never an awareness frame', async () => {
    const relay = await relayForTest({ pingIntervalMs: 200 });
    const client = await mux(relay);
    await client.roundTrip();
    const before = client.frames.length;
    await waitUntil(() => client.frames.slice(before).filter((frame) => frame?.kind === 'pong').length >= 2, { timeoutMs: 3000, description: 'keepalive pongs' });
    expect(client.frames.every((frame) => frame?.kind === 'pong')).toBe(true);
  });
});

/** The Sec-WebSocket-Extensions the relay answers to a client offering permessage-deflate (as `ws` and browsers do). */
function negotiated(relay: TestRelay, path: string, protocols: string[]): Promise<string | undefined> {
  const ws = new WebSocket(`${relay.url}/${path}`, protocols, { perMessageDeflate: { clientMaxWindowBits: 15 } });
  cleanup.add(() => ws.terminate());
  return new Promise((resolve, reject) => {
    ws.once('upgrade', (response) => resolve(response.headers['sec-websocket-extensions']));
    ws.once('error', reject);
  });
}

describe('multiplexed sockets: compression [R47]', () => {
  it('[R47] a multiplexed socket takes permessage-deflate with 2 KiB windows and a big doc crosses it compressed and whole; a room socket stays uncompressed', async () => {
    const relay = await relayForTest();
    const writer = stock(relay, 'team/doc');
    await writer.synced();
    const minutes = Array.from({ length: 800 }, (_, i) => `Item ${i}: the launch plan holds, owners confirmed, next review on Thursday.`).join('\n');
    writer.doc.getText('body').insert(0, minutes);
    await writer.synced();

    // What the relay answered to the offer every browser makes.
    expect(await negotiated(relay, 'team', [MUX_SUBPROTOCOL])).toMatch(/^permessage-deflate(; (server|client)_max_window_bits=11){2}$/);
    expect(await negotiated(relay, 'team/doc', [BATON_SUBPROTOCOL])).toBeUndefined();

    const client = await mux(relay);
    const socket = (client.ws as unknown as { _socket: { bytesRead: number } })._socket;
    const before = socket.bytesRead;
    const doc = new Y.Doc();
    bindDoc(client, 1, 'doc', doc);
    await waitUntil(() => text(doc) === minutes, { description: 'the doc over the compressed socket' });
    // The step 2 holds the text once (some 60 KB); what crossed the wire is a fraction of it.
    expect(socket.bytesRead - before).toBeLessThan(minutes.length / 4);
  });
});
