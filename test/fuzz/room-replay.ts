/**
 * [R2][R6][R26] What a room stores replays to exactly what it holds, frame
 * after frame of fuzzed input (valid, mutated and crafted updates, refused
 * ones included), so a reload or a restart serves the same document and a
 * stock client can apply every stored row. In-process and fast: a room on an
 * in-memory store, checked against a fresh replay of its rows after each frame.
 * Used by room-replay.test.ts (a fresh seed each run, and named seeds).
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { decodeClientMessage } from '../../relay/messages';
import { silentLogger } from '../../relay/log';
import { Room } from '../../relay/room';
import type { StoredUpdate } from '../../relay/storage';
import { MemoryDocStore, fakePeer } from '../../relay/testing';
import { FrameFuzzer, toHex } from './frames';
import { Rng } from './rng';

const FRAMES = 600;

/** What a client would see of a doc: its state vector, its deletions (pending ones included) and pending structs. */
function signature(doc: Y.Doc): string {
  const deletions = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc));
  return JSON.stringify([Array.from(Y.encodeStateVector(doc)), Array.from(deletions), doc.store.pendingStructs?.missing ? Array.from(doc.store.pendingStructs.missing) : null]);
}

export function runRoomReplay(seed: number): void {
  const fuzzer = new FrameFuzzer(new Rng(seed), { maxMessageBytes: 256 * 1024 });
  const store = new MemoryDocStore();
  const room = Room.load('w/d', { store, logger: silentLogger, compactThreshold: 1_000_000 });
  const replay = new Replay();
  let peer = fakePeer('attacker');
  room.join(peer);
  for (let i = 0; i < FRAMES; i++) {
    const frame = fuzzer.forDecoder();
    if (typeof frame.data === 'string') continue;
    let message;
    try {
      message = decodeClientMessage(frame.data);
    } catch {
      continue;
    }
    try {
      room.receive(peer, message);
    } catch {
      // Closed for it, as the relay does: the next frames come on a new connection.
      room.leave(peer);
      peer = fakePeer(`attacker-${i}`);
      room.join(peer);
    }
    expect(room.isDestroyed, `room destroyed by frame ${i} (${frame.label})`).toBe(false);
    expect(signature(replay.next(store.rooms.get('w/d') ?? [])), `after frame ${i} (${frame.label}): ${toHex(frame.data).slice(0, 200)}`).toBe(signature(room.doc));
  }
}

/**
 * The stored rows applied to a fresh doc, one transaction each, as a reload
 * applies them. Rows are only appended here (the room never compacts), so
 * each check applies only the new ones: the same doc a replay from scratch
 * builds, without replaying every row after every frame.
 */
class Replay {
  private doc = new Y.Doc();
  private applied: StoredUpdate[] = [];

  next(rows: StoredUpdate[]): Y.Doc {
    if (this.applied.some((row, i) => rows[i] !== row)) {
      this.doc.destroy();
      this.doc = new Y.Doc();
      this.applied = [];
    }
    for (const row of rows.slice(this.applied.length)) Y.applyUpdate(this.doc, row.data);
    this.applied = [...rows];
    return this.doc;
  }
}

