import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from './log';
import { RoomRegistry } from './rooms';
import { MemoryDocStore, fakePeer } from './testing';

afterEach(() => {
  vi.useRealTimers();
});

function registry(store = new MemoryDocStore()) {
  return new RoomRegistry({ store, logger: silentLogger, compactThreshold: 500, idleUnloadMs: 1000 });
}

function update(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('RoomRegistry', () => {
  it('[R5] unloads a room after the idle delay and compacts it', () => {
    vi.useFakeTimers();
    const store = new MemoryDocStore();
    const rooms = registry(store);
    const peer = fakePeer();
    const room = rooms.join('w/d', peer);
    room.receive(peer, { type: 'sync-update', update: update('a') });
    room.receive(peer, { type: 'sync-update', update: update('b') });
    rooms.leave(room, peer);
    expect(rooms.size).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(rooms.size).toBe(0);
    expect(room.isDestroyed).toBe(true);
    expect(store.loadUpdates('w/d')).toHaveLength(1);
  });

  it('[R5] a join during the idle delay cancels the unload and keeps the same doc', () => {
    vi.useFakeTimers();
    const rooms = registry();
    const first = fakePeer('first');
    const room = rooms.join('w/d', first);
    rooms.leave(room, first);
    vi.advanceTimersByTime(500);
    const again = rooms.join('w/d', fakePeer('again'));
    vi.advanceTimersByTime(5000);
    expect(again).toBe(room);
    expect(rooms.size).toBe(1);
    expect(room.isDestroyed).toBe(false);
    rooms.closeAll();
  });

  it('[R5][R6] a join after unload loads exactly the stored state, once', () => {
    vi.useFakeTimers();
    const store = new MemoryDocStore();
    const rooms = registry(store);
    const peer = fakePeer();
    const room = rooms.join('w/d', peer);
    room.receive(peer, { type: 'sync-update', update: update('kept') });
    rooms.leave(room, peer);
    vi.advanceTimersByTime(1000);
    const reloaded = rooms.join('w/d', fakePeer());
    expect(reloaded).not.toBe(room);
    expect(reloaded.doc.getText('t').toString()).toBe('kept');
    rooms.closeAll();
  });

  it('[R6] closeAll compacts every room and closes its peers with 1001', () => {
    const store = new MemoryDocStore();
    const rooms = registry(store);
    const peer = fakePeer();
    const room = rooms.join('w/d', peer);
    room.receive(peer, { type: 'sync-update', update: update('a') });
    room.receive(peer, { type: 'sync-update', update: update('b') });
    rooms.closeAll();
    expect(peer.closed?.code).toBe(1001);
    expect(store.loadUpdates('w/d')).toHaveLength(1);
    expect(() => rooms.join('w/d', fakePeer())).toThrow();
  });
});
