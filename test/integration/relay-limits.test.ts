import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode, MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/protocol';
import type { StockClient, TestRelay, TestRelayOptions } from '../helpers';
import { createCleanup, openRawSocket, relayFor, stockClientFor, waitForClose, waitUntil, withTimeout } from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const relayForTest = (options?: TestRelayOptions) => relayFor(cleanup, options);
const client = (relay: TestRelay, room: string): StockClient => stockClientFor(cleanup, relay.url, room);

function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, syncType);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** Status and JSON body of a refused upgrade (101 and null if accepted). */
function upgradeAnswer(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const ws = new WebSocket(`${url}/${path}`, { headers });
  cleanup.add(() => ws.terminate());
  return withTimeout(
    new Promise((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
      });
      ws.once('open', () => resolve({ status: 101, body: null }));
      ws.once('error', reject);
    }),
    5000,
    `upgrade on /${path}`,
  );
}

async function metricsText(relay: TestRelay): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${relay.relay.port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  return response.text();
}

const text = (c: StockClient) => c.doc.getText('body').toString();

describe('relay compatibility with stock y-websocket 3 clients', () => {
  it('[R3][R8][R9] stock providers sync text and awareness; every relay frame holds exactly one message', async () => {
    const relay = await relayForTest({ pingIntervalMs: 200 });
    const a = client(relay, 'compat/doc');
    const b = client(relay, 'compat/doc');
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getText('body').insert(0, 'from a');
    b.provider.awareness.setLocalStateField('user', { name: 'Berit' });
    await waitUntil(() => text(b) === 'from a' && a.provider.awareness.getStates().get(b.doc.clientID)?.user?.name === 'Berit', {
      description: 'text and awareness both ways',
    });

    // A raw observer decodes every frame it gets as exactly one y-websocket message.
    const raw = await openRawSocket(relay.url, 'compat/doc');
    cleanup.add(() => raw.ws.terminate());
    a.doc.getText('body').insert(0, '!');
    await waitUntil(() => raw.received.length >= 3, { description: 'frames at the raw observer' });
    for (const frame of raw.received) {
      const decoder = decoding.createDecoder(frame);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) decoding.readVarUint(decoder);
      decoding.readVarUint8Array(decoder);
      expect(decoding.hasContent(decoder)).toBe(false);
    }
  });

  it('[R9] a stock client with no awareness state of its own still hears from the relay well within its 30 s timeout', async () => {
    const relay = await relayForTest({ pingIntervalMs: 100 });
    const quiet = client(relay, 'compat/quiet');
    quiet.provider.awareness.setLocalState(null);
    await quiet.synced();
    const before = quiet.provider.wsLastMessageReceived;
    await waitUntil(() => quiet.provider.wsLastMessageReceived > before, { description: 'a keepalive message' });
    expect(quiet.provider.wsconnected).toBe(true);
    // A stock client renewing its awareness (every 15 s) hears its own state echoed too.
    const renewing = client(relay, 'compat/quiet');
    await renewing.synced();
    const seen = renewing.provider.wsLastMessageReceived;
    renewing.provider.awareness.setLocalState(renewing.provider.awareness.getLocalState());
    await waitUntil(() => renewing.provider.wsLastMessageReceived > seen, { description: 'awareness echo' });
  });
});

describe('relay limits', () => {
  it('[R25] an over-size message closes only its connection with 4413 and one log line; the room keeps syncing', async () => {
    const relay = await relayForTest({ limits: { maxMessageBytes: 64 * 1024 } });
    const a = client(relay, 'limits/size');
    const b = client(relay, 'limits/size');
    await Promise.all([a.synced(), b.synced()]);
    const { ws } = await openRawSocket(relay.url, 'limits/size');
    const closed = waitForClose(ws);
    ws.send(new Uint8Array(65 * 1024));
    expect((await closed).code).toBe(CloseCode.tooLarge);
    a.doc.getText('body').insert(0, 'still here');
    await waitUntil(() => text(b) === 'still here', { description: 'room unaffected' });
    const lines = relay.logs.filter((line) => line.msg.includes('message too large'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ room: 'limits/size', ip: '127.0.0.1' });
    expect(await metricsText(relay)).toContain(`baton_relay_connections_closed_total{code="${CloseCode.tooLarge}"} 1`);
  });

  it('[R25] a connection over its message rate is closed with 4429; a normal editor is not', async () => {
    const relay = await relayForTest({ limits: { rateMessagesPerSecond: 20, rateMessagesBurst: 50 } });
    const typist = client(relay, 'limits/rate');
    await typist.synced();
    for (let i = 0; i < 30; i++) typist.doc.getText('body').insert(i, 'x');
    const { ws } = await openRawSocket(relay.url, 'limits/rate');
    const closed = waitForClose(ws);
    const query = new Uint8Array([3]);
    for (let i = 0; i < 200; i++) ws.send(query);
    expect((await closed).code).toBe(CloseCode.rateLimited);
    expect(typist.provider.wsconnected).toBe(true);
    expect(relay.logs.some((line) => line.msg.includes('rate limit') && line.room === 'limits/rate')).toBe(true);
  });

  it('[R25] connections per IP and loaded rooms are refused at the upgrade with 429 / 503 and a JSON reason', async () => {
    const relay = await relayForTest({ limits: { maxConnectionsPerIp: 3, maxRooms: 2 } });
    const sockets = await Promise.all([1, 2].map(() => openRawSocket(relay.url, 'limits/one')));
    for (const s of sockets) cleanup.add(() => s.ws.terminate());
    const third = await openRawSocket(relay.url, 'limits/two');
    cleanup.add(() => third.ws.terminate());
    const refused = await upgradeAnswer(relay.url, 'limits/one');
    expect(refused).toEqual({ status: 429, body: { error: 'too many connections from this address' } });

    sockets[0]!.ws.close();
    await waitUntil(() => relay.relay.stats().connections === 2, { description: 'a slot frees' });
    // Two rooms are loaded: a third room is refused, a loaded one is still joinable.
    const full = await upgradeAnswer(relay.url, 'limits/three');
    expect(full.status).toBe(503);
    expect(full.body).toMatchObject({ error: expect.stringContaining('room limit') });
    expect((await upgradeAnswer(relay.url, 'limits/two')).status).toBe(101);
    const metrics = await metricsText(relay);
    expect(metrics).toContain('baton_relay_upgrades_rejected_total{reason="too_many_connections"} 1');
    expect(metrics).toContain('baton_relay_upgrades_rejected_total{reason="too_many_rooms"} 1');
  });

  it('[R25] behind a trusted proxy each client counts as its forwarded address, and a client cannot forge one', async () => {
    const relay = await relayForTest({ limits: { maxConnectionsPerIp: 1, trustedProxies: 1 } });
    // Every connection comes from 127.0.0.1, as from a reverse proxy that appends the client's address.
    expect((await upgradeAnswer(relay.url, 'proxied/a', { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(101);
    expect((await upgradeAnswer(relay.url, 'proxied/a', { 'X-Forwarded-For': '198.51.100.2' })).status).toBe(101);
    // What a client writes in front of the proxy's entry changes nothing.
    const again = await upgradeAnswer(relay.url, 'proxied/a', { 'X-Forwarded-For': '198.51.100.9, 198.51.100.1' });
    expect(again).toEqual({ status: 429, body: { error: 'too many connections from this address' } });
    expect(relay.logs.find((line) => line.msg.includes('too many connections'))).toMatchObject({ ip: '198.51.100.1', room: 'proxied/a' });
  });

  // How long a refusal takes is a figure of `npm run bench:validate`, not of a test.
  it('[R26] crafted updates (2^31 structs, truncated varints, huge lengths, deep nesting) are refused, each closing its connection with 4400; other rooms unaffected', async () => {
    const relay = await relayForTest();
    const a = client(relay, 'crafted/ok');
    const b = client(relay, 'crafted/ok');
    await Promise.all([a.synced(), b.synced()]);
    const e = (write: (enc: encoding.Encoder) => void) => {
      const enc = encoding.createEncoder();
      write(enc);
      return encoding.toUint8Array(enc);
    };
    const deep = e((enc) => {
      for (const n of [1, 1, 9, 0]) encoding.writeVarUint(enc, n);
      encoding.writeUint8(enc, 8);
      encoding.writeVarUint(enc, 1);
      encoding.writeVarString(enc, 'a');
      encoding.writeVarUint(enc, 1);
      for (let i = 0; i < 50_000; i++) {
        encoding.writeUint8(enc, 117);
        encoding.writeVarUint(enc, 1);
      }
    });
    const crafted: Uint8Array[] = [
      syncFrame(2, e((enc) => [1, 2 ** 31, 9, 0, 0].forEach((n) => encoding.writeVarUint(enc, n)))),
      syncFrame(0, e((enc) => encoding.writeVarUint(enc, 2 ** 31))),
      syncFrame(2, new Uint8Array([1, 1, 0x80])),
      syncFrame(
        2,
        e((enc) => {
          [1, 1, 9, 0, 4, 1].forEach((n) => encoding.writeVarUint(enc, n));
          encoding.writeVarString(enc, 't');
          encoding.writeVarUint(enc, 2 ** 31); // string length
        }),
      ),
      syncFrame(2, deep),
      e((enc) => (encoding.writeVarUint(enc, MESSAGE_AWARENESS), encoding.writeVarUint8Array(enc, e((inner) => encoding.writeVarUint(inner, 2 ** 31))))),
    ];
    for (const frame of crafted) {
      const { ws } = await openRawSocket(relay.url, 'crafted/bad');
      const closed = waitForClose(ws);
      ws.send(frame);
      expect((await closed).code).toBe(CloseCode.malformed);
    }
    a.doc.getText('body').insert(0, 'unaffected');
    await waitUntil(() => text(b) === 'unaffected', { description: 'other room syncs' });
    expect(Y.encodeStateAsUpdate(b.doc).length).toBeGreaterThan(2);
  });

  it('[R27] /metrics counts messages and bytes both ways, connections, rooms and persistence time', async () => {
    const relay = await relayForTest();
    const a = client(relay, 'metrics/doc');
    const b = client(relay, 'metrics/doc');
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getText('body').insert(0, 'measured');
    await waitUntil(() => text(b) === 'measured', { description: 'edit relayed' });
    const metrics = await metricsText(relay);
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(value('baton_relay_connections')).toBe(2);
    expect(value('baton_relay_rooms_loaded')).toBe(1);
    expect(value('baton_relay_messages_in_total')).toBeGreaterThan(3);
    expect(value('baton_relay_messages_out_total')).toBeGreaterThan(3);
    expect(value('baton_relay_bytes_in_total')).toBeGreaterThan(10);
    expect(value('baton_relay_bytes_out_total')).toBeGreaterThan(10);
    expect(value('baton_relay_persistence_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(1e6);
  });

  it('[R31] a client that asks for whole documents and never reads them is cut off; others keep syncing', async () => {
    const relay = await relayForTest({ limits: { maxMessageBytes: 1024 * 1024 } });
    // A room holding ~700 KB.
    const writer = client(relay, 'big/doc');
    await writer.synced();
    writer.doc.getText('t').insert(0, 'x'.repeat(700 * 1024));
    const reader = client(relay, 'big/doc');
    await waitUntil(() => reader.doc.getText('t').length === 700 * 1024, { timeoutMs: 10_000, description: 'content on the relay' });

    const { ws } = await openRawSocket(relay.url, 'big/doc');
    const closed = waitForClose(ws);
    // Stop reading: replies pile up on the relay's side of the socket.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const askForEverything = syncFrame(0, Y.encodeStateVector(new Y.Doc()));
    for (let i = 0; i < 60; i++) ws.send(askForEverything);
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await closed).code).toBe(CloseCode.rateLimited);

    writer.doc.getText('t').insert(0, 'still here ');
    await waitUntil(() => reader.doc.getText('t').toString().startsWith('still here '), { description: 'others unaffected' });
  });
});
