import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  addTask,
  appendParagraph,
  createPage,
  fragmentText,
  initWorkspace,
  listPages,
  listTasks,
  newId,
  pageContent,
  typeText,
  updateTask,
} from '../../shared/model';
import { MemoryPersistence, WorkspaceSync, type SocketFactory } from '../../shared/sync';
import { createCleanup, startTestRelay, waitUntil, type TestRelay } from '../helpers';
import { freePort } from '../helpers/ports';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const Socket = WebSocket as unknown as SocketFactory;
const fastBackoff = { baseMs: 50, capMs: 300 };

function device(workspaceId: string, url: string | null, persistence = new MemoryPersistence()) {
  const sync = new WorkspaceSync({
    workspaceId,
    relay: url ? { url, token: 'dev' } : null,
    persistence,
    WebSocket: url ? Socket : null,
    backoff: fastBackoff,
  });
  if (process.env.DEBUG_SYNC) sync.changes.subscribe((st) => console.log(workspaceId.slice(0,4), JSON.stringify(st)));
  cleanup.add(() => sync.destroy());
  return { sync, persistence };
}

async function relayOnFixedPort(): Promise<TestRelay> {
  const relay = await startTestRelay({ port: await freePort(), idleUnloadMs: 200 });
  cleanup.add(() => relay.close());
  return relay;
}

const me = { id: 'm-ada', name: 'Ada', color: '#2563eb', timezone: 'Europe/London', workingHours: { start: 540, end: 1020, days: [1, 2, 3, 4, 5] }, joinedAt: 0 };

describe('shared/sync against the real relay', () => {
  it('syncs every page of a workspace to a new device, including pages it never opens', async () => {
    const relay = await relayOnFixedPort();
    const workspaceId = newId();
    const a = device(workspaceId, relay.url);
    await a.sync.ready;
    initWorkspace(a.sync.index, { id: workspaceId, name: 'Strategy', creator: me });
    const pageIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = createPage(a.sync.index, { title: `Page ${i}`, by: me.id, kind: i === 0 ? 'tasks' : 'doc' });
      pageIds.push(id);
      const handle = await a.sync.openDoc(id);
      if (i === 0) addTask(handle.doc, { title: 'Draft the memo', by: me.id });
      else appendParagraph(handle.doc, `body of page ${i}`);
      handle.release();
    }
    await a.sync.whenSynced(15_000);
    expect(a.sync.state.pending).toBe(0);

    const b = device(workspaceId, relay.url);
    await b.sync.ready;
    await waitUntil(() => listPages(b.sync.index).length === 12, { timeoutMs: 10_000, description: 'page tree on B' });
    await b.sync.whenSynced(20_000);
    await b.sync.destroy();

    // Offline, from what B stored on the device only.
    const offline = device(workspaceId, null, b.persistence);
    await offline.sync.ready;
    for (const [i, id] of pageIds.entries()) {
      const handle = await offline.sync.openDoc(id);
      if (i === 0) expect(listTasks(handle.doc).map((task) => task.title)).toEqual(['Draft the memo']);
      else expect(fragmentText(pageContent(handle.doc))).toBe(`body of page ${i}`);
      handle.release();
    }
  });

  it('counts offline changes as pending, keeps them across a reload, and converges when the relay returns', async () => {
    const relay = await relayOnFixedPort();
    const workspaceId = newId();
    const a = device(workspaceId, relay.url);
    await a.sync.ready;
    initWorkspace(a.sync.index, { id: workspaceId, name: 'Launch', creator: me });
    const pageId = createPage(a.sync.index, { title: 'Plan', by: me.id, kind: 'tasks' });
    const pageA = await a.sync.openDoc(pageId);
    const taskId = addTask(pageA.doc, { title: 'Book venue', by: me.id });
    await a.sync.whenSynced();

    const b = device(workspaceId, relay.url);
    await b.sync.ready;
    await waitUntil(() => listPages(b.sync.index).length === 1, { description: 'B sees the page' });
    const pageB = await b.sync.openDoc(pageId);
    await waitUntil(() => listTasks(pageB.doc).length === 1, { description: 'B sees the task' });

    await relay.relay.close();
    await waitUntil(() => a.sync.state.status !== 'synced' && b.sync.state.status !== 'synced', { description: 'both notice the relay is gone' });

    updateTask(pageA.doc, taskId, { title: 'Book venue in Lisbon' });
    addTask(pageA.doc, { title: 'Offline from A', by: me.id });
    addTask(pageB.doc, { title: 'Offline from B', by: 'm-bo' });
    expect(a.sync.state.pending).toBeGreaterThanOrEqual(2);
    expect(b.sync.state.pending).toBeGreaterThanOrEqual(1);

    // A reloads while still offline: its changes and its pending count survive.
    pageA.release();
    await a.sync.destroy();
    const a2 = device(workspaceId, relay.url, a.persistence);
    await a2.sync.ready;
    expect(a2.sync.state.pending).toBeGreaterThanOrEqual(2);
    const pageA2 = await a2.sync.openDoc(pageId);
    expect(listTasks(pageA2.doc).map((task) => task.title)).toEqual(['Book venue in Lisbon', 'Offline from A']);

    await relay.restart();
    await a2.sync.whenSynced(15_000);
    await b.sync.whenSynced(15_000);
    const titles = (doc: typeof pageB.doc) => listTasks(doc).map((task) => task.title).sort();
    await waitUntil(() => titles(pageA2.doc).length === 3 && titles(pageB.doc).length === 3, { timeoutMs: 10_000, description: 'convergence' });
    expect(titles(pageA2.doc)).toEqual(titles(pageB.doc));
    expect(titles(pageB.doc)).toEqual(['Book venue in Lisbon', 'Offline from A', 'Offline from B']);
    expect(a2.sync.state.pending).toBe(0);
    expect(b.sync.state.pending).toBe(0);
    expect(a2.sync.state.lastSyncedAt).not.toBeNull();
  });

  it('merges concurrent offline typing in one paragraph without losing a keystroke', async () => {
    const relay = await relayOnFixedPort();
    const workspaceId = newId();
    const a = device(workspaceId, relay.url);
    const b = device(workspaceId, relay.url);
    await Promise.all([a.sync.ready, b.sync.ready]);
    initWorkspace(a.sync.index, { id: workspaceId, name: 'Docs', creator: me });
    const pageId = createPage(a.sync.index, { title: 'Memo', by: me.id });
    const pageA = await a.sync.openDoc(pageId);
    appendParagraph(pageA.doc, 'We ship.');
    await waitUntil(() => listPages(b.sync.index).length === 1, { description: 'B sees the page' });
    const pageB = await b.sync.openDoc(pageId);
    await waitUntil(() => fragmentText(pageContent(pageB.doc)) === 'We ship.', { description: 'B has the text' });

    await relay.relay.close();
    typeText(pageA.doc, 0, 0, 'Tokyo: ');
    typeText(pageB.doc, 0, 8, ' Berlin agrees.');
    await relay.restart();
    await waitUntil(() => fragmentText(pageContent(pageA.doc)) === fragmentText(pageContent(pageB.doc)) && a.sync.state.status === 'synced', {
      timeoutMs: 10_000,
      description: 'merged text',
    });
    expect(fragmentText(pageContent(pageA.doc))).toBe('Tokyo: We ship. Berlin agrees.');
  });

  it('keeps the pending count when an engine is closed before it finished opening (a quick remount)', async () => {
    const workspaceId = newId();
    // A relay address nobody listens on: changes stay pending.
    const url = `ws://127.0.0.1:${await freePort()}`;
    const first = device(workspaceId, url);
    await first.sync.ready;
    initWorkspace(first.sync.index, { id: workspaceId, name: 'Solo', creator: me });
    createPage(first.sync.index, { title: 'Draft', by: me.id });
    await waitUntil(() => first.sync.state.pending > 0, { description: 'pending counted' });
    await first.sync.destroy();

    const remount = device(workspaceId, url, first.persistence);
    await remount.sync.destroy(); // before `ready`: must not overwrite what is stored

    const again = device(workspaceId, url, first.persistence);
    await again.sync.ready;
    expect(again.sync.state.pending).toBeGreaterThan(0);
  });
});
