import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runRevokeCommand } from '../../relay/auth/commands';
import { appendParagraph, createPage, fragmentText, initWorkspace, listPages, newId, pageContent } from '../../shared/model';
import { INDEX_DOC_ID } from '../../shared/protocol/rooms';
import { CloseCode, MESSAGE_AWARENESS } from '../../shared/protocol/wire';
import { MemoryPersistence, WorkspaceSync, type FetchLike, type SocketFactory } from '../../shared/sync';
import type { WorkspaceSyncOptions } from '../../shared/sync';
import { createCleanup, mintToken, relayFor, waitUntil, type TestRelay } from '../helpers';
import { muxSpy, openDocs, receivedOn, type MuxSpy } from '../helpers/muxSpy';
import { startNetStall } from '../helpers/netStall';
import { startNetSwitch } from '../helpers/netSwitch';

// The client side of one socket per device (shared/sync/muxSocket.ts, catchUp.ts) against the
// real relay: every doc a channel of one websocket, catch-up by cursor, silent drops noticed.
const cleanup = createCleanup();
afterEach(() => cleanup.run());

const Socket = WebSocket as unknown as SocketFactory;
const fastBackoff = { baseMs: 50, capMs: 300 };
const me = { id: 'm-ada', name: 'Ada', color: '#2563eb', timezone: 'Europe/London', workingHours: { start: 540, end: 1020, days: [1, 2, 3, 4, 5] }, joinedAt: 0 };

function device(workspaceId: string, url: string, options: Partial<WorkspaceSyncOptions> & { spy?: MuxSpy } = {}) {
  const { spy, ...rest } = options;
  const persistence = (rest.persistence as MemoryPersistence | undefined) ?? new MemoryPersistence();
  const sync = new WorkspaceSync({
    workspaceId,
    relay: { url, token: 'dev' },
    persistence,
    WebSocket: spy?.WebSocket ?? Socket,
    backoff: fastBackoff,
    ...rest,
  });
  cleanup.add(() => sync.destroy());
  return { sync, persistence };
}

/** A workspace of `count` pages, each with one paragraph, held by the relay (written by Ada's device, left running). */
async function seeded(relay: TestRelay, count: number) {
  const workspaceId = newId();
  const ada = device(workspaceId, relay.url);
  await ada.sync.ready;
  initWorkspace(ada.sync.index, { id: workspaceId, name: 'Strategy', creator: me });
  const pageIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = createPage(ada.sync.index, { title: `Page ${i}`, by: me.id });
    pageIds.push(id);
    const handle = await ada.sync.openDoc(id);
    appendParagraph(handle.doc, `body of page ${i}`);
    handle.release();
  }
  await ada.sync.whenSynced(20_000);
  return { workspaceId, ada, pageIds };
}

async function textOf(sync: WorkspaceSync, docId: string): Promise<string> {
  const handle = await sync.openDoc(docId);
  try {
    return fragmentText(pageContent(handle.doc));
  } finally {
    handle.release();
  }
}

describe('one socket per device, against the real relay', () => {
  it('syncs the index, the docs open in the UI and every background doc over one websocket', async () => {
    const relay = await relayFor(cleanup, { idleUnloadMs: 200 });
    const { workspaceId, pageIds } = await seeded(relay, 30);
    expect(relay.relay.stats().connections).toBe(1); // Ada's device, all 30 pages written over one socket

    const spy = muxSpy();
    const ben = device(workspaceId, relay.url, { spy });
    let peakConnections = 0;
    let peakChannels = 0;
    const sample = setInterval(() => {
      peakConnections = Math.max(peakConnections, relay.relay.stats().connections);
      peakChannels = Math.max(peakChannels, ben.sync.channelCount ?? 0);
    }, 2);
    cleanup.add(() => clearInterval(sample));
    await ben.sync.ready;
    await waitUntil(() => listPages(ben.sync.index).length === 30, { timeoutMs: 10_000, description: 'the page tree on Ben' });
    const open = await Promise.all([ben.sync.openDoc(pageIds[0]!), ben.sync.openDoc(pageIds[1]!)]);
    await ben.sync.whenSynced(20_000);
    clearInterval(sample);

    // Every page reached Ben's device, through channels several at a time...
    const opened = new Set(spy.opens().map((frame) => frame.docId));
    for (const id of [INDEX_DOC_ID, ...pageIds]) expect(opened.has(id)).toBe(true);
    expect(peakChannels).toBeGreaterThan(3);
    for (const [i, id] of pageIds.entries()) expect(await textOf(ben.sync, id)).toBe(`body of page ${i}`);
    // ...and one websocket: Ada's and Ben's, never more at the relay.
    expect(spy.dialled).toEqual([{ url: `${relay.url}/${workspaceId}`, mux: true }]);
    expect(peakConnections).toBe(2);
    open.forEach((handle) => handle.release());
  });

  it('on reconnect asks for changes first and opens only the index and the docs changed since its cursor, which it keeps across a restart', async () => {
    const relay = await relayFor(cleanup, { idleUnloadMs: 200 });
    const { workspaceId, ada, pageIds } = await seeded(relay, 10);
    const first = device(workspaceId, relay.url);
    await first.sync.ready;
    await waitUntil(() => listPages(first.sync.index).length === 10, { timeoutMs: 10_000, description: 'the page tree' });
    await first.sync.whenSynced(20_000);
    await first.sync.destroy();

    for (const i of [2, 5]) {
      const handle = await ada.sync.openDoc(pageIds[i]!);
      appendParagraph(handle.doc, `edited while Ben was away ${i}`);
      handle.release();
    }
    await ada.sync.whenSynced(10_000);

    const spy = muxSpy();
    const again = device(workspaceId, relay.url, { spy, persistence: first.persistence });
    await again.sync.ready;
    await again.sync.whenSynced(20_000);
    // What the catch-up opened (reading the pages below opens them again, in the UI).
    const openFrames = spy.opens();
    const opens = openFrames.map((frame) => frame.docId);
    expect(await textOf(again.sync, pageIds[2]!)).toBe('body of page 2\nedited while Ben was away 2');
    expect(await textOf(again.sync, pageIds[5]!)).toBe('body of page 5\nedited while Ben was away 5');
    const catchUp = spy.sent[0];
    expect(catchUp?.kind).toBe('catchUp');
    expect(catchUp?.kind === 'catchUp' && catchUp.cursor).toBeGreaterThan(0); // the cursor came back from the device's store
    expect(opens.filter((id) => id !== INDEX_DOC_ID && id !== pageIds[2] && id !== pageIds[5])).toEqual([]);
    expect(new Set(opens).size).toBe(opens.length); // no state vector sent twice
    // The index may be proved unchanged by the cursor; the pages the relay named cannot, and carry none.
    expect(openFrames.find((frame) => frame.docId === INDEX_DOC_ID)?.since).toBeGreaterThan(0);
    expect(openFrames.filter((frame) => frame.docId !== INDEX_DOC_ID).map((frame) => frame.since)).toEqual([0, 0]);
    const reached = catchUp?.kind === 'catchUp' ? catchUp.cursor : 0;
    await again.sync.destroy();

    // Nothing changed since: the cursor moved past those two, and only the index is opened.
    const quiet = muxSpy();
    const third = device(workspaceId, relay.url, { spy: quiet, persistence: first.persistence });
    await third.sync.ready;
    await third.sync.whenSynced(20_000);
    const next = quiet.sent[0];
    expect(next?.kind === 'catchUp' && next.cursor).toBeGreaterThan(reached);
    expect(quiet.opens().map((frame) => frame.docId)).toEqual([INDEX_DOC_ID]);
  });

  for (const how of ['shared while running', 'restarted with a relay'] as const) {
    it(`offers a workspace started without a relay whole once it is ${how}, docs never opened since included`, async () => {
      const relay = await relayFor(cleanup, { idleUnloadMs: 200 });
      const workspaceId = newId();
      const persistence = new MemoryPersistence();
      const local = new WorkspaceSync({ workspaceId, relay: null, persistence, WebSocket: null });
      await local.ready;
      initWorkspace(local.index, { id: workspaceId, name: 'Offline first', creator: me });
      const pageId = createPage(local.index, { title: 'Notes', by: me.id });
      for (const docId of [pageId, 'checkins-202601']) {
        const handle = await local.openDoc(docId);
        appendParagraph(handle.doc, `written before any relay in ${docId}`);
        handle.release();
      }
      await local.destroy();

      const shared = how === 'shared while running';
      const ada = device(workspaceId, relay.url, { persistence, ...(shared ? { relay: null } : {}) });
      await ada.sync.ready;
      if (shared) ada.sync.setRelay({ url: relay.url, token: 'dev' });
      await ada.sync.whenSynced(20_000);
      const ben = device(workspaceId, relay.url);
      await ben.sync.ready;
      await ben.sync.whenSynced(20_000);
      expect(listPages(ben.sync.index).map((page) => page.title)).toEqual(['Notes']);
      expect(await textOf(ben.sync, pageId)).toBe(`written before any relay in ${pageId}`);
      expect(await textOf(ben.sync, 'checkins-202601')).toBe('written before any relay in checkins-202601');
    });
  }

  it('offers every doc to a relay at another address the workspace moves to', async () => {
    const [before, after] = [await relayFor(cleanup, { idleUnloadMs: 200 }), await relayFor(cleanup, { idleUnloadMs: 200 })];
    const { workspaceId, ada, pageIds } = await seeded(before, 3);
    ada.sync.setRelay({ url: after.url, token: 'dev' });
    await ada.sync.whenSynced(20_000);
    const ben = device(workspaceId, after.url);
    await ben.sync.ready;
    await ben.sync.whenSynced(20_000);
    expect(listPages(ben.sync.index)).toHaveLength(3);
    for (const [i, id] of pageIds.entries()) expect(await textOf(ben.sync, id)).toBe(`body of page ${i}`);
  });

  it('hands changes made offline to the relay after a restart: the doc is opened asking the relay for its step 1', async () => {
    const relay = await relayFor(cleanup, { idleUnloadMs: 200 });
    const { workspaceId, ada, pageIds } = await seeded(relay, 3);
    const page = pageIds[1]!;
    const watching = await ada.sync.openDoc(page);
    const net = await startNetSwitch(relay.url);
    cleanup.add(() => net.close());
    const ben = device(workspaceId, net.url);
    await ben.sync.ready;
    await waitUntil(() => listPages(ben.sync.index).length === 3, { timeoutMs: 10_000, description: 'the page tree' });
    await ben.sync.whenSynced(20_000);

    net.cut();
    await waitUntil(() => ben.sync.state.status === 'offline', { description: 'Ben offline' });
    const handle = await ben.sync.openDoc(page);
    appendParagraph(handle.doc, 'written on the train');
    handle.release();
    await ben.sync.destroy();
    expect(ben.sync.docState(page).pending).toBeGreaterThan(0);

    net.restore();
    const spy = muxSpy();
    const back = device(workspaceId, relay.url, { spy, persistence: ben.persistence });
    await back.sync.ready;
    expect(back.sync.state.pending).toBeGreaterThan(0);
    await waitUntil(() => fragmentText(pageContent(watching.doc)).includes('written on the train'), { timeoutMs: 10_000, description: 'Ada to see the offline paragraph' });
    await back.sync.whenSynced(10_000);
    expect(back.sync.state.pending).toBe(0);
    expect(spy.opens().find((frame) => frame.docId === page)).toMatchObject({ answer: true, presence: false });
    watching.release();
  });

  it('a channel the relay closes (at its room limit) leaves the socket and the other docs working, and comes back with backoff', async () => {
    // Two rooms at most: the index and one page. A second page is refused on its channel alone.
    const relay = await relayFor(cleanup, { idleUnloadMs: 100, limits: { maxRooms: 2 } });
    const workspaceId = newId();
    const spy = muxSpy();
    const { sync } = device(workspaceId, relay.url, { spy });
    await sync.ready;
    initWorkspace(sync.index, { id: workspaceId, name: 'Ops', creator: me });
    const [one, two] = [createPage(sync.index, { title: 'One', by: me.id }), createPage(sync.index, { title: 'Two', by: me.id })];
    const first = await sync.openDoc(one);
    appendParagraph(first.doc, 'first');
    await waitUntil(() => first.state().status === 'synced', { description: 'page one synced' });

    const second = await sync.openDoc(two);
    appendParagraph(second.doc, 'second');
    await waitUntil(() => spy.received.some((frame) => frame.kind === 'close' && frame.code === CloseCode.busy), { description: 'the relay to refuse the second page' });
    expect(second.state().status).not.toBe('synced');
    appendParagraph(first.doc, ' and more');
    await waitUntil(() => first.state().status === 'synced' && first.state().pending === 0, { description: 'page one still confirmed' });
    expect(sync.docState(INDEX_DOC_ID).status).toBe('synced');

    first.release(); // its room unloads after the grace period: the second page gets in on a retry
    await waitUntil(() => second.state().status === 'synced' && second.state().pending === 0, { timeoutMs: 15_000, description: 'page two synced once there is room' });
    expect(spy.dialled).toHaveLength(1);
    second.release();
  });

  it('shows presence only on docs open in the UI: a background channel neither hears nor sends awareness', async () => {
    const relay = await relayFor(cleanup, { idleUnloadMs: 200 });
    const { workspaceId, ada, pageIds } = await seeded(relay, 2);
    const page = pageIds[0]!;
    const adaHere = await ada.sync.openDoc(page);
    adaHere.awareness.setLocalStateField('user', { name: 'Ada' });

    const spy = muxSpy();
    const ben = device(workspaceId, relay.url, { spy });
    await ben.sync.ready;
    await ben.sync.whenSynced(20_000);
    const background = spy.opens().find((frame) => frame.docId === page);
    expect(background).toMatchObject({ presence: false });
    expect(spy.opens().find((frame) => frame.docId === INDEX_DOC_ID)).toMatchObject({ presence: true });
    // The background channel did sync (a step 2 came), with Ada's state already there to be sent: none was.
    expect(receivedOn(spy, page, 0)).toBeGreaterThan(0);
    expect(receivedOn(spy, page, MESSAGE_AWARENESS)).toBe(0);

    const benHere = await ben.sync.openDoc(page);
    await waitUntil(() => [...benHere.awareness.getStates().values()].some((state) => (state as { user?: { name: string } }).user?.name === 'Ada'), { description: "Ada's presence on Ben's open page" });
    expect(spy.opens().filter((frame) => frame.docId === page).at(-1)).toMatchObject({ presence: true });
    benHere.release();
    adaHere.release();
  });

  it('brings a page nobody here has open through a live push, without touching the index', async () => {
    const relay = await relayFor(cleanup, { idleUnloadMs: 200 });
    const { workspaceId, ada, pageIds } = await seeded(relay, 4);
    const spy = muxSpy();
    const ben = device(workspaceId, relay.url, { spy });
    await ben.sync.ready;
    await ben.sync.whenSynced(20_000);
    // Synced, and the background channels closed: a channel still open would get the update itself, not a push.
    await waitUntil(() => openDocs(spy).every((docId) => docId === INDEX_DOC_ID), { timeoutMs: 10_000, description: 'only the index open on Ben' });

    let indexUpdates = 0;
    const count = () => indexUpdates++;
    ada.sync.index.on('update', count);
    ben.sync.index.on('update', count);
    const handle = await ada.sync.openDoc(pageIds[3]!);
    appendParagraph(handle.doc, ' and a late thought');
    await waitUntil(() => spy.received.some((frame) => frame.kind === 'changed' && frame.cursor === 0 && frame.docIds.includes(pageIds[3]!)), { description: 'the live push' });
    await ben.sync.whenSynced(10_000);
    expect(await textOf(ben.sync, pageIds[3]!)).toBe('body of page 3\n and a late thought');
    await ada.sync.whenSynced(10_000);
    expect(indexUpdates).toBe(0);
    ada.sync.index.off('update', count);
    handle.release();
  });

  it('notices a network that went silent without closing anything, and reconnects on its own once it is back', async () => {
    const relay = await relayFor(cleanup, { idleUnloadMs: 200 });
    const { workspaceId, ada, pageIds } = await seeded(relay, 2);
    const net = await startNetStall(relay.url);
    cleanup.add(() => net.close());
    const keepalive = { pingAfterMs: 400, pongTimeoutMs: 400 };
    const backoff = { baseMs: 100, capMs: 400 };
    const ben = device(workspaceId, net.url, { keepalive, backoff });
    await ben.sync.ready;
    await ben.sync.whenSynced(20_000);
    const page = await ben.sync.openDoc(pageIds[0]!);
    await waitUntil(() => page.state().status === 'synced', { description: 'page open and synced' });

    const stalledAt = Date.now();
    net.stall();
    await waitUntil(() => ben.sync.state.status === 'offline', { timeoutMs: 5_000, description: 'Ben to notice' });
    const noticedAfter = Date.now() - stalledAt;
    // Within a ping's wait and its answer's, plus the time the last frame was heard before the stall.
    expect(noticedAfter).toBeLessThan(keepalive.pingAfterMs + keepalive.pongTimeoutMs + 500);
    expect(net.openConnections()).toBeGreaterThan(0); // nothing was closed: the client gave up on its own

    const other = await ada.sync.openDoc(pageIds[0]!);
    appendParagraph(other.doc, ' (Ada, meanwhile)');
    await ada.sync.whenSynced(10_000);
    const resumedAt = Date.now();
    net.resume(); // no reconnectNow(), no 'online' event: the client comes back by itself
    await waitUntil(() => fragmentText(pageContent(page.doc)).includes('(Ada, meanwhile)'), { timeoutMs: 5_000, description: "Ada's change on Ben's open page" });
    // A dial swallowed by the stall is given up after ping + pong waits; then at most one backoff.
    expect(Date.now() - resumedAt).toBeLessThan(keepalive.pingAfterMs + keepalive.pongTimeoutMs + backoff.capMs + 1_000);
    await waitUntil(() => ben.sync.state.status === 'synced', { description: 'Ben synced again' });
    other.release();
    page.release();
  });
});

describe('one socket per device: access', () => {
  it('a revoked token closes the one socket, every doc stops with the reason, and nothing redials', async () => {
    const relay = await relayFor(cleanup, { auth: 'data-dir', authCheckIntervalMs: 200 });
    const workspaceId = newId();
    const { token, payload } = mintToken(relay.dataDir, workspaceId);
    const spy = muxSpy();
    const { sync } = device(workspaceId, relay.url, { spy, relay: { url: relay.url, token }, fetch: fetch as unknown as FetchLike });
    await sync.ready;
    initWorkspace(sync.index, { id: workspaceId, name: 'Ops', creator: me });
    const pageId = createPage(sync.index, { title: 'Plan', by: me.id });
    const page = await sync.openDoc(pageId);
    appendParagraph(page.doc, 'before');
    await sync.whenSynced();
    expect(spy.dialled).toHaveLength(1);

    runRevokeCommand({ dataDir: relay.dataDir, tokenId: payload.jti });
    await waitUntil(() => sync.state.error === 'revoked', { timeoutMs: 15_000, description: 'revoked reported' });
    expect(page.state()).toMatchObject({ status: 'offline', error: 'revoked' });
    appendParagraph(page.doc, 'after');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(spy.dialled).toHaveLength(1);
    expect(page.state().pending).toBeGreaterThan(0);
    page.release();
  });
});

