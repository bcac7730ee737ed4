/**
 * Access and limits of multiplexed sockets (relay/SPEC.md [R37], [R42], [R45]):
 * tokens as for a room, viewers read-only per channel, revocation and role changes
 * end the whole socket, limits end a channel or the socket, never the relay.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, memberPath, tokenSubprotocols } from '../../shared/protocol';
import { MUX_SUBPROTOCOL } from '../../shared/protocol/mux';
import type { MuxTestClient, TestRelay, TestRelayOptions } from '../helpers';
import {
  accessCall,
  bindDoc,
  createCleanup,
  mintToken,
  openMuxClient,
  relayFor,
  runRelayCli,
  stockClientFor,
  syncUpdateMessage,
  upgradeResponse,
  waitUntil,
  workspaceWithMembers,
} from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const relayForTest = (options?: TestRelayOptions) => relayFor(cleanup, options);

async function mux(relay: TestRelay, workspace = 'team', token?: string): Promise<MuxTestClient> {
  const client = await openMuxClient(relay.url, workspace, { token });
  cleanup.add(() => client.ws.terminate());
  return client;
}

const text = (doc: Y.Doc) => doc.getText('body').toString();
const muxHeader = (token: string) => ({ 'Sec-WebSocket-Protocol': [MUX_SUBPROTOCOL, ...tokenSubprotocols(token)].join(', ') });

describe('multiplexed sockets: access [R37]', () => {
  it('[R37] no token is 401, a token of another workspace 403, both with a JSON reason before any websocket', async () => {
    const relay = await relayForTest({ auth: 'data-dir' });
    expect(await upgradeResponse(relay.url, 'team', { 'Sec-WebSocket-Protocol': MUX_SUBPROTOCOL })).toMatchObject({ status: 401, body: { reason: 'missing' } });
    const other = mintToken(relay.dataDir, 'other').token;
    expect(await upgradeResponse(relay.url, 'team', muxHeader(other))).toMatchObject({ status: 403, body: { reason: 'wrong-workspace' } });
    const own = await mux(relay, 'team', mintToken(relay.dataDir, 'team').token);
    expect(own.protocol).toBe(MUX_SUBPROTOCOL);
  });

  it('[R37][R17] a viewer channel receives everything and what it sends is neither relayed nor stored; the channel stays open', async () => {
    const relay = await relayForTest({ auth: 'data-dir' });
    const editor = stockClientFor(cleanup, relay.url, 'team/doc', { token: mintToken(relay.dataDir, 'team').token });
    await editor.synced();
    const viewer = await mux(relay, 'team', mintToken(relay.dataDir, 'team', { role: 'viewer' }).token);
    const bound = bindDoc(viewer, 1, 'doc', new Y.Doc());
    await bound.synced();
    const dropped = relay.relay.auth!.counters.viewerMessagesDropped;
    bound.doc.getText('body').insert(0, 'viewer;');
    await waitUntil(() => relay.relay.auth!.counters.viewerMessagesDropped > dropped, { description: 'the viewer edit dropped' });
    editor.doc.getText('body').insert(0, 'editor;');
    await waitUntil(() => text(bound.doc).includes('editor;'), { description: 'the editor edit at the viewer' });
    expect(text(editor.doc)).toBe('editor;');
    const fresh = stockClientFor(cleanup, relay.url, 'team/doc', { token: mintToken(relay.dataDir, 'team').token });
    await fresh.synced();
    expect(text(fresh.doc)).toBe('editor;');
  });

  it('[R37][R16] revoking the token closes the whole socket with 4401 at the next check', async () => {
    const relay = await relayForTest({ auth: 'data-dir', authCheckIntervalMs: 100 });
    const doomed = mintToken(relay.dataDir, 'team');
    const client = await mux(relay, 'team', doomed.token);
    const bound = bindDoc(client, 1, 'doc', new Y.Doc());
    await bound.synced();
    expect((await runRelayCli(['revoke', doomed.payload.jti, '--data', relay.dataDir])).code).toBe(0);
    expect(await client.closed).toEqual({ code: CloseCode.unauthorized, reason: 'token revoked' });
    expect((await upgradeResponse(relay.url, 'team', muxHeader(doomed.token))).status).toBe(401);
  });

  it('[R37][R33] an owner changing the member\'s role closes the socket with 4205, as a per-room socket', async () => {
    const relay = await relayForTest({ auth: 'data-dir', authCheckIntervalMs: 60_000 });
    const { owner, members } = await workspaceWithMembers(relay.url, relay.relay.auth!.secret, 'team', ['editor']);
    const client = await mux(relay, 'team', members[0]!.token);
    await bindDoc(client, 1, 'doc', new Y.Doc()).synced();
    const changed = await accessCall(relay.url, 'PATCH', memberPath(members[0]!.memberId), { token: owner.token, body: { role: 'viewer' } });
    expect(changed.status).toBe(200);
    expect((await client.closed).code).toBe(CloseCode.roleChanged);
  });
});

describe('multiplexed sockets: limits [R42]', () => {
  it('[R42] an OPEN beyond maxChannelsPerSocket is closed with 4429; closing one makes room', async () => {
    const relay = await relayForTest({ limits: { maxChannelsPerSocket: 2 } });
    const client = await mux(relay);
    await Promise.all([bindDoc(client, 1, 'a', new Y.Doc()).synced(), bindDoc(client, 2, 'b', new Y.Doc()).synced()]);
    client.open(3, 'c', new Y.Doc());
    expect(await client.next('close', (frame) => frame.channel === 3, { from: 0 })).toMatchObject({ code: CloseCode.rateLimited, reason: 'too many channels' });
    client.send({ kind: 'close', channel: 1, code: 1000, reason: '' });
    await client.next('close', (frame) => frame.channel === 1, { from: 0 });
    await bindDoc(client, 3, 'c', new Y.Doc()).synced();
  });

  it('[R42] an OPEN that would load a room beyond maxRooms is closed with 4503 (retry later); rooms already loaded still open', async () => {
    const relay = await relayForTest({ limits: { maxRooms: 1 } });
    const client = await mux(relay);
    await bindDoc(client, 1, 'a', new Y.Doc()).synced();
    client.open(2, 'b', new Y.Doc());
    expect(await client.next('close', (frame) => frame.channel === 2, { from: 0 })).toMatchObject({ code: CloseCode.busy });
    await bindDoc(client, 3, 'a', new Y.Doc()).synced();
  });

  it('[R42] the per-IP limit counts a socket once however many channels it holds', async () => {
    const relay = await relayForTest({ limits: { maxConnectionsPerIp: 1 } });
    const client = await mux(relay);
    await Promise.all([1, 2, 3].map((channel) => bindDoc(client, channel, `d${channel}`, new Y.Doc()).synced()));
    expect((await upgradeResponse(relay.url, 'team', { 'Sec-WebSocket-Protocol': MUX_SUBPROTOCOL })).status).toBe(429);
    client.close();
    await client.closed;
    // The slot is released with the close: a new socket is accepted.
    await (await mux(relay)).roundTrip();
  });

  it('[R42] the rate limit counts every frame of the socket: a flood closes the socket with 4429', async () => {
    const relay = await relayForTest({ limits: { rateMessagesPerSecond: 5, rateMessagesBurst: 20 } });
    const client = await mux(relay);
    await bindDoc(client, 1, 'a', new Y.Doc()).synced();
    for (let i = 0; i < 40; i++) client.sendDoc(1, syncUpdateMessage(new Uint8Array([0, 0])));
    expect((await client.closed).code).toBe(CloseCode.rateLimited);
  });

  it('[R42] a frame over maxMessageBytes closes the socket with 4413', async () => {
    const relay = await relayForTest({ limits: { maxMessageBytes: 4096 } });
    const client = await mux(relay);
    client.sendDoc(1, new Uint8Array(5000));
    expect((await client.closed).code).toBe(CloseCode.tooLarge);
  });
});
