/**
 * [R5] The relay's rooms on the SQLite store: a room's rows are read without
 * blocking the event loop, behind the commits asked for before, even when
 * SQLite is seconds behind on those commits. The store's test hold makes it slow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from './log';
import { decodeClientMessage } from './messages';
import { RoomRegistry } from './rooms';
import { SqliteDocStore } from './storage';
import type { FakePeer } from './testing';
import { fakePeer } from './testing';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A store that holds every commit while shut. */
function gatedStore(idleUnloadMs = 60_000) {
  let held = false;
  const open = () => {
    held = false;
  };
  const dir = mkdtempSync(join(tmpdir(), 'baton-rooms-sqlite-'));
  const store = new SqliteDocStore(dir, { holdWrites: () => held });
  const rooms = new RoomRegistry({ store, logger: silentLogger, compactThreshold: 500, idleUnloadMs });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  cleanups.push(open);
  cleanups.push(() => rooms.closeAll());
  return {
    store,
    rooms,
    shut: () => {
      held = true;
    },
    open,
  };
}

function update(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** The text a peer holds after applying every sync frame the relay sent it. */
function textSeenBy(peer: FakePeer): string {
  const doc = new Y.Doc();
  for (const frame of peer.sent) {
    const message = decodeClientMessage(frame);
    if (message.type === 'sync-step2' || message.type === 'sync-update') Y.applyUpdate(doc, message.update);
  }
  return doc.getText('t').toString();
}

describe('RoomRegistry on SQLite', () => {
  it('[R5] a room loading behind held commits lets the event loop run, then holds every update appended before the load', async () => {
    const { store, rooms, shut, open } = gatedStore();
    // Another room, loaded and busy while the slow load waits.
    const writer = fakePeer('writer');
    const reader = fakePeer('reader');
    const busy = rooms.join('w/busy', writer);
    rooms.join('w/busy', reader);
    await vi.waitFor(() => expect(reader.sent.length).toBeGreaterThan(0));

    shut();
    // Journaled, not yet handed to SQLite: the load is queued behind their commit.
    for (const word of ['one ', 'two ', 'three ']) store.appendUpdate('w/slow', update(word));
    const timerFired = new Promise<void>((resolve) => setTimeout(resolve, 0));
    const first = fakePeer('first');
    const slow = rooms.join('w/slow', first);
    await timerFired;
    // The event loop ran while SQLite held the commits, and served the other room.
    expect(first.sent).toEqual([]);
    void busy.receive(writer, { type: 'sync-update', update: update('typed meanwhile') });
    expect(textSeenBy(reader)).toBe('typed meanwhile');
    // A client connecting during the load asks for everything; it is answered after the load.
    const late = fakePeer('late');
    expect(rooms.join('w/slow', late)).toBe(slow);
    void slow.receive(late, { type: 'sync-step1', stateVector: Y.encodeStateVector(new Y.Doc()) });
    expect(late.sent).toEqual([]);

    open();
    await vi.waitFor(() => expect(late.sent.length).toBeGreaterThan(1));
    expect(slow.doc.getText('t').length).toBe('one two three '.length);
    expect(textSeenBy(late)).toBe(slow.doc.getText('t').toString());
    expect(first.sent.length).toBeGreaterThan(0);
  });

  it('[R5] a room unloaded while its rows are read drops them; the next connection gets a fresh load with everything', async () => {
    const { store, rooms, shut, open } = gatedStore(0);
    store.appendUpdate('w/d', update('kept '));
    shut();
    store.appendUpdate('w/d', update('more '));
    const first = fakePeer('first');
    const loading = rooms.join('w/d', first);
    rooms.leave(loading, first);
    // The idle unload runs while the rows are still being read.
    await vi.waitFor(() => expect(rooms.has('w/d')).toBe(false));
    expect(loading.isDestroyed).toBe(true);
    const second = fakePeer('second');
    const fresh = rooms.join('w/d', second);
    expect(fresh).not.toBe(loading);

    open();
    // SQLite answers in order: the dropped load before this one.
    await vi.waitFor(() => expect(second.sent.length).toBeGreaterThan(0));
    expect(fresh.doc.getText('t').length).toBe('kept more '.length);
    expect(first.sent).toEqual([]);
    expect([rooms.size, rooms.get('w/d')]).toEqual([1, fresh]);
    // The dropped rows built no doc: nothing of the unloaded room stays in memory ([R29]).
    expect(loading.doc.isDestroyed).toBe(true);
  });

  it('[R5] updates typed after a non-blocking load are stored after the loaded rows', async () => {
    const { store, rooms } = gatedStore();
    store.appendUpdate('w/d', update('stored '));
    // As after an unload: the store reads the room's last seq again, here from the load.
    store.release('w/d');
    const peer = fakePeer();
    const room = rooms.join('w/d', peer);
    await vi.waitFor(() => expect(peer.sent.length).toBeGreaterThan(0));
    void room.receive(peer, { type: 'sync-update', update: update('typed ') });
    const seqs = store.loadUpdates('w/d').map((row) => row.seq);
    expect(seqs).toEqual([1, 2]);
    const doc = new Y.Doc();
    for (const row of store.loadUpdates('w/d')) Y.applyUpdate(doc, row.data);
    expect(doc.getText('t').length).toBe('stored typed '.length);
  });
});
