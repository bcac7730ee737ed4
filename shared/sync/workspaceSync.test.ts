import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { appendParagraph, fragmentText, pageContent } from '../model';
import { AUTH_STATUS_PATH } from '../protocol/auth';
import type { FetchLike } from './access';
import { MemoryPersistence } from './memory';
import type { FakeNetwork } from './testing';
import type { DocEvent } from './types';
import { seededFakeRelay } from './testingWorkspace';
import { WorkspaceSync, type WorkspaceSyncOptions } from './workspaceSync';

const WS = 'w1';
const INDEX_ROOM = `${WS}/index`;
const START = Date.UTC(2026, 0, 5, 9);

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

const seededRelay = (count: number) => seededFakeRelay(WS, count, START);

function device(network: FakeNetwork, options: Partial<WorkspaceSyncOptions> = {}) {
  const persistence = options.persistence ?? new MemoryPersistence();
  const sync = new WorkspaceSync({
    workspaceId: WS,
    relay: { url: 'ws://relay.test' },
    persistence,
    WebSocket: network.WebSocket,
    backoff: { baseMs: 100, capMs: 100, random: () => 1 },
    // These tests count sockets per room and drive the index's announcements: the per-doc path.
    transport: 'per-doc',
    ...options,
  });
  return { sync, persistence };
}

/** Runs due timers and the fake relay's answers until `predicate` holds (or fails after `ms` of fake time). */
async function until(predicate: () => boolean, ms = 60_000): Promise<void> {
  for (let waited = 0; !predicate(); waited += 50) {
    if (waited > ms) throw new Error(`condition not met after ${ms} ms of fake time`);
    await vi.advanceTimersByTimeAsync(50);
  }
}

/** Memory persistence that counts the page docs held open at once (the index excluded). */
class CountingPersistence extends MemoryPersistence {
  private open_ = new Set<string>();
  peak = 0;

  override open(name: string, doc: Y.Doc) {
    const persisted = super.open(name, doc);
    const counted = !name.endsWith('/index');
    if (counted) this.open_.add(name);
    this.peak = Math.max(this.peak, this.open_.size);
    return {
      ...persisted,
      close: async () => {
        this.open_.delete(name);
        await persisted.close();
      },
    };
  }

  get openNow(): number {
    return this.open_.size;
  }
}

const isPageRoom = (room: string) => room !== INDEX_ROOM;
const text = (doc: Y.Doc) => fragmentText(pageContent(doc)).replace(/\n/g, ' / ');

describe('WorkspaceSync, composed over a fake relay', () => {
  it('syncs every page in the background with at most 3 page docs and sockets at once, and unloads them after', async () => {
    const { network, pageIds } = seededRelay(10);
    const peak = network.trackPeak(isPageRoom);
    const persistence = new CountingPersistence();
    const { sync } = device(network, { persistence });
    const synced: DocEvent[] = [];
    const seenText = new Map<string, string>();
    sync.docSynced.subscribe((event) => {
      synced.push(event);
      if (event.docId !== 'index') seenText.set(event.docId, text(event.doc));
    });
    await sync.ready;
    await until(() => sync.state.status === 'synced' && seenText.size === 10);

    expect(peak()).toBe(3);
    expect(persistence.peak).toBe(3);
    expect(network.live(isPageRoom)).toEqual([]);
    expect(persistence.openNow).toBe(0);
    expect(synced.filter((event) => event.docId !== 'index').every((event) => event.background)).toBe(true);
    expect([...seenText.entries()].sort()).toEqual(pageIds.map((id, i) => [id, `body of page ${i}`]).sort());
    await sync.destroy();

    // Everything is on the device: readable without the relay.
    const offline = device(network, { persistence, relay: null, WebSocket: null });
    await offline.sync.ready;
    const handle = await offline.sync.openDoc(pageIds[7]!);
    expect(text(handle.doc)).toBe('body of page 7');
    await offline.sync.destroy();
  });

  it('syncs each page once when the index changes while background jobs are under way', async () => {
    const { network, relay, pageIds } = seededRelay(6);
    let held = false;
    network.onChange(() => {
      if (!held && network.live(isPageRoom).length > 0) {
        held = true;
        relay.hold(); // the first background jobs are connecting
      }
    });
    const { sync } = device(network);
    await sync.ready;
    await until(() => held);
    // A teammate renames the workspace: the index changes, no page does.
    const index = new Y.Doc();
    Y.applyUpdate(index, Y.encodeStateAsUpdate(relay.doc(INDEX_ROOM)));
    index.transact(() => index.getMap('meta').set('name', 'Strategy 2027'), 'baton:local');
    Y.applyUpdate(relay.doc(INDEX_ROOM), Y.encodeStateAsUpdate(index), 'teammate');
    await vi.advanceTimersByTimeAsync(1_000); // the sweep that follows a teammate's change
    relay.release();
    await until(() => sync.state.status === 'synced' && network.live(isPageRoom).length === 0);

    const rooms = network.sockets.map((socket) => socket.room).filter(isPageRoom);
    expect(rooms.sort()).toEqual(pageIds.map((id) => `${WS}/${id}`).sort());
    await sync.destroy();
  });

  it('syncs the pages holding changes made offline first, most changes first, then the pages teammates changed, newest first', async () => {
    const { network, relay, pageIds } = seededRelay(6);
    const { sync, persistence } = device(network, { backgroundConcurrency: 1 });
    await sync.ready;
    await until(() => sync.state.status === 'synced');

    relay.down = true;
    relay.dropAll();
    await until(() => sync.state.status === 'offline');
    const edits: [number, number][] = [[1, 1], [3, 3], [4, 2]];
    for (const [page, count] of edits) {
      const handle = await sync.openDoc(pageIds[page]!);
      for (let i = 0; i < count; i++) appendParagraph(handle.doc, `offline edit ${i}`);
      handle.release();
    }
    // Meanwhile teammates edited pages 0, 2 and 5 (in that order): the relay's index says so.
    const teammate = new Y.Doc();
    Y.applyUpdate(teammate, Y.encodeStateAsUpdate(relay.doc(INDEX_ROOM)));
    for (const [i, page] of [0, 2, 5].entries()) {
      teammate.transact(() => teammate.getMap<Y.Map<unknown>>('pages').get(pageIds[page]!)?.set('updatedAt', START + 60_000 + i), 'baton:sync');
    }
    Y.applyUpdate(relay.doc(INDEX_ROOM), Y.encodeStateAsUpdate(teammate), 'teammate');
    await until(() => sync.state.pending >= 6);
    await sync.destroy();

    // The next start: each page gets its own socket, one at a time, in this order.
    const opened = network.sockets.length;
    relay.down = false;
    const again = device(network, { persistence, backgroundConcurrency: 1 });
    await again.sync.ready;
    await until(() => again.sync.state.status === 'synced');
    const order = network.sockets.slice(opened).map((socket) => socket.room).filter(isPageRoom);
    expect(order).toEqual([3, 4, 1, 5, 2, 0].map((page) => `${WS}/${pageIds[page]}`));
    expect(text(relay.doc(`${WS}/${pageIds[3]}`))).toContain('offline edit 2');
    await again.sync.destroy();
  });

  it('sends a doc beside the pages (a page history) that was closed offline with changes once it restarts online, without opening it', async () => {
    const { network, relay, pageIds } = seededRelay(1);
    const { sync, persistence } = device(network);
    await sync.ready;
    await until(() => sync.state.status === 'synced');

    relay.down = true;
    relay.dropAll();
    await until(() => sync.state.status === 'offline');
    const historyId = `${pageIds[0]}_history`;
    const handle = await sync.openDoc(historyId);
    handle.doc.getMap('versions').set('v1', { id: 'v1', name: 'Saved offline' });
    handle.release();
    await until(() => sync.docState(historyId).pending > 0 && network.sockets.every((socket) => socket.room !== `${WS}/${historyId}` || socket.closed));
    await sync.destroy();

    relay.down = false;
    const again = device(network, { persistence });
    await again.sync.ready;
    await until(() => relay.doc(`${WS}/${historyId}`).getMap('versions').has('v1'));
    expect(again.sync.docState(historyId).pending).toBe(0);
    await again.sync.destroy();
  });

  it('keeps one doc and one socket per page however many handles the UI holds, and lets go after the last release and the grace', async () => {
    const { network, pageIds } = seededRelay(1);
    const { sync } = device(network);
    await sync.ready;
    await until(() => sync.state.status === 'synced' && network.live(isPageRoom).length === 0);
    const room = `${WS}/${pageIds[0]}`;
    const first = await sync.openDoc(pageIds[0]!);
    const second = await sync.openDoc(pageIds[0]!);
    expect(second.doc).toBe(first.doc);
    await until(() => first.state().status === 'synced');
    expect(network.live((r) => r === room)).toHaveLength(1);

    first.release();
    first.release(); // a handle released twice still counts once
    await vi.advanceTimersByTimeAsync(10_000);
    expect(network.live((r) => r === room)).toHaveLength(1);
    second.release();
    await vi.advanceTimersByTimeAsync(2_000);
    const reopened = await sync.openDoc(pageIds[0]!); // within the grace: the same doc, no new socket
    expect(reopened.doc).toBe(first.doc);
    expect(network.sockets.filter((socket) => socket.room === room)).toHaveLength(2); // the background pass, then the UI's
    reopened.release();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(network.live((r) => r === room)).toHaveLength(0);
    expect(first.doc.isDestroyed).toBe(true);
    await sync.destroy();
  });

  it('tells local indexes when a doc is loaded (what the device held) and each time it comes into step with the relay (what the relay held)', async () => {
    const { network, relay, pageIds } = seededRelay(1);
    const pageId = pageIds[0]!;
    const first = device(network);
    await first.sync.ready;
    await until(() => first.sync.state.status === 'synced' && network.live(isPageRoom).length === 0);
    await first.sync.destroy();

    // A teammate adds to the page while this device is closed.
    const teammate = new Y.Doc();
    Y.applyUpdate(teammate, Y.encodeStateAsUpdate(relay.doc(`${WS}/${pageId}`)));
    appendParagraph(teammate, 'added by a teammate');
    Y.applyUpdate(relay.doc(`${WS}/${pageId}`), Y.encodeStateAsUpdate(teammate), 'teammate');
    const index = new Y.Doc();
    Y.applyUpdate(index, Y.encodeStateAsUpdate(relay.doc(INDEX_ROOM)));
    index.transact(() => index.getMap<Y.Map<unknown>>('pages').get(pageId)?.set('updatedAt', START + 1), 'baton:sync');
    Y.applyUpdate(relay.doc(INDEX_ROOM), Y.encodeStateAsUpdate(index), 'teammate');

    const { sync } = device(network, { persistence: first.persistence });
    const events: string[] = [];
    const record = (kind: string) => (event: DocEvent) => {
      if (event.docId === 'index') events.push(`${kind} index`);
      else events.push(`${kind}${event.background ? ' background' : ''}: ${text(event.doc)}`);
    };
    sync.docLoaded.subscribe(record('loaded'));
    sync.docSynced.subscribe(record('synced'));
    await sync.ready;
    await until(() => sync.state.status === 'synced' && network.live(isPageRoom).length === 0);
    expect(events).toEqual([
      'loaded index',
      'synced index',
      'loaded background: body of page 0',
      'synced background: body of page 0 / added by a teammate',
    ]);

    events.length = 0;
    const handle = await sync.openDoc(pageId);
    await until(() => handle.state().status === 'synced');
    relay.dropAll(); // the network blinks: both docs come back in step, and say so again
    await until(() => sync.state.status === 'offline');
    await until(() => sync.state.status === 'synced');
    expect(events.sort()).toEqual(['loaded: body of page 0 / added by a teammate', 'synced index', 'synced: body of page 0 / added by a teammate', 'synced: body of page 0 / added by a teammate'].sort());

    // Staying in step is not news: a keepalive answered (lastSyncedAt moves) tells indexes nothing.
    events.length = 0;
    const lastSyncedAt = handle.state().lastSyncedAt ?? 0;
    await vi.advanceTimersByTimeAsync(20_000 + 50);
    expect(handle.state().lastSyncedAt).toBeGreaterThan(lastSyncedAt);
    expect(events).toEqual([]);
    handle.release();
    await sync.destroy();
  });

  it('leaves no timer behind once destroyed: announcements, grace periods, background jobs, sweeps, saves, renewals, sockets', async () => {
    const { network, relay, pageIds } = seededRelay(6);
    const fetchFn: FetchLike = async (url) => {
      expect(url).toContain(AUTH_STATUS_PATH);
      return { status: 200, json: async () => ({ workspace: WS, role: 'editor', expiresAt: Date.now() + 3_600_000 }) };
    };
    const { sync } = device(network, { relay: { url: 'ws://relay.test', token: 't1' }, fetch: fetchFn });
    await sync.ready;
    await until(() => sync.state.status === 'synced' && network.live(isPageRoom).length === 0);

    const typing = await sync.openDoc(pageIds[0]!);
    appendParagraph(typing.doc, 'still typing'); // an announcement and a confirmation wait
    const left = await sync.openDoc(pageIds[1]!);
    left.release(); // its grace period runs

    // Teammates changed four pages; their background jobs are under way when the app closes.
    const index = new Y.Doc();
    Y.applyUpdate(index, Y.encodeStateAsUpdate(relay.doc(INDEX_ROOM)));
    for (const id of pageIds.slice(2)) index.transact(() => index.getMap<Y.Map<unknown>>('pages').get(id)?.set('updatedAt', START + 1), 'baton:sync');
    Y.applyUpdate(relay.doc(INDEX_ROOM), Y.encodeStateAsUpdate(index), 'teammate');
    const before = network.sockets.length;
    relay.down = true; // the relay stops taking connections: the jobs wait and retry
    await vi.advanceTimersByTimeAsync(200);
    const jobs = network.sockets.slice(before).map((socket) => socket.room);
    expect(new Set(jobs).size).toBe(3);
    appendParagraph(typing.doc, 'and more'); // announced at the end of the 5 s interval
    expect(vi.getTimerCount()).toBeGreaterThan(10);

    await sync.destroy();
    expect(vi.getTimerCount()).toBe(0);
  });
});
