import { describe, expect, it, onTestFinished, vi } from 'vitest';
import * as Y from 'yjs';
import { EMPTY_STRING_FRAME, OVERLAPPING_DELETED_FRAME, PAST_MAX_CLOCK_FRAMES, SELF_PARENT_FRAME, ZERO_LENGTH_GC_FRAME, nestedArraysUpdate, updateFrame } from './crafted';
import * as encoding from 'lib0/encoding';
import { RelayError } from './errors';
import { LOAD_RETRY_FIRST_MS } from './load-backoff';
import { memoryLogger, silentLogger } from './log';
import { decodeClientMessage, encodeSyncUpdate } from './messages';
import { MAX_TYPE_DEPTH } from './nesting';
import { Room } from './room';
import { MAX_STRUCTS_PER_UPDATE, MAX_TYPES_PER_UPDATE, validateUpdate } from './validate-update';
import { RoomRegistry } from './rooms';
import type { FakePeer } from './testing';
import { MemoryDocStore, fakePeer } from './testing';

/** A text edit by a client of its own, as a stock client would send it. */
function textUpdate(text: string, client: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = client;
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** What a stock client that syncs the room from scratch ends up with; throws where it would. */
function freshClientText(room: Room): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
  Y.encodeStateAsUpdate(doc);
  return doc.getText('t').toString();
}

/** Sends a whole frame as the relay's connection would: decode, then hand to the room. */
function send(room: Room, peer: FakePeer, frame: Uint8Array): unknown {
  try {
    room.receive(peer, decodeClientMessage(frame));
    return null;
  } catch (error) {
    return error;
  }
}

/** Each crafted update, as the update alone (what a store would hold). */
const CRAFTED: Array<[string, Uint8Array]> = [
  ['a GC struct of length zero (00 02 07 01 01 03 00 00 00 00)', ZERO_LENGTH_GC_FRAME.subarray(3)],
  ['an empty string item (00 02 0e 01 02 07 00 07 01 01 61 00 84 07 00 00 00)', EMPTY_STRING_FRAME.subarray(3)],
  ['types nested 4,000 deep with the outermost deleted (~24 KB)', nestedArraysUpdate(4000, { deleteOutermost: true })],
  ['an array inside itself (seed 3051; 00 02 0a 01 01 09 00 07 00 09 00 00 00)', SELF_PARENT_FRAME.subarray(3)],
];

it('the crafted frames are the exact bytes that once broke rooms', () => {
  expect(updateFrame(CRAFTED[0]![1])).toEqual(ZERO_LENGTH_GC_FRAME);
  expect(updateFrame(CRAFTED[1]![1])).toEqual(EMPTY_STRING_FRAME);
  expect(updateFrame(CRAFTED[2]![1]).length).toBeGreaterThan(20_000);
  expect(updateFrame(CRAFTED[3]![1])).toEqual(SELF_PARENT_FRAME);
});

describe('crafted updates', () => {
  for (const [what, update] of CRAFTED) {
    it(`[R26] ${what} is refused: nothing stored or forwarded, other peers unaffected, fresh clients still sync`, () => {
      const store = new MemoryDocStore();
      const room = Room.load('w/d', { store, logger: silentLogger, compactThreshold: 500 });
      const [attacker, honest, watcher] = [fakePeer('attacker'), fakePeer('honest'), fakePeer('watcher')];
      for (const peer of [attacker, honest, watcher]) room.join(peer);
      const greeted = watcher.sent.length;

      const error = send(room, attacker, updateFrame(update));
      expect(error).toBeInstanceOf(RelayError);
      expect((error as RelayError).reason).toBe('malformed');

      // A later edit proves the watcher would have heard the crafted one by now.
      const edit = textUpdate('still fine', 1);
      expect(send(room, honest, updateFrame(edit))).toBeNull();
      expect(watcher.sent.slice(greeted)).toEqual([encodeSyncUpdate(edit)]);
      expect(store.rooms.get('w/d')).toHaveLength(1);
      expect([honest.closed, watcher.closed]).toEqual([null, null]);
      expect(freshClientText(room)).toBe('still fine');
      // And after a reload from the store.
      expect(freshClientText(Room.load('w/d', { store, logger: silentLogger, compactThreshold: 500 }))).toBe('still fine');
    });
  }

  it('[R26] an update may hold a million structs and a hundred thousand types, and no more', () => {
    /** `count` structs of one client, each written by `struct`, and an empty delete set. */
    const structs = (count: number, struct: (e: encoding.Encoder) => void) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, count);
      encoding.writeVarUint(e, 9);
      encoding.writeVarUint(e, 0);
      for (let i = 0; i < count; i++) struct(e);
      encoding.writeVarUint(e, 0);
      return encoding.toUint8Array(e);
    };
    const gc = (e: encoding.Encoder) => {
      encoding.writeUint8(e, 0);
      encoding.writeVarUint(e, 1);
    };
    const rootArray = (e: encoding.Encoder) => {
      encoding.writeUint8(e, 7);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, 'a');
      encoding.writeVarUint(e, 0);
    };
    expect(validateUpdate(structs(MAX_STRUCTS_PER_UPDATE, gc)).structs).toBe(MAX_STRUCTS_PER_UPDATE);
    expect(() => validateUpdate(structs(MAX_STRUCTS_PER_UPDATE + 1, gc))).toThrow(RelayError);
    expect(validateUpdate(structs(MAX_TYPES_PER_UPDATE, rootArray)).types).toBe(MAX_TYPES_PER_UPDATE);
    expect(() => validateUpdate(structs(MAX_TYPES_PER_UPDATE + 1, rootArray))).toThrow(RelayError);
  });

  it(`[R26][R30] shared types nest up to ${MAX_TYPE_DEPTH} deep; one more is refused, in one update or across updates, and no type is left waiting to deepen the tree later`, () => {
    const room = Room.load('w/d', { store: new MemoryDocStore(), logger: silentLogger, compactThreshold: 500 });
    const peer = fakePeer();
    room.join(peer);
    expect(send(room, peer, updateFrame(nestedArraysUpdate(MAX_TYPE_DEPTH, { client: 1 })))).toBeNull();
    expect(send(room, peer, updateFrame(nestedArraysUpdate(MAX_TYPE_DEPTH + 1, { client: 2 })))).toBeInstanceOf(RelayError);

    // Across updates: 100 levels, then 100 more under the innermost.
    expect(send(room, peer, updateFrame(nestedArraysUpdate(100, { client: 3 })))).toBeNull();
    const deeper = nestedArraysUpdate(100, { client: 4, parent: { client: 3, clock: 99 } });
    expect(send(room, peer, updateFrame(deeper))).toBeInstanceOf(RelayError);

    // Types under an array the relay has not seen yet would wait for it, and only then be
    // measured, by whichever update completes them: they are refused, and nothing waits.
    const waiting = nestedArraysUpdate(100, { client: 6, parent: { client: 5, clock: 99 } });
    expect(send(room, peer, updateFrame(waiting))).toBeInstanceOf(RelayError);
    expect(room.doc.store.pendingStructs).toBeNull();
    // Text that waits for an edit the relay has not seen still waits, as it always did ([R30]).
    const author = new Y.Doc();
    const edits: Uint8Array[] = [];
    author.on('update', (update: Uint8Array) => edits.push(update));
    author.getText('t').insert(0, 'a');
    author.getText('t').insert(1, 'b');
    expect(send(room, peer, updateFrame(edits[1]!))).toBeNull();
    expect(room.doc.store.pendingStructs).not.toBeNull();
    expect(send(room, peer, updateFrame(edits[0]!))).toBeNull();
    expect(room.doc.getText('t').toString()).toBe('ab');
    expect(peer.closed).toBeNull();
  });

  for (const [what, crafted] of CRAFTED) {
    it(`[R31] a room whose store holds ${what} loads every other row`, () => {
      const store = new MemoryDocStore();
      const logger = memoryLogger();
      store.rooms.set('w/d', [
        { seq: 1, data: textUpdate('before ', 1) },
        { seq: 2, data: crafted },
        { seq: 3, data: textUpdate('after', 2) },
      ]);
      const room = Room.load('w/d', { store, logger, compactThreshold: 500 });
      expect(freshClientText(room)).toContain('before');
      expect(freshClientText(room)).toContain('after');
      expect(logger.lines.some((line) => line.level === 'error' && line.seq === 2)).toBe(true);
    });
  }

  it('[R12] a room that fails to load is not loaded again until its backoff ends, and a load that works clears it', () => {
    const store = new MemoryDocStore();
    let loads = 0;
    let broken = true;
    const load = store.loadUpdates.bind(store);
    store.loadUpdates = (room) => {
      loads += 1;
      if (broken) throw new Error('disk says no');
      return load(room);
    };
    let now = 0;
    const registry = new RoomRegistry({ store, logger: silentLogger, compactThreshold: 500, idleUnloadMs: 1000, now: () => now });
    const attempt = () => {
      try {
        registry.join('w/d', fakePeer());
        return 'joined';
      } catch (error) {
        return (error as RelayError).reason;
      }
    };
    expect(attempt()).toBe('load-failed');
    expect([attempt(), attempt(), loads]).toEqual(['load-backoff', 'load-backoff', 1]);
    expect(registry.loadBackoff.unavailable).toBe(1);
    now += LOAD_RETRY_FIRST_MS;
    expect([attempt(), loads]).toEqual(['load-failed', 2]);
    // The second failure waits twice as long.
    now += LOAD_RETRY_FIRST_MS;
    expect([attempt(), loads]).toEqual(['load-backoff', 2]);
    now += LOAD_RETRY_FIRST_MS;
    broken = false;
    expect([attempt(), loads, registry.loadBackoff.unavailable]).toEqual(['joined', 3, 0]);
    registry.closeAll();
  });
});

/** What a room holds, pending records included, and what a reload of its store holds: the two must agree ([R6]). */
function heldAndReloaded(room: Room, store: MemoryDocStore): [unknown, unknown] {
  const held = (doc: Y.Doc) => ({
    state: Y.encodeStateAsUpdate(doc),
    waiting: doc.store.pendingStructs ? Array.from(doc.store.pendingStructs.missing) : null,
    deletions: doc.store.pendingDs,
  });
  const reloaded = Room.load('w/d', { store, logger: silentLogger, compactThreshold: 500 });
  return [held(room.doc), held(reloaded.doc)];
}

describe('updates whose stored form would replay differently', () => {
  it('[R26] seed 1027: a run overlapping what the room holds of its client, in another parent than the item it would continue, is refused and the map entry there stays', () => {
    const store = new MemoryDocStore();
    const room = Room.load('w/d', { store, logger: silentLogger, compactThreshold: 500 });
    const [attacker, honest, watcher] = [fakePeer('attacker'), fakePeer('honest'), fakePeer('watcher')];
    for (const peer of [attacker, honest, watcher]) room.join(peer);
    const author = new Y.Doc();
    author.clientID = 7;
    author.getMap('m').set('k', 'kept');
    expect(send(room, honest, updateFrame(Y.encodeStateAsUpdate(author)))).toBeNull();
    const greeted = watcher.sent.length;

    const error = send(room, attacker, OVERLAPPING_DELETED_FRAME);
    expect(error).toBeInstanceOf(RelayError);
    expect((error as RelayError).reason).toBe('malformed');
    // A later edit proves the watcher would have heard the crafted one by now.
    const edit = textUpdate('still fine', 1);
    expect(send(room, honest, updateFrame(edit))).toBeNull();
    expect(watcher.sent.slice(greeted)).toEqual([encodeSyncUpdate(edit)]);
    expect(store.rooms.get('w/d')).toHaveLength(2);
    const [held, reloaded] = heldAndReloaded(room, store);
    expect(reloaded).toEqual(held);
    expect(room.doc.getMap('m').get('k')).toBe('kept');
  });

  // With one array what waits shrinks (the earlier edit no longer waits), with four it grows: refused either way.
  for (const depth of [1, 4]) {
    it(`[R26][R30] seeds 1000, 1039: an update leaving ${depth === 1 ? 'an array' : `${depth} nested arrays`} waiting, after it let an earlier waiting edit integrate, is refused whole, and the room still holds what its store replays to`, () => {
      const store = new MemoryDocStore();
      const room = Room.load('w/d', { store, logger: silentLogger, compactThreshold: 500 });
      const [attacker, honest, watcher] = [fakePeer('attacker'), fakePeer('honest'), fakePeer('watcher')];
      for (const peer of [attacker, honest, watcher]) room.join(peer);
      const author = new Y.Doc();
      author.clientID = 11;
      const edits: Uint8Array[] = [];
      author.on('update', (update: Uint8Array) => edits.push(update));
      author.getText('t').insert(0, 'a');
      author.getText('t').insert(1, 'b');
      // The second edit waits for the first, stored as received ([R2]).
      expect(send(room, honest, updateFrame(edits[1]!))).toBeNull();
      const greeted = watcher.sent.length;

      // The first edit, and an array waiting for a parent the relay never saw.
      const waitingType = nestedArraysUpdate(depth, { client: 6, parent: { client: 5, clock: 0 } });
      const error = send(room, attacker, updateFrame(Y.mergeUpdates([edits[0]!, waitingType])));
      expect(error).toBeInstanceOf(RelayError);
      expect(store.rooms.get('w/d')).toHaveLength(1);
      expect(watcher.sent.slice(greeted)).toEqual([]);
      const [held, reloaded] = heldAndReloaded(room, store);
      expect(reloaded).toEqual(held);

      // The honest first edit alone completes the text, in the room and after a reload.
      expect(send(room, honest, updateFrame(edits[0]!))).toBeNull();
      expect(watcher.sent.slice(greeted)).toHaveLength(1);
      expect(room.doc.getText('t').toString()).toBe('ab');
      expect(freshClientText(Room.load('w/d', { store, logger: silentLogger, compactThreshold: 500 }))).toBe('ab');
    });
  }
});

describe('clocks past 2^53', () => {
  it('[R26] a deleted run ending past clock 2^53 - 1 is refused, so every row the room stores applies in a stock client', () => {
    const store = new MemoryDocStore();
    const room = Room.load('w/d', { store, logger: silentLogger, compactThreshold: 500 });
    const watcher = fakePeer('watcher');
    room.join(watcher);
    // Each frame on a connection of its own: the relay closes one at its first refused frame.
    const outcomes = PAST_MAX_CLOCK_FRAMES.map((frame, i) => {
      const attacker = fakePeer(`attacker-${i}`);
      room.join(attacker);
      return send(room, attacker, frame);
    });
    const rows = store.rooms.get('w/d') ?? [];
    expect(rows.length).toBeGreaterThan(0);
    // A stock client applies every stored row, and what it then holds once more.
    const stock = new Y.Doc();
    for (const row of rows) Y.applyUpdate(stock, row.data);
    expect(() => Y.applyUpdate(new Y.Doc(), Y.encodeStateAsUpdate(stock))).not.toThrow();
    expect(() => freshClientText(Room.load('w/d', { store, logger: silentLogger, compactThreshold: 500 }))).not.toThrow();
    // The first frame is the one refused; the others are the room's to keep.
    expect(outcomes[0]).toBeInstanceOf(RelayError);
    expect((outcomes[0] as RelayError).reason).toBe('malformed');
    expect(outcomes.slice(1)).toEqual([null, null, null]);
  });
});

describe('crafted awareness', () => {
  it('[R26] seed 350378087: an awareness state nested deeper than 64 is refused before it is stored, so relaying it never overflows the stack', () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const room = Room.load('w/d', { store: new MemoryDocStore(), logger: silentLogger, compactThreshold: 500 });
    const [attacker, watcher] = [fakePeer('attacker'), fakePeer('watcher')];
    room.join(attacker);
    room.join(watcher);
    const state = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const frame = (clientId: number, json: string) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(
        e,
        (() => {
          const inner = encoding.createEncoder();
          encoding.writeVarUint(inner, 1);
          encoding.writeVarUint(inner, clientId);
          encoding.writeVarUint(inner, 1);
          encoding.writeVarString(inner, json);
          return encoding.toUint8Array(inner);
        })(),
      );
      return encoding.toUint8Array(e);
    };
    // The first change goes at once; the next waits for the window, and leaves from a timer.
    expect(send(room, attacker, frame(1, '{"name":"first"}'))).toBeNull();
    expect(send(room, attacker, frame(2, state(64)))).toBeNull();
    const deep = send(room, attacker, frame(3, state(30_000)));
    expect(deep).toBeInstanceOf(RelayError);
    expect(room.awareness.getStates().has(3)).toBe(false);
    vi.advanceTimersByTime(100);
    expect(watcher.closed).toBeNull();
    expect(room.awareness.getStates().has(2)).toBe(true);
  });
});
