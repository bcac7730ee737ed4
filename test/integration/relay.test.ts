import { afterEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode, MESSAGE_SYNC } from '../../shared/protocol';
import type { StockClient, TestRelay, TestRelayOptions } from '../helpers';
import { createCleanup, openRawSocket, relayFor, stockClientFor, upgradeStatus, waitForClose, waitUntil } from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const relayForTest = (options?: TestRelayOptions) => relayFor(cleanup, options);
const client = (relay: TestRelay, room: string): StockClient => stockClientFor(cleanup, relay.url, room);

const text = (c: StockClient) => c.doc.getText('body').toString();

describe('relay with stock y-websocket clients', () => {
  it('[R2][R3] two clients converge after concurrent offline edits', async () => {
    const relay = await relayForTest();
    const a = client(relay, 'ws1/doc1');
    const b = client(relay, 'ws1/doc1');
    await Promise.all([a.synced(), b.synced()]);

    a.doc.getText('body').insert(0, 'hello');
    await waitUntil(() => text(b) === 'hello', { description: 'b receives a live edit' });

    a.provider.disconnect();
    b.provider.disconnect();
    a.doc.getText('body').insert(5, ' from Tokyo');
    b.doc.getText('body').insert(0, 'Berlin says: ');

    a.provider.connect();
    b.provider.connect();
    await waitUntil(() => text(a) === text(b) && text(a).includes('Tokyo') && text(a).includes('Berlin'), {
      description: 'both offline edits on both clients',
    });
    expect(text(a)).toBe(text(b));
    expect(text(a)).toContain('hello from Tokyo');
    expect(text(a)).toContain('Berlin says: ');
  });

  it('[R8] awareness states are relayed between clients and removed when a client leaves', async () => {
    const relay = await relayForTest();
    const a = client(relay, 'ws1/doc2');
    const b = client(relay, 'ws1/doc2');
    await Promise.all([a.synced(), b.synced()]);

    a.provider.awareness.setLocalStateField('user', { name: 'Aiko' });
    await waitUntil(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Aiko', {
      description: "b sees a's awareness",
    });

    a.provider.disconnect();
    await waitUntil(() => !b.provider.awareness.getStates().has(a.doc.clientID), {
      description: "a's awareness removed at b",
    });
  });

  it('[R6] a relay restart loses nothing: a fresh client receives every edit', async () => {
    const relay = await relayForTest();
    const a = client(relay, 'ws2/notes');
    await a.synced();
    for (let i = 0; i < 50; i++) a.doc.getText('body').insert(a.doc.getText('body').length, `line ${i}\n`);
    a.doc.getMap('meta').set('title', 'Plan');
    // The relay's own step 1 after our edits confirms it holds them ([R3]); wait until
    // a newly connected observer sees the final state, then restart.
    const observer = client(relay, 'ws2/notes');
    await waitUntil(() => text(observer) === text(a), { description: 'observer has all edits' });
    const expected = text(a);
    a.destroy();
    observer.destroy();

    await relay.restart();
    const fresh = client(relay, 'ws2/notes');
    await fresh.synced();
    await waitUntil(() => text(fresh) === expected, { description: 'fresh client has the text after restart' });
    expect(fresh.doc.getMap('meta').get('title')).toBe('Plan');
  });

  it('[R4] a malformed frame closes only that connection with 4400; another room keeps syncing', async () => {
    const relay = await relayForTest();
    const a = client(relay, 'ws3/other');
    const b = client(relay, 'ws3/other');
    await Promise.all([a.synced(), b.synced()]);

    const { ws: raw } = await openRawSocket(relay.url, 'ws3/bad');
    const closed = waitForClose(raw);
    raw.send(new Uint8Array([MESSAGE_SYNC, 2, 0xff, 0xff, 0xff])); // update with a length past the end
    expect((await closed).code).toBe(CloseCode.malformed);

    const { ws: garbage } = await openRawSocket(relay.url, 'ws3/other');
    const garbageClosed = waitForClose(garbage);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])); // not a Yjs update
    garbage.send(encoding.toUint8Array(encoder));
    expect((await garbageClosed).code).toBe(CloseCode.malformed);

    a.doc.getText('body').insert(0, 'still fine');
    await waitUntil(() => text(b) === 'still fine', { description: 'b still syncs after bad frames' });
    expect(relay.logs.some((line) => line.level === 'warn' && line.msg.includes('malformed'))).toBe(true);
  });

  it('[R1] an invalid room path is refused with HTTP 400 at the upgrade', async () => {
    const relay = await relayForTest();
    expect(await upgradeStatus(relay.url, 'only-one-part')).toBe(400);
    expect(await upgradeStatus(relay.url, 'a/b/c')).toBe(400);
    expect(await upgradeStatus(relay.url, 'bad%20id/doc')).toBe(400);
    expect(await upgradeStatus(relay.url, 'ws/doc?token=x')).toBe(101);
    expect(relay.relay.stats().rooms).toBeLessThanOrEqual(1);
  });

  it('[R5] an idle room is unloaded and reloads with its content', async () => {
    const relay = await relayForTest({ idleUnloadMs: 100 });
    const a = client(relay, 'ws4/idle');
    await a.synced();
    a.doc.getText('body').insert(0, 'kept while unloaded');
    await waitUntil(() => relay.relay.stats().rooms === 1);
    // Wait until the relay holds the edit: a second client sees it.
    const b = client(relay, 'ws4/idle');
    await waitUntil(() => text(b) === 'kept while unloaded');
    a.destroy();
    b.destroy();

    await waitUntil(() => relay.relay.stats().rooms === 0, { description: 'room unloaded' });
    const c = client(relay, 'ws4/idle');
    await c.synced();
    await waitUntil(() => text(c) === 'kept while unloaded', { description: 'content after reload' });
    expect(relay.relay.stats().rooms).toBe(1);
  });

  it('[R5] a client reconnecting while its room is idle keeps editing without loss or duplicates', async () => {
    const relay = await relayForTest({ idleUnloadMs: 20 });
    const a = client(relay, 'ws4/flap');
    await a.synced();
    for (let i = 0; i < 20; i++) {
      a.doc.getText('body').insert(a.doc.getText('body').length, `${i},`);
      a.provider.disconnect();
      if (i % 3 === 0) await waitUntil(() => relay.relay.stats().rooms === 0, { description: 'unload' });
      a.provider.connect();
      await a.synced();
    }
    const expected = Array.from({ length: 20 }, (_, i) => `${i},`).join('');
    const fresh = client(relay, 'ws4/flap');
    await waitUntil(() => text(fresh) === expected, { description: 'fresh client sees every edit once' });
  });

  it('[R3] sync step 1 from a client is answered with step 2 and then the relay state vector', async () => {
    const relay = await relayForTest();
    const a = client(relay, 'ws5/confirm');
    const b = client(relay, 'ws5/confirm');
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getText('body').insert(0, 'confirm me');
    await waitUntil(() => text(b) === 'confirm me', { description: 'relay holds the edit' });

    const raw = await openRawSocket(relay.url, 'ws5/confirm');
    cleanup.add(() => raw.ws.terminate());
    await waitUntil(() => raw.received.length >= 1, { description: "the relay's greeting step 1" });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
    raw.ws.send(encoding.toUint8Array(encoder));
    await waitUntil(() => raw.received.length >= 3, { description: 'step 2 and step 1 replies' });

    const [step2, step1] = raw.received.slice(1, 3).map((frame) => {
      const decoder = decoding.createDecoder(frame);
      return { type: decoding.readVarUint(decoder), sync: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) };
    });
    expect([step2?.type, step2?.sync, step1?.type, step1?.sync]).toEqual([MESSAGE_SYNC, 1, MESSAGE_SYNC, 0]);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, step2!.payload);
    expect(copy.getText('body').toString()).toBe('confirm me');
    expect(Y.decodeStateVector(step1!.payload).get(a.doc.clientID)).toBe(Y.decodeStateVector(Y.encodeStateVector(a.doc)).get(a.doc.clientID));
  });

  it('[R9] a connection that stops answering pings is terminated; live clients stay', async () => {
    const relay = await relayForTest({ pingIntervalMs: 50 });
    const live = client(relay, 'ws6/ping');
    await live.synced();
    // The stock client's own socket: were it dropped, the provider would reconnect on another one.
    const liveSocket = live.provider.ws as unknown as WebSocket;
    const silent = new WebSocket(`${relay.url}/ws6/ping`, { autoPong: false });
    cleanup.add(() => silent.terminate());
    await new Promise((resolve) => silent.once('open', resolve));
    const closed = waitForClose(silent);
    expect((await closed).code).toBe(1006);
    // The relay pings only a connection that answered its previous ping, so a
    // second ping from here on proves the live client's answers were counted.
    let pings = 0;
    liveSocket.on('ping', () => pings++);
    await waitUntil(() => pings >= 2 || liveSocket.readyState !== WebSocket.OPEN, { description: 'two more pings to the live client' });
    expect(liveSocket.readyState).toBe(WebSocket.OPEN);
    expect(live.provider.ws).toBe(liveSocket);
    expect(relay.relay.stats().connections).toBe(1);
  });
});
