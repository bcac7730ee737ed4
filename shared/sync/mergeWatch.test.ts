import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { appendParagraph, blockText, createPage, fragmentText, initWorkspace, openMerges, pageContent, typeText } from '../model';
import { noteAuthor } from '../model/authors';
import { MemoryPersistence } from './memory';
import { MERGE_BASE_KEY } from './mergeWatch';
import { FakeNetwork, FakeRelay } from './testing';
import { WorkspaceSync } from './workspaceSync';

const WS = 'w1';
const START = Date.UTC(2026, 0, 5, 9);
const ada = { id: 'm-ada', name: 'Ada', color: '#2563eb', timezone: 'Europe/London', workingHours: { start: 540, end: 1020, days: [1, 2, 3, 4, 5] }, joinedAt: 0 };

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A relay holding a workspace with one page of one paragraph. */
function seeded() {
  const network = new FakeNetwork();
  const relay = new FakeRelay(network);
  const index = new Y.Doc();
  initWorkspace(index, { id: WS, name: 'Plans', creator: ada }, START - 60_000);
  const pageId = createPage(index, { title: 'Plan', by: ada.id }, START - 60_000);
  const page = new Y.Doc();
  appendParagraph(page, 'We launch on Monday.');
  Y.applyUpdate(relay.doc(`${WS}/${pageId}`), Y.encodeStateAsUpdate(page), 'seed');
  Y.applyUpdate(relay.doc(`${WS}/index`), Y.encodeStateAsUpdate(index), 'seed');
  return { network, relay, pageId, room: relay.doc(`${WS}/${pageId}`) };
}

function device(network: FakeNetwork, persistence = new MemoryPersistence()) {
  const sync = new WorkspaceSync({ workspaceId: WS, relay: { url: 'ws://relay.test' }, persistence, WebSocket: network.WebSocket, backoff: { baseMs: 100, capMs: 100, random: () => 1 }, member: ada.id });
  return { sync, persistence };
}

async function until(predicate: () => boolean, ms = 60_000): Promise<void> {
  for (let waited = 0; !predicate(); waited += 50) {
    if (waited > ms) throw new Error(`condition not met after ${ms} ms of fake time`);
    await vi.advanceTimersByTimeAsync(50);
  }
}

/** Ben, online all along, rewrites the paragraph on the relay meanwhile. */
function benRewrites(room: Y.Doc, from: string, to: string): void {
  const ben = new Y.Doc();
  Y.applyUpdate(ben, Y.encodeStateAsUpdate(room));
  noteAuthor(ben, 'm-ben');
  rewrite(ben, from, to);
  Y.applyUpdate(room, Y.encodeStateAsUpdate(ben, Y.encodeStateVector(room)), 'ben');
}

function rewrite(doc: Y.Doc, from: string, to: string): void {
  const text = (pageContent(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const at = text.toString().indexOf(from);
  doc.transact(() => {
    text.delete(at, from.length);
    text.insert(at, to);
  }, 'baton:local');
}

describe('merge review in the sync path', () => {
  it('after a reconnect, flags the paragraph edited on both sides apart, and every copy gets the record', async () => {
    const { network, relay, pageId, room } = seeded();
    const { sync, persistence } = device(network);
    await sync.ready;
    const handle = await sync.openDoc(pageId);
    await until(() => sync.state.status === 'synced' && fragmentText(pageContent(handle.doc)) !== '');

    relay.down = true;
    relay.dropAll();
    await until(() => handle.state().status === 'offline');
    rewrite(handle.doc, 'Monday', 'Friday');
    benRewrites(room, 'Monday', 'Tuesday');
    relay.down = false;
    sync.reconnectNow();
    await until(() => sync.state.status === 'synced' && openMerges(handle.doc).length === 1);

    const [record] = openMerges(handle.doc);
    expect(record).toMatchObject({ kind: 'paragraph', label: 'We launch on Friday.' });
    expect(record!.sides.map((side) => side.members)).toEqual([[ada.id], ['m-ben']]);
    // Each side as it was: both deleted "Monday", which this device's own update event would not repeat.
    expect(record!.sides.map((side) => blockText(side.block!))).toEqual(['We launch on Friday.', 'We launch on Tuesday.']);
    await until(() => openMerges(room).length === 1);
    expect(fragmentText(pageContent(room))).toBe(fragmentText(pageContent(handle.doc)));
    // Reviewed: the base is dropped from the device.
    const stored = persistence.open(`baton/${WS}/${pageId}`, new Y.Doc());
    expect(await stored.getMeta(MERGE_BASE_KEY)).toBeNull();
    handle.release();
    await sync.destroy();
  });

  it('keeps the base through a restart while offline, and records from a page synced in the background', async () => {
    const { network, relay, pageId, room } = seeded();
    const first = device(network);
    await first.sync.ready;
    const handle = await first.sync.openDoc(pageId);
    await until(() => first.sync.state.status === 'synced' && fragmentText(pageContent(handle.doc)) !== '');
    relay.down = true;
    relay.dropAll();
    await until(() => handle.state().status === 'offline');
    rewrite(handle.doc, 'Monday', 'Friday');
    handle.release();
    await first.sync.destroy();

    benRewrites(room, 'Monday', 'Tuesday');
    relay.down = false;
    const again = device(network, first.persistence);
    await again.sync.ready;
    await until(() => again.sync.state.status === 'synced' && openMerges(room).length === 1);
    expect(openMerges(room)[0]!.sides.map((side) => side.members)).toEqual([[ada.id], ['m-ben']]);
    await again.sync.destroy();
  });

  it('records nothing, and keeps no base, when edits were made online or nobody else changed the page', async () => {
    const { network, relay, pageId, room } = seeded();
    const { sync, persistence } = device(network);
    await sync.ready;
    const handle = await sync.openDoc(pageId);
    await until(() => sync.state.status === 'synced' && fragmentText(pageContent(handle.doc)) !== '');
    typeText(handle.doc, 0, 0, 'Online: ');
    await until(() => sync.state.status === 'synced');
    const stored = persistence.open(`baton/${WS}/${pageId}`, new Y.Doc());
    expect(await stored.getMeta(MERGE_BASE_KEY)).toBeUndefined();

    relay.down = true;
    relay.dropAll();
    await until(() => handle.state().status === 'offline');
    rewrite(handle.doc, 'Monday', 'Friday');
    expect(typeof (await stored.getMeta(MERGE_BASE_KEY))).toBe('string');
    relay.down = false;
    sync.reconnectNow();
    await until(() => sync.state.status === 'synced' && fragmentText(pageContent(room)).includes('Friday'));
    expect(openMerges(handle.doc)).toEqual([]);
    expect(await stored.getMeta(MERGE_BASE_KEY)).toBeNull();
    handle.release();
    await sync.destroy();
  });
});
