/**
 * Structural validation of what clients send before Yjs sees it ([R26]).
 *
 * Yjs decodes updates trusting every count: a 20-byte update can claim 2^31
 * structs or deletes, and `new Array(count)` plus a decoding loop then costs
 * time and memory out of proportion to the frame (the class of yjs#687).
 * These validators walk the Yjs update v1 format once, in time linear in the
 * input and with no allocation beyond a few numbers:
 * - every read past the end throws,
 * - every count must fit in the bytes that remain (each counted element takes
 *   at least one byte), so no loop runs longer than the input is long,
 * - nesting of `any` values is bounded, so recursion depth is too,
 * - trailing bytes are rejected.
 * Semantic checks (missing dependencies, bad JSON) stay with Yjs, which fails
 * on them in bounded time once the counts are sane.
 *
 * Format references: yjs/src/utils/encoding.js (readClientsStructRefs),
 * yjs/src/utils/DeleteSet.js (readDeleteSet), yjs/src/structs/Item.js
 * (contentRefs), yjs/src/structs/ContentType.js (typeRefs) and
 * lib0/decoding.js (readVarUint, readVarInt, readAny).
 */
import { RelayError, malformed } from './errors';

/** Deeper `any` values than this are refused; Yjs itself never nests them, users' JSON rarely goes past 10. */
export const MAX_ANY_DEPTH = 64;

/**
 * [R26] A frame is a few bytes per struct on the wire but a Yjs object of
 * ~100–200 bytes once decoded, and a shared type (a map, an XML element) ~600.
 * These caps bound what one update may expand to (~200 MB and ~60 MB) far
 * above what an honest client sends at once: a document with a million
 * unmerged structs or a hundred thousand types in one sync is not a document.
 */
export const MAX_STRUCTS_PER_UPDATE = 1_000_000;
export const MAX_TYPES_PER_UPDATE = 100_000;

/** What the validator saw of an update, for the checks that need the document ([R26] nesting). */
export interface UpdateSummary {
  structs: number;
  /** Structs whose content is a shared type (ContentType): the only ones that nest. */
  types: number;
}

/** Bits of the struct info byte (yjs `binary.BIT8`, `BIT7`, `BIT6`, `BITS5`). */
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;
const CONTENT_MASK = 0x1f;

const CONTENT_GC = 0;
const CONTENT_DELETED = 1;
const CONTENT_JSON = 2;
const CONTENT_BINARY = 3;
const CONTENT_STRING = 4;
const CONTENT_EMBED = 5;
const CONTENT_FORMAT = 6;
const CONTENT_TYPE = 7;
const CONTENT_ANY = 8;
const CONTENT_DOC = 9;
const CONTENT_SKIP = 10;

/** typeRefs in ContentType.js: 0 YArray ... 6 YXmlText; XmlElement (3) and XmlHook (5) carry a name. */
const TYPE_REF_MAX = 6;
const TYPE_XML_ELEMENT = 3;
const TYPE_XML_HOOK = 5;

/** A bounds-checked cursor; lib0's readUint8 returns undefined past the end instead of throwing. */
class Reader {
  pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  uint8(): number {
    if (this.pos >= this.bytes.length) throw malformed('unexpected end of update');
    return this.bytes[this.pos++]!;
  }

  /**
   * lib0 readVarUint: 7 bits per byte. lib0 checks the range only before a
   * continuation byte, so its last byte can carry a number up to 2^56 that a
   * double cannot hold exactly; every number past 2^53 - 1 is refused here.
   */
  varUint(): number {
    let num = 0;
    let mult = 1;
    for (;;) {
      const byte = this.uint8();
      num += (byte & 0x7f) * mult;
      if (num > Number.MAX_SAFE_INTEGER) throw malformed('varint out of range');
      if (byte < 0x80) return num;
      mult *= 128;
    }
  }

  /** lib0 readVarInt: first byte has a continuation bit, a sign bit and 6 bits. */
  varInt(): void {
    let byte = this.uint8();
    let num = byte & 0x3f;
    let mult = 64;
    while (byte & 0x80) {
      byte = this.uint8();
      num += (byte & 0x7f) * mult;
      mult *= 128;
      if (num > Number.MAX_SAFE_INTEGER) throw malformed('varint out of range');
    }
  }

  skip(length: number): void {
    if (length > this.remaining) throw malformed(`length ${length} past the end of the update`);
    this.pos += length;
  }

  /**
   * How many UTF-16 code units the UTF-8 bytes from `start` to here decode to
   * (a string item's length in Yjs): one per code point, two from U+10000 on.
   * Yjs merges neighbouring string items, so the sum must be exact, not a bound.
   */
  utf16Length(start: number): number {
    let units = 0;
    for (let i = start; i < this.pos; i++) {
      const byte = this.bytes[i]!;
      if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
    }
    return units;
  }

  /** varString and varUint8Array: a length, then that many bytes. */
  lengthPrefixed(): void {
    this.skip(this.varUint());
  }

  /** A count of elements that each take at least `minBytes` bytes. */
  count(what: string, minBytes = 1): number {
    const n = this.varUint();
    if (n * minBytes > this.remaining) throw malformed(`${what} count ${n} exceeds the ${this.remaining} bytes left`);
    return n;
  }

  end(what: string): void {
    if (this.remaining !== 0) throw malformed(`${this.remaining} trailing bytes after ${what}`);
  }
}

/**
 * Throws a `malformed` RelayError unless `update` is a well-formed Yjs update
 * (v1 encoding) that a stock client can apply: no struct or delete range of
 * length zero (Yjs stores them, then fails "Unexpected case" on every sync,
 * and an empty string item makes the document unencodable), no struct or
 * delete range past clock 2^53 - 1, and no more structs or types than the
 * caps above.
 */
export function validateUpdate(update: Uint8Array): UpdateSummary {
  const summary: UpdateSummary = { structs: 0, types: 0 };
  guard(() => {
    const r = new Reader(update);
    readStructs(r, summary);
    readDeleteSet(r);
    r.end('update');
  });
  return summary;
}

/** Throws unless `stateVector` is a well-formed state vector: a count, then (client, clock) pairs. */
export function validateStateVector(stateVector: Uint8Array): void {
  guard(() => {
    const r = new Reader(stateVector);
    const clients = r.count('state vector client', 2);
    for (let i = 0; i < clients; i++) {
      r.varUint();
      r.varUint();
    }
    r.end('state vector');
  });
}

/**
 * Throws unless `update` is a well-formed awareness update: a count, then
 * (client, clock, JSON state) triples, no state nested deeper than
 * MAX_ANY_DEPTH. JSON.parse takes any depth, but JSON.stringify recurses: a
 * 64 KiB state of nested brackets, stored, would overflow the stack of the
 * relay when it relays the state and of every client that re-encodes it.
 */
export function validateAwarenessUpdate(update: Uint8Array): void {
  guard(() => {
    const r = new Reader(update);
    const clients = r.count('awareness client', 3);
    for (let i = 0; i < clients; i++) {
      r.varUint();
      r.varUint();
      const length = r.varUint();
      const start = r.pos;
      r.skip(length);
      if (jsonDepth(update, start, r.pos) > MAX_ANY_DEPTH) throw malformed(`awareness state nested deeper than ${MAX_ANY_DEPTH}`);
    }
    r.end('awareness update');
  });
}

/** How deep brackets nest in the JSON text bytes[start, end), outside strings; one pass, no allocation. */
function jsonDepth(bytes: Uint8Array, start: number, end: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === 0x5c) i++; // backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (byte === 0x5d || byte === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

function guard(validate: () => void): void {
  try {
    validate();
  } catch (error) {
    if (error instanceof RelayError) throw error;
    throw malformed(`invalid update: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

function readStructs(r: Reader, summary: UpdateSummary): void {
  // Per client at least: struct count, client, clock.
  const clients = r.count('client', 3);
  for (let c = 0; c < clients; c++) {
    // Every struct takes at least two bytes (info + one varUint); counts beyond that are lies.
    const structs = r.count('struct', 2);
    summary.structs += structs;
    if (summary.structs > MAX_STRUCTS_PER_UPDATE) throw malformed(`more than ${MAX_STRUCTS_PER_UPDATE} structs in one update`);
    r.varUint(); // client
    let clock = r.varUint();
    const struct: StructRead = { content: 0, length: 0 };
    for (let s = 0; s < structs; s++) {
      readStruct(r, struct);
      clock = endClock(clock, struct.length, 'struct');
      if (struct.content === CONTENT_TYPE && ++summary.types > MAX_TYPES_PER_UPDATE) {
        throw malformed(`more than ${MAX_TYPES_PER_UPDATE} shared types in one update`);
      }
    }
  }
}

/**
 * [R26] Where a struct or delete range starting at `clock` ends. Yjs adds
 * clocks and lengths as doubles: past 2^53 the sums are rounded, so the
 * structs a doc holds no longer meet end to end and a fresh doc fails
 * "Unexpected case" on the stored row (or on the whole doc, once compacted).
 * A clock counts characters typed by one client; no honest one comes near.
 */
function endClock(clock: number, length: number, what: string): number {
  const end = clock + length;
  if (end > Number.MAX_SAFE_INTEGER) throw malformed(`${what} ends past clock 2^53 - 1`);
  return end;
}

/** A struct or delete range covers at least one clock; Yjs never writes an empty one. */
function positiveLength(r: Reader, what: string): number {
  const length = r.varUint();
  if (length === 0) throw malformed(`${what} of length zero`);
  return length;
}

interface StructRead {
  content: number;
  /** The clocks it covers. */
  length: number;
}

/** Reads one struct into `out`: its content kind and length. */
function readStruct(r: Reader, out: StructRead): void {
  const info = r.uint8();
  const content = info & CONTENT_MASK;
  out.content = content;
  if (content === CONTENT_GC || content === CONTENT_SKIP) {
    out.length = positiveLength(r, content === CONTENT_GC ? 'GC struct' : 'skip struct');
    return;
  }
  if (info & HAS_ORIGIN) readId(r);
  if (info & HAS_RIGHT_ORIGIN) readId(r);
  if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
    // parentInfo: 1 = a root type named by a key, anything else = the parent item's ID.
    if (r.varUint() === 1) r.lengthPrefixed();
    else readId(r);
    if (info & HAS_PARENT_SUB) r.lengthPrefixed();
  }
  out.length = readContent(r, content);
}

function readId(r: Reader): void {
  r.varUint(); // client
  r.varUint(); // clock
}

/** Reads an item's content; returns its length (the clocks the item covers). */
function readContent(r: Reader, content: number): number {
  switch (content) {
    case CONTENT_DELETED:
      return positiveLength(r, 'deleted content');
    case CONTENT_JSON: {
      const n = r.count('JSON value');
      if (n === 0) throw malformed('JSON content of length zero');
      for (let i = 0; i < n; i++) r.lengthPrefixed();
      return n;
    }
    case CONTENT_STRING: {
      // The item's length is the string's: an empty one is an item of length zero.
      const bytes = r.varUint();
      if (bytes === 0) throw malformed('string content of length zero');
      const start = r.pos;
      r.skip(bytes);
      return r.utf16Length(start);
    }
    case CONTENT_BINARY:
    case CONTENT_EMBED:
      r.lengthPrefixed();
      return 1;
    case CONTENT_FORMAT:
      r.lengthPrefixed(); // key
      r.lengthPrefixed(); // JSON value
      return 1;
    case CONTENT_TYPE: {
      const typeRef = r.varUint();
      if (typeRef > TYPE_REF_MAX) throw malformed(`unknown type ref ${typeRef}`);
      if (typeRef === TYPE_XML_ELEMENT || typeRef === TYPE_XML_HOOK) r.lengthPrefixed();
      return 1;
    }
    case CONTENT_ANY: {
      const n = r.count('any value');
      if (n === 0) throw malformed('any content of length zero');
      for (let i = 0; i < n; i++) readAny(r, 0);
      return n;
    }
    case CONTENT_DOC:
      r.lengthPrefixed(); // guid
      readAny(r, 0); // options
      return 1;
    default:
      throw malformed(`unknown content type ${content}`);
  }
}

/** lib0 readAny; type bytes count down from 127. */
function readAny(r: Reader, depth: number): void {
  if (depth > MAX_ANY_DEPTH) throw malformed(`value nested deeper than ${MAX_ANY_DEPTH}`);
  const type = r.uint8();
  switch (type) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return;
    case 125: // varInt
      r.varInt();
      return;
    case 124: // float32
      r.skip(4);
      return;
    case 123: // float64
    case 122: // bigint64
      r.skip(8);
      return;
    case 119: // string
    case 116: // Uint8Array
      r.lengthPrefixed();
      return;
    case 118: {
      // object: key (at least 1 byte) + value (at least 1 byte) per entry
      const n = r.count('object entry', 2);
      for (let i = 0; i < n; i++) {
        r.lengthPrefixed();
        readAny(r, depth + 1);
      }
      return;
    }
    case 117: {
      const n = r.count('array element');
      for (let i = 0; i < n; i++) readAny(r, depth + 1);
      return;
    }
    default:
      throw malformed(`unknown value type ${type}`);
  }
}

function readDeleteSet(r: Reader): void {
  // Per client at least: client, delete count.
  const clients = r.count('delete set client', 2);
  for (let c = 0; c < clients; c++) {
    r.varUint(); // client
    const deletes = r.count('delete', 2);
    for (let d = 0; d < deletes; d++) {
      const clock = r.varUint();
      endClock(clock, positiveLength(r, 'delete range'), 'delete range');
    }
  }
}
