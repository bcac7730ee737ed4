/**
 * Updates crafted to break a room, each once accepted by the relay ([R26]).
 * Fixtures for the unit, integration and fuzz tests; nothing in the relay imports them.
 */
import * as encoding from 'lib0/encoding';

const hex = (text: string): Uint8Array => Uint8Array.from(text.split(' '), (byte) => Number.parseInt(byte, 16));

/** A whole frame (sync update): a GC struct of length zero. Stock clients then fail "Unexpected case" on every sync. */
export const ZERO_LENGTH_GC_FRAME = hex('00 02 07 01 01 03 00 00 00 00');

/** A whole frame (sync update): a root array, then an empty string item in it. The doc can no longer be encoded. */
export const EMPTY_STRING_FRAME = hex('00 02 0e 01 02 07 00 07 01 01 61 00 84 07 00 00 00');

/**
 * A whole frame (sync update): client 7's clock 0, a deleted run of 2^31 in the root type "x".
 * Against a room that holds client 7's clock 0 already, as an entry of a map, Yjs integrates
 * the rest of the run after that entry but keeps the parent "x"; encoded, it names only the
 * entry as its left neighbour, so a replay put it in the map and deleted the entry.
 */
export const OVERLAPPING_DELETED_FRAME = hex('00 02 0e 01 01 07 00 01 01 01 78 80 80 80 80 08 00');

/**
 * A whole frame (sync update): client 9's array at clock 0, inside itself (its parent is its
 * own id). Measuring how deep it nests followed the parent round and round, holding on to
 * every step: the relay grew by gigabytes until it ran out of memory.
 */
export const SELF_PARENT_FRAME = hex('00 02 0a 01 01 09 00 07 00 09 00 00 00');

/**
 * Whole frames (sync updates) of client 7, in this order: a deleted run in the root type "m"
 * from clock 19, of length 2^53 - 1, so it ends past 2^53 and waits for clocks 0-18; a GC
 * struct from clock 1 of length 2^32 - 1; a deleted run in "x" from clock 0 of length 2^52,
 * which lets the waiting run integrate; a string item "o" at clock 14 after clock 14. Yjs adds
 * clocks as doubles, rounded past 2^53: the room applied all four and stored rows a stock
 * client then failed to apply with "Unexpected case".
 */
export const PAST_MAX_CLOCK_FRAMES: readonly Uint8Array[] = [
  hex('00 02 11 01 01 07 13 01 01 01 6d ff ff ff ff ff ff ff 0f 00'),
  hex('00 02 0b 01 01 07 01 00 ff ff ff ff 0f 00'),
  hex('00 02 11 01 01 07 00 01 01 01 78 80 80 80 80 80 80 80 08 00'),
  hex('00 02 0a 01 01 07 0e 84 07 0e 01 6f 00'),
];

const CONTENT_TYPE = 7;
const Y_ARRAY = 0;

/**
 * An update holding `depth` arrays, each inside the previous, from `client`'s
 * clock `firstClock` on. The outermost sits in the root array "deep", or in
 * the array item `parent` when given (which may be missing: then the update
 * waits for it). With `deleteOutermost`, its delete set removes the outermost,
 * and deleting recurses through every level.
 */
export function nestedArraysUpdate(
  depth: number,
  { client = 7, firstClock = 0, parent, deleteOutermost = false }: { client?: number; firstClock?: number; parent?: { client: number; clock: number }; deleteOutermost?: boolean } = {},
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // clients
  encoding.writeVarUint(e, depth); // structs
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, firstClock);
  for (let level = 0; level < depth; level++) {
    encoding.writeUint8(e, CONTENT_TYPE); // no origins: the parent follows
    const parentId = level === 0 ? parent : { client, clock: firstClock + level - 1 };
    if (parentId === undefined) {
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, 'deep');
    } else {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, parentId.client);
      encoding.writeVarUint(e, parentId.clock);
    }
    encoding.writeVarUint(e, Y_ARRAY);
  }
  if (deleteOutermost) {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, firstClock);
    encoding.writeVarUint(e, 1);
  } else {
    encoding.writeVarUint(e, 0);
  }
  return encoding.toUint8Array(e);
}

/** Wraps an update in a y-websocket sync update frame. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}
