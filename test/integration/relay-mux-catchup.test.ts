/**
 * Catching up without loading rooms (relay/SPEC.md [R39]–[R41], [R43]): change
 * numbers, CATCHUP, `since` and live `changed` pushes, on a real relay over SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MuxTestClient, StockClient, TestRelayOptions } from '../helpers';
import { bindDoc, createCleanup, openMuxClient, readSyncMessage, relayFor, spawnRelayCli, stockClientFor, tempDirFor, waitUntil } from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const relayForTest = (options?: TestRelayOptions) => relayFor(cleanup, options);
const stock = (url: string, room: string): StockClient => stockClientFor(cleanup, url, room);

async function mux(url: string, workspace = 'team'): Promise<MuxTestClient> {
  const client = await openMuxClient(url, workspace);
  cleanup.add(() => client.ws.terminate());
  return client;
}

/** Writes `value` into the doc through a stock client and waits until the relay holds it. */
async function edit(url: string, room: string, value: string): Promise<void> {
  const writer = stock(url, room);
  await writer.synced();
  writer.doc.getText('body').insert(0, value);
  // A second client that sees the edit proves the relay stored it ([R2]).
  const reader = stock(url, room);
  await waitUntil(() => reader.doc.getText('body').toString().includes(value), { description: `${value} at the relay` });
  writer.destroy();
  reader.destroy();
}

/** The step 2 a fresh OPEN of `docId` with an empty doc gets, as an update. */
async function openedStep2(client: MuxTestClient, channel: number, docId: string, since: number): Promise<Uint8Array> {
  const from = client.frames.length;
  client.open(channel, docId, new Y.Doc(), { since });
  const frame = await client.next('doc', (f) => f.channel === channel, { from });
  const message = readSyncMessage(frame.message);
  expect(message?.type).toBe('step2');
  return message!.payload;
}

const EMPTY_UPDATE = new Uint8Array([0, 0]);

describe('catch-up [R41]', () => {
  it('[R41] a new device (cursor 0) hears of every doc; then exactly the docs changed since its cursor; nothing once caught up', async () => {
    const relay = await relayForTest({ idleUnloadMs: 20 });
    for (const doc of ['a', 'b', 'c']) await edit(relay.url, `team/${doc}`, doc);
    await edit(relay.url, 'elsewhere/x', 'x');
    // Catch-up reads the index: no room is loaded for it.
    await waitUntil(() => relay.relay.stats().rooms === 0, { description: 'rooms to unload' });
    const client = await mux(relay.url);
    const first = await client.catchUp(0);
    expect(first.docIds).toEqual(['a', 'b', 'c']);
    expect(relay.relay.stats().rooms).toBe(0);

    await edit(relay.url, 'team/b', 'again');
    const second = await client.catchUp(first.cursor);
    expect(second.docIds).toEqual(['b']);
    expect(second.cursor).toBeGreaterThan(first.cursor);
    const third = await client.catchUp(second.cursor);
    expect(third).toEqual({ kind: 'changed', cursor: second.cursor, docIds: [] });
  });

  it('[R41] CATCHUP answers come in a burst of 4, then one a second; those that wait meanwhile are answered once, from the lowest cursor', async () => {
    const relay = await relayForTest();
    await edit(relay.url, 'team/a', 'a');
    const client = await mux(relay.url);
    const started = performance.now();
    const { cursor } = await client.catchUp(0);
    for (let i = 0; i < 3; i++) await client.catchUp(cursor);
    expect(performance.now() - started).toBeLessThan(500);
    const fifth = performance.now();
    await client.catchUp(cursor);
    expect(performance.now() - fifth).toBeGreaterThan(600);

    const from = client.frames.length;
    for (let i = 0; i < 5; i++) client.send({ kind: 'catchUp', cursor: i === 2 ? 0 : cursor });
    const answers = () => client.frames.slice(from).filter((frame) => frame?.kind === 'changed');
    await waitUntil(() => answers().length > 0, { timeoutMs: 3000, description: 'the coalesced answer' });
    // Cursor 0 was among them: the one answer lists doc a.
    expect(answers()).toEqual([{ kind: 'changed', cursor, docIds: ['a'] }]);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await client.roundTrip();
    expect(answers()).toHaveLength(1);
  });

  it('[R40] a change number survives kill -9 with its update: a cursor handed out before the crash still lists what changed after it', async () => {
    const dataDir = tempDirFor(cleanup, 'baton-mux-crash-');
    const start = async () => {
      const relay = await spawnRelayCli(['--port', '0', '--data', dataDir, '--no-auth']);
      cleanup.add(() => relay.kill());
      return relay;
    };
    const first = await start();
    await edit(first.url, 'team/a', 'a');
    const before = await mux(first.url);
    const { cursor } = await before.catchUp(0);
    // Journaled and forwarded, not yet in SQLite when the process dies (commits come every 250 ms).
    await edit(first.url, 'team/b', 'b');
    first.kill();
    await first.exited;

    const second = await start();
    const after = await mux(second.url);
    const caughtUp = await after.catchUp(cursor);
    expect(caughtUp.docIds).toEqual(['b']);
    // Numbers go on above what the crashed relay handed out.
    await edit(second.url, 'team/c', 'c');
    expect((await after.catchUp(caughtUp.cursor)).docIds).toEqual(['c']);
  });
});

describe('opening with a cursor [R39]', () => {
  it('[R39] a doc not stored to after `since` is answered with an empty step 2; one changed after it, or a cursor the relay never handed out, with the whole doc', async () => {
    const relay = await relayForTest();
    await edit(relay.url, 'team/a', 'a');
    await edit(relay.url, 'team/b', 'b');
    const client = await mux(relay.url);
    const { cursor } = await client.catchUp(0);

    expect(await openedStep2(client, 1, 'a', cursor)).toEqual(EMPTY_UPDATE);
    await edit(relay.url, 'team/b', 'changed');
    const changed = new Y.Doc();
    Y.applyUpdate(changed, await openedStep2(client, 2, 'b', cursor));
    expect(changed.getText('body').toString()).toContain('changed');
    // No cursor, a cursor from the future, a doc never stored: all get what the relay holds.
    expect(await openedStep2(client, 3, 'a', 0)).not.toEqual(EMPTY_UPDATE);
    expect(await openedStep2(client, 4, 'a', cursor * 2)).not.toEqual(EMPTY_UPDATE);
  });

  it('[R39] an update stored while the channel opens reaches it, even when its step 2 is empty', async () => {
    const relay = await relayForTest();
    await edit(relay.url, 'team/a', 'a');
    const client = await mux(relay.url);
    const { cursor } = await client.catchUp(0);
    const writer = stock(relay.url, 'team/a');
    await writer.synced();
    const doc = new Y.Doc();
    const bound = bindDoc(client, 1, 'a', doc, { since: cursor });
    writer.doc.getText('body').insert(0, 'racing;');
    await bound.synced();
    // Stored before the OPEN, it is in the step 2 (its number is past the cursor); after, it comes as an update.
    await waitUntil(() => doc.getText('body').toString().includes('racing;'), { description: 'the racing edit on the channel' });
  });
});

describe('live changes [R43]', () => {
  it('[R43] a socket hears changed(0, [doc]) for a doc it has not open, and the update itself for one it has', async () => {
    const relay = await relayForTest();
    const client = await mux(relay.url);
    const open = bindDoc(client, 1, 'open', new Y.Doc());
    await open.synced();
    const from = client.frames.length;
    await edit(relay.url, 'team/open', 'in the open doc');
    await edit(relay.url, 'team/closed', 'elsewhere');
    const pushed = await client.next('changed', (frame) => frame.docIds.includes('closed'), { from });
    expect(pushed).toEqual({ kind: 'changed', cursor: 0, docIds: ['closed'] });
    await waitUntil(() => open.doc.getText('body').toString() === 'in the open doc', { description: 'the update on the channel' });
    await client.roundTrip();
    const changed = client.frames.slice(from).filter((frame) => frame?.kind === 'changed');
    expect(changed.flatMap((frame) => (frame as { docIds: string[] }).docIds)).toEqual(['closed']);
  });

  it('[R43] a burst of edits costs a socket one frame per 100 ms window, and another workspace hears nothing', async () => {
    const relay = await relayForTest();
    const client = await mux(relay.url);
    const stranger = await mux(relay.url, 'other');
    const writer = stock(relay.url, 'team/busy');
    await writer.synced();
    const from = client.frames.length;
    for (let i = 0; i < 30; i++) writer.doc.getText('body').insert(0, `${i};`);
    const reader = stock(relay.url, 'team/busy');
    await waitUntil(() => reader.doc.getText('body').toString().startsWith('29;'), { description: 'the burst at the relay' });
    await waitUntil(() => client.frames.slice(from).some((frame) => frame?.kind === 'changed'), { description: 'a push' });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await client.roundTrip();
    const pushes = client.frames.slice(from).filter((frame) => frame?.kind === 'changed');
    expect(pushes.length).toBeGreaterThanOrEqual(1);
    expect(pushes.length).toBeLessThanOrEqual(3);
    await stranger.roundTrip();
    expect(stranger.frames.filter((frame) => frame?.kind === 'changed')).toEqual([]);
  });
});
