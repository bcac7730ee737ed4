import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { appendParagraph, createPage, fragmentText, listPages, pageContent } from '../model';
import { decodeMuxFrame, MUX_SUBPROTOCOL, type MuxFrame } from '../protocol/mux';
import { CloseCode } from '../protocol/wire';
import type { FetchLike } from './access';
import { MemoryPersistence } from './memory';
import { CATCH_UP_AGAIN_MS } from './catchUp';
import { DEFAULT_MUX_KEEPALIVE } from './muxSocket';
import { MUX_BACKGROUND_CONCURRENCY } from './sweep';
import type { FakeNetwork, FakeSocket } from './testing';
import { seededFakeRelay } from './testingWorkspace';
import { WorkspaceSync, type WorkspaceSyncOptions } from './workspaceSync';

// WorkspaceSync over one socket (muxSocket.ts, catchUp.ts) against the fake relay's multiplexed
// side (testingMux.ts), with fake timers deciding every delay.
const WS = 'w1';
const START = Date.UTC(2026, 0, 5, 9);

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

const seededRelay = (count: number) => seededFakeRelay(WS, count, START);

function device(network: FakeNetwork, options: Partial<WorkspaceSyncOptions> = {}) {
  const persistence = (options.persistence as MemoryPersistence | undefined) ?? new MemoryPersistence();
  const sync = new WorkspaceSync({
    workspaceId: WS,
    relay: { url: 'ws://relay.test' },
    persistence,
    WebSocket: network.WebSocket,
    backoff: { baseMs: 100, capMs: 100, random: () => 1 },
    ...options,
  });
  return { sync, persistence };
}

async function until(predicate: () => boolean, ms = 60_000): Promise<void> {
  for (let waited = 0; !predicate(); waited += 50) {
    if (waited > ms) throw new Error(`condition not met after ${ms} ms of fake time`);
    await vi.advanceTimersByTimeAsync(50);
  }
}

/** A device online against a relay seeded with `count` pages, the first of them open (on screen) and in step. */
async function onlineWithPage(count: number) {
  const seeded = seededRelay(count);
  const { sync } = device(seeded.network);
  await sync.ready;
  await until(() => sync.state.status === 'synced');
  const page = await sync.openDoc(seeded.pageIds[0]!);
  await until(() => page.state().status === 'synced');
  return { ...seeded, sync, page };
}

const muxSockets = (network: FakeNetwork) => network.sockets.filter((socket) => socket.protocols.includes(MUX_SUBPROTOCOL));
const written = (socket: FakeSocket): MuxFrame[] => socket.written.map((bytes) => decodeMuxFrame(bytes));
const text = (doc: Y.Doc) => fragmentText(pageContent(doc));

describe('WorkspaceSync over one socket, against the fake relay', () => {
  it('with deferConnect dials nothing until start(), and what it loads and syncs from then on is told to a listener that came in between', async () => {
    const { network, pageIds } = seededRelay(3);
    const { sync } = device(network, { deferConnect: true });
    await sync.ready;
    const opened = await sync.openDoc(pageIds[0]!);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(network.sockets).toEqual([]);
    const synced = new Set<string>();
    sync.docSynced.subscribe(({ docId }) => synced.add(docId));
    sync.start();
    await until(() => pageIds.every((id) => synced.has(id)) && synced.has('index'));
    expect(muxSockets(network)).toHaveLength(1);
    opened.release();
    await sync.destroy();
  });

  it('syncs the index and every page over one socket, several channels at once, and saves the cursor it reached', async () => {
    const { network, pageIds } = seededRelay(20);
    const { sync } = device(network);
    const pages = new Map<string, string>();
    sync.docSynced.subscribe(({ docId, doc }) => docId !== 'index' && pages.set(docId, text(doc)));
    let peak = 0;
    network.onChange(() => (peak = Math.max(peak, sync.channelCount ?? 0)));
    await sync.ready;
    await until(() => sync.state.status === 'synced' && pages.size === 20);
    expect(network.sockets).toHaveLength(1);
    expect(peak).toBeGreaterThan(3);
    expect(peak).toBeLessThanOrEqual(1 + MUX_BACKGROUND_CONCURRENCY); // the index and the background docs
    expect(pages.get(pageIds[4]!)).toBe('body of page 4');
    const frames = written(muxSockets(network)[0]!);
    expect(frames[0]).toEqual({ kind: 'catchUp', cursor: 0 });
    await sync.destroy();
  });

  it('keeps the cursor it reached across a restart, and then opens nothing but the index', async () => {
    const { network, pageIds } = seededRelay(6);
    const persistence = new MemoryPersistence();
    const { sync } = device(network, { persistence, backgroundConcurrency: 2 });
    await sync.ready;
    await until(() => sync.state.status === 'synced');
    for (const id of pageIds) expect(sync.docVersion(id)).toBeGreaterThan(0);
    await sync.destroy();

    const again = device(network, { persistence });
    await again.sync.ready;
    await until(() => again.sync.state.status === 'synced');
    const frames = written(muxSockets(network)[1]!);
    expect(frames[0]).toEqual({ kind: 'catchUp', cursor: 7 }); // six pages and the index, stored in turn
    expect(frames.filter((frame) => frame.kind === 'open').map((frame) => frame.kind === 'open' && frame.docId)).toEqual(['index']);
    await again.sync.destroy();
  });

  it('does not move the cursor while a named doc is not in step yet', async () => {
    const { network, relay, pageIds } = seededRelay(3);
    const persistence = new MemoryPersistence();
    const { sync } = device(network, { persistence });
    await sync.ready;
    await until(() => sync.state.status === 'synced');
    await sync.destroy();
    const stored = async () => ((await persistence.open(`baton/${WS}/index`, new Y.Doc()).getMeta('baton:sync-registry')) as { cursor: number }).cursor;
    const before = await stored();

    // A teammate changes a page; the device comes back but that page's channel gets no answer.
    Y.applyUpdate(relay.doc(`${WS}/${pageIds[1]}`), Y.encodeStateAsUpdate(paragraph('from a teammate')), 'teammate');
    const again = device(network, { persistence });
    await again.sync.ready;
    await until(() => muxSockets(network).length === 2 && muxSockets(network)[1]!.readyState === 1);
    relay.hold();
    await vi.advanceTimersByTimeAsync(0);
    const socket = muxSockets(network)[1]!;
    // Serve everything but the page's OPEN.
    const page = pageIds[1]!;
    for (let step = 0; step < 50; step++) {
      const next = socket.outbox[0];
      if (!next) {
        await vi.advanceTimersByTimeAsync(50);
        continue;
      }
      const frame = decodeMuxFrame(next);
      if (frame.kind === 'open' && frame.docId === page) break;
      relay.step(socket);
    }
    await vi.advanceTimersByTimeAsync(1_000);
    expect(again.sync.state.status).toBe('syncing');
    await again.sync.destroy();
    expect(await stored()).toBe(before);
  });

  it('pings after 10 s of silence, drops the socket 5 s later without an answer, and reconnects with backoff', async () => {
    const { network, relay } = seededRelay(1);
    const { sync } = device(network);
    await sync.ready;
    await until(() => sync.state.status === 'synced');
    const socket = muxSockets(network)[0]!;
    // A relay that answers keeps an idle socket: a minute of pings and pongs, no reconnection.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(written(socket).filter((frame) => frame.kind === 'ping').length).toBeGreaterThanOrEqual(5);
    expect(muxSockets(network)).toHaveLength(1);
    expect(sync.state.status).toBe('synced');

    relay.hold(); // nothing arrives any more, and no close either
    await vi.advanceTimersByTimeAsync(DEFAULT_MUX_KEEPALIVE.pingAfterMs); // the ping sent at the last pong is what goes unanswered
    const pings = written(socket).filter((frame) => frame.kind === 'ping').length;
    expect(pings).toBeGreaterThan(0);
    await until(() => socket.closed, DEFAULT_MUX_KEEPALIVE.pingAfterMs + DEFAULT_MUX_KEEPALIVE.pongTimeoutMs + 100);
    expect(sync.state.status).toBe('offline');
    relay.release();
    await until(() => sync.state.status === 'synced', 1_000);
    expect(muxSockets(network)).toHaveLength(2);
    await sync.destroy();
  });

  it('asks the relay what it holds of a doc on screen, and sends what was typed while its channel was opening', async () => {
    const { network, relay, pageIds } = seededRelay(1);
    const { sync } = device(network);
    await sync.ready;
    await until(() => sync.state.status === 'synced');
    relay.hold();
    const handle = await sync.openDoc(pageIds[0]!);
    await vi.advanceTimersByTimeAsync(0);
    const socket = muxSockets(network)[0]!;
    const open = written(socket).filter((frame) => frame.kind === 'open' && frame.docId === pageIds[0]).at(-1);
    expect(open).toMatchObject({ answer: true, presence: true });
    appendParagraph(handle.doc, 'typed at once');
    relay.release();
    await until(() => handle.state().status === 'synced' && handle.state().pending === 0);
    expect(text(relay.doc(`${WS}/${pageIds[0]}`))).toBe('body of page 0\ntyped at once');
    handle.release();
    await sync.destroy();
  });

  it('gives a relay restored from a backup back what it lost of the index and of a page on screen, though the relay had confirmed it', async () => {
    const { relay, pageIds, sync, page } = await onlineWithPage(1);
    const rooms = [`${WS}/index`, `${WS}/${pageIds[0]}`];
    const backup = rooms.map((room) => Y.encodeStateAsUpdate(relay.doc(room)));
    // After the backup: a paragraph on the page and a new page in the index, both confirmed.
    appendParagraph(page.doc, 'written after the backup');
    const added = createPage(sync.index, { title: 'Made after the backup', by: 'ben' });
    await until(() => sync.state.status === 'synced' && sync.state.pending === 0 && page.state().pending === 0);
    expect(text(relay.doc(rooms[1]!))).toBe('body of page 0\nwritten after the backup');

    // The relay goes down and comes back from the backup; the device has nothing unconfirmed.
    relay.dropAll();
    rooms.forEach((room, i) => relay.restore(room, backup[i]!));
    expect(text(relay.doc(rooms[1]!))).toBe('body of page 0');
    await until(() => text(relay.doc(rooms[1]!)).endsWith('written after the backup') && listPages(relay.doc(rooms[0]!)).some((entry) => entry.id === added));
    page.release();
    await sync.destroy();
  });

  it('reuses a channel number only after the relay confirmed its close', async () => {
    const { network, relay, pageIds, sync, page: first } = await onlineWithPage(2);
    const socket = muxSockets(network)[0]!;
    const channelOf = (docId: string) => written(socket).filter((frame) => frame.kind === 'open' && frame.docId === docId).at(-1) as Extract<MuxFrame, { kind: 'open' }>;
    const used = channelOf(pageIds[0]!).channel;
    relay.hold();
    first.release();
    await vi.advanceTimersByTimeAsync(3_100); // the grace period: the doc closes, its CLOSE waits at the relay
    expect(written(socket).at(-1)).toMatchObject({ kind: 'close', channel: used });
    const second = await sync.openDoc(pageIds[1]!);
    await vi.advanceTimersByTimeAsync(0);
    expect(channelOf(pageIds[1]!).channel).not.toBe(used);
    relay.release();
    await until(() => second.state().status === 'synced');
    second.release();
    await vi.advanceTimersByTimeAsync(3_100);
    const third = await sync.openDoc(pageIds[0]!);
    await until(() => third.state().status === 'synced');
    expect(channelOf(pageIds[0]!).channel).toBe(Math.min(used, channelOf(pageIds[1]!).channel));
    third.release();
    await sync.destroy();
  });

  it('an edit the relay sent on a channel this device was closing is fetched again at once, not left for the next catch-up (the relay counted the doc open, so it pushes no change for it)', async () => {
    const { network, relay, pageIds, sync, page } = await onlineWithPage(1);
    const socket = muxSockets(network)[0]!;
    relay.hold();
    page.release();
    await vi.advanceTimersByTimeAsync(3_100); // the grace period: the doc closes, its CLOSE waits at the relay
    expect(written(socket).at(-1)).toMatchObject({ kind: 'close' });
    // Someone else's edit reaches the relay before the CLOSE does: it goes out on the closing channel.
    appendParagraph(relay.doc(`${WS}/${pageIds[0]}`), 'written elsewhere');
    const sentBefore = written(socket).length;
    relay.release();
    const synced: string[] = [];
    const off = sync.docSynced.subscribe(({ docId, doc }) => {
      if (docId === pageIds[0]) synced.push(text(doc));
    });
    // At once: not only when the device next asks what changed (CATCH_UP_AGAIN_MS after it is idle).
    await until(() => synced.length > 0, CATCH_UP_AGAIN_MS / 5);
    expect(synced.at(-1)).toBe('body of page 0\nwritten elsewhere');
    expect(written(socket).slice(sentBefore).filter((frame) => frame.kind === 'open').map((frame) => (frame as Extract<MuxFrame, { kind: 'open' }>).docId)).toEqual([pageIds[0]]);
    off();
    await sync.destroy();
  });

  it('keeps a doc version that moves when the doc changes here or from the relay, not when it is merely loaded', async () => {
    const { network, relay, pageIds } = seededRelay(1);
    const { sync } = device(network);
    await sync.ready;
    await until(() => sync.state.status === 'synced');
    const afterSync = sync.docVersion(pageIds[0]!);
    expect(afterSync).toBeGreaterThan(0); // it arrived from the relay
    const handle = await sync.openDoc(pageIds[0]!);
    await until(() => handle.state().status === 'synced');
    expect(sync.docVersion(pageIds[0]!)).toBe(afterSync);
    await vi.advanceTimersByTimeAsync(10);
    appendParagraph(handle.doc, 'mine');
    const afterEdit = sync.docVersion(pageIds[0]!);
    expect(afterEdit).toBeGreaterThan(afterSync);
    await vi.advanceTimersByTimeAsync(10);
    Y.applyUpdate(relay.doc(`${WS}/${pageIds[0]}`), Y.encodeStateAsUpdate(paragraph('theirs')), 'teammate');
    await until(() => text(handle.doc).includes('theirs'));
    expect(sync.docVersion(pageIds[0]!)).toBeGreaterThan(afterEdit);
    handle.release();
    await sync.destroy();
  });

  it('stops every doc once when the relay closes the one socket for access, and asks the relay why once', async () => {
    const { network, pageIds } = seededRelay(2);
    const asked: string[] = [];
    let revoked = false;
    const fetch: FetchLike = async (url) => {
      asked.push(url);
      const [status, body] = revoked ? [401, { reason: 'revoked' }] : [200, { expiresAt: START + 86_400_000, role: 'editor' }];
      return { status, json: async () => body };
    };
    const { sync } = device(network, { relay: { url: 'ws://relay.test', token: 'a.token' }, fetch });
    await sync.ready;
    await until(() => sync.state.status === 'synced');
    const handles = await Promise.all(pageIds.map((id) => sync.openDoc(id)));
    await until(() => handles.every((handle) => handle.state().status === 'synced'));
    const before = asked.length;
    revoked = true;
    muxSockets(network)[0]!.drop(CloseCode.unauthorized);
    await until(() => handles.every((handle) => handle.state().error === 'revoked'));
    expect(asked.length - before).toBe(1);
    expect(sync.state.error).toBe('revoked');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(muxSockets(network)).toHaveLength(1);
    handles.forEach((handle) => handle.release());
    await sync.destroy();
  });
});

function paragraph(value: string): Y.Doc {
  const doc = new Y.Doc();
  appendParagraph(doc, value);
  return doc;
}
