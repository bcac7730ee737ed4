/**
 * Frames for fuzzing the relay: y-websocket messages built from real Yjs
 * updates, the same with random mutations, crafted structures that lie about
 * their sizes, pure random bytes and text frames. Everything comes from one
 * seeded `Rng`, so a run is replayable from its seed.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../../shared/protocol';
import { EMPTY_STRING_FRAME, ZERO_LENGTH_GC_FRAME, nestedArraysUpdate } from '../../relay/crafted';
import type { Rng } from './rng';

/** The most a repeat mutation makes a frame grow to. */
const MAX_REPEATED_BYTES = 1 << 20;

const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;

/** Counts and lengths that no honest frame carries. */
const HUGE = [2 ** 31, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 40, 2 ** 53 - 1, 0xffffffff] as const;

export type FrameKind = 'valid' | 'random' | 'mutated' | 'crafted' | 'text' | 'oversized';

export interface Frame {
  kind: FrameKind;
  /** What was built, e.g. `mutated:bitflip+truncate(update)`; for statistics and reproduction. */
  label: string;
  data: Uint8Array | string;
}

function build(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

export function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });
}

export function awarenessFrame(payload: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, payload);
  });
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function varUint(n: number): Uint8Array {
  return build((e) => encoding.writeVarUint(e, n));
}

/** A varint lib0 refuses: more continuation bytes than 53 bits allow. */
const OVERLONG_VARINT = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);

const ALPHABET = ['a', 'b', 'z', ' ', '\n', 'ä', 'ß', '€', '😀', '👩‍👩‍👧', '"', '\\', '\u0000', '\uffff', '\u200b', '\ud800', '\udc00'];

function randomString(rng: Rng, max: number): string {
  const n = rng.int(max + 1);
  let s = '';
  for (let i = 0; i < n; i++) s += rng.chance(0.8) ? String.fromCharCode(97 + rng.int(26)) : rng.pick(ALPHABET);
  return s;
}

function randomAny(rng: Rng, depth = 0): unknown {
  const kind = depth > 3 ? rng.int(6) : rng.int(9);
  switch (kind) {
    case 0:
      return rng.range(-1000, 1000);
    case 1:
      return rng.float() * 1e6;
    case 2:
      return randomString(rng, 12);
    case 3:
      return rng.chance(0.5);
    case 4:
      return null;
    case 5:
      // Yjs takes a bigint only nested inside a JSON-like value, not as an element of its own.
      return depth === 0 || rng.chance(0.5) ? rng.uint32() * 2 ** 20 : BigInt(rng.uint32()) * 4096n;
    case 6:
      return Array.from({ length: rng.int(4) }, () => randomAny(rng, depth + 1));
    case 7:
      return Object.fromEntries(Array.from({ length: rng.int(4) }, () => [randomString(rng, 6), randomAny(rng, depth + 1)]));
    default:
      return rng.bytes(rng.int(16));
  }
}

/**
 * A scratch document edited with every kind of Yjs content, whose updates
 * are the raw material for valid and mutated frames. Its root types never
 * share a name with the honest clients' text.
 */
class Scratch {
  doc!: Y.Doc;
  private ops = 0;
  private captured: Uint8Array | null = null;
  /** Recent updates, for replays and merges. */
  readonly history: Uint8Array[] = [];

  constructor(private readonly rng: Rng) {
    this.reset();
  }

  private reset(): void {
    this.doc?.destroy();
    this.doc = new Y.Doc({ guid: `scratch-${this.rng.uint32()}`, gc: this.rng.chance(0.5) });
    // Deterministic client ids: the seed, not Math.random, decides every byte.
    this.doc.clientID = this.rng.uint32();
    this.doc.on('update', (update: Uint8Array) => (this.captured = update));
    this.ops = 0;
  }

  /** Makes one random edit and returns its update. */
  update(): Uint8Array {
    if (++this.ops > 300) this.reset();
    this.captured = null;
    const { rng, doc } = this;
    doc.transact(() => this.edit(rng, doc));
    if (this.captured === null) doc.getText('fz-text').insert(0, 'x');
    const update = this.captured!;
    this.history.push(update);
    if (this.history.length > 64) this.history.shift();
    return update;
  }

  private edit(rng: Rng, doc: Y.Doc): void {
    const text = doc.getText('fz-text');
    const map = doc.getMap<unknown>('fz-map');
    const arr = doc.getArray<unknown>('fz-arr');
    const xml = doc.getXmlFragment('fz-xml');
    switch (rng.int(12)) {
      case 0:
      case 1:
        text.insert(rng.int(text.length + 1), randomString(rng, 20), rng.chance(0.2) ? { bold: true } : undefined);
        return;
      case 2:
        if (text.length > 0) {
          const at = rng.int(text.length);
          text.delete(at, rng.range(1, Math.min(10, text.length - at)));
        }
        return;
      case 3:
        if (text.length > 0) text.format(rng.int(text.length), rng.range(1, 5), { italic: rng.chance(0.5) ? true : null });
        return;
      case 4:
        text.insertEmbed(rng.int(text.length + 1), { image: randomString(rng, 8) });
        return;
      case 5:
        map.set(randomString(rng, 4), randomAny(rng));
        return;
      case 6: {
        const nested = rng.pick([() => new Y.Map(), () => new Y.Array(), () => new Y.Text(randomString(rng, 5)), () => new Y.XmlFragment()])();
        map.set(`t${rng.int(8)}`, nested);
        return;
      }
      case 7:
        for (const key of map.keys()) if (rng.chance(0.3)) map.delete(key);
        return;
      case 8:
        arr.insert(rng.int(arr.length + 1), Array.from({ length: rng.range(1, 4) }, () => randomAny(rng)));
        return;
      case 9:
        if (arr.length > 0) arr.delete(rng.int(arr.length), 1);
        else arr.push([rng.bytes(rng.int(32))]);
        return;
      case 10: {
        const element = new Y.XmlElement(rng.pick(['p', 'h1', 'li']));
        element.setAttribute('data-x', randomString(rng, 5));
        element.insert(0, [new Y.XmlText(randomString(rng, 10))]);
        xml.insert(rng.int(xml.length + 1), [element]);
        return;
      }
      default:
        map.set(`sub${rng.int(4)}`, new Y.Doc({ guid: `sub-${rng.uint32()}`, autoLoad: rng.chance(0.5) }));
    }
  }
}

export interface FuzzerOptions {
  /** The relay's --max-message-bytes, so oversized frames are just over it. */
  maxMessageBytes: number;
}

/** Builds frames; one per attacker so each socket's sequence depends only on the seed. */
export class FrameFuzzer {
  private readonly scratch: Scratch;

  constructor(
    private readonly rng: Rng,
    private readonly options: FuzzerOptions,
  ) {
    this.scratch = new Scratch(rng.fork());
  }

  /** A frame for a socket that mixes honest and hostile frames. */
  next(): Frame {
    const rng = this.rng;
    return rng.weighted<() => Frame>([
      [12, () => this.valid()],
      [26, () => ({ kind: 'random', ...this.random() })],
      [38, () => ({ kind: 'mutated', ...this.mutated() })],
      [16, () => ({ kind: 'crafted', ...this.crafted() })],
      [3.9, () => ({ kind: 'text', label: 'text', data: this.text() })],
      [0.1, () => ({ kind: 'oversized', label: 'oversized', data: this.oversized() })],
    ])();
  }

  /**
   * A frame for a socket that should reach the decoder many times before it is
   * closed: mostly kinds that often stay decodable (the caller still filters).
   * Pure noise and text frames never decode, and would only be held back.
   */
  forDecoder(): Frame {
    return this.rng.weighted<() => Frame>([
      [45, () => this.valid()],
      [45, () => ({ kind: 'mutated', ...this.mutated() })],
      [10, () => ({ kind: 'crafted', ...this.crafted() })],
    ])();
  }

  /** A frame a well-behaved client could send. */
  valid(): Frame {
    const { label, data } = this.validMessage();
    return { kind: 'valid', label, data };
  }

  private validMessage(): { label: string; data: Uint8Array } {
    const { rng, scratch } = this;
    return rng.weighted<() => { label: string; data: Uint8Array }>([
      [30, () => ({ label: 'update', data: syncFrame(UPDATE, scratch.update()) })],
      [8, () => ({ label: 'step2', data: syncFrame(STEP2, scratch.update()) })],
      [2, () => ({ label: 'step2-full', data: syncFrame(STEP2, Y.encodeStateAsUpdate(scratch.doc)) })],
      [4, () => ({ label: 'update-replay', data: syncFrame(UPDATE, rng.pick(scratch.history.length ? scratch.history : [scratch.update()])) })],
      [4, () => ({ label: 'update-merged', data: syncFrame(UPDATE, this.merged()) })],
      [3, () => ({ label: 'update-diff', data: syncFrame(UPDATE, Y.diffUpdate(Y.encodeStateAsUpdate(scratch.doc), this.stateVector())) })],
      [2, () => ({ label: 'update-empty', data: syncFrame(UPDATE, new Uint8Array([0, 0])) })],
      [5, () => ({ label: 'step1', data: syncFrame(STEP1, this.stateVector()) })],
      [16, () => ({ label: 'awareness', data: awarenessFrame(this.awarenessUpdate()) })],
      [5, () => ({ label: 'query-awareness', data: new Uint8Array([MESSAGE_QUERY_AWARENESS]) })],
    ])();
  }

  private merged(): Uint8Array {
    const { rng, scratch } = this;
    const parts = Array.from({ length: rng.range(2, 5) }, () => (scratch.history.length && rng.chance(0.5) ? rng.pick(scratch.history) : scratch.update()));
    return Y.mergeUpdates(parts);
  }

  private stateVector(): Uint8Array {
    const { rng } = this;
    if (rng.chance(0.5)) return Y.encodeStateVector(this.scratch.doc);
    return build((e) => {
      const n = rng.int(rng.chance(0.05) ? 2000 : 8);
      encoding.writeVarUint(e, n);
      for (let i = 0; i < n; i++) {
        encoding.writeVarUint(e, rng.chance(0.1) ? rng.pick(HUGE) : rng.uint32());
        encoding.writeVarUint(e, rng.chance(0.1) ? rng.pick(HUGE) : rng.int(1000));
      }
    });
  }

  private awarenessUpdate(): Uint8Array {
    const { rng } = this;
    return build((e) => {
      const n = rng.range(1, rng.chance(0.05) ? 300 : 4);
      encoding.writeVarUint(e, n);
      for (let i = 0; i < n; i++) {
        encoding.writeVarUint(e, rng.chance(0.5) ? rng.int(16) : rng.uint32());
        encoding.writeVarUint(e, rng.chance(0.05) ? 2 ** 53 - 1 : rng.int(100));
        const state = rng.chance(0.15) ? null : { user: { name: randomString(rng, 10), color: `#${rng.uint32().toString(16)}` }, cursor: rng.chance(0.5) ? randomAny(rng) : null };
        encoding.writeVarString(e, JSON.stringify(state, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Array.from(v) : v)));
      }
    });
  }

  /** A valid payload of some type, for mutation and re-framing. */
  private payload(): { what: string; frameType: 'sync' | 'awareness'; syncType: number; bytes: Uint8Array } {
    const { rng, scratch } = this;
    return rng.weighted<() => { what: string; frameType: 'sync' | 'awareness'; syncType: number; bytes: Uint8Array }>([
      [40, () => ({ what: 'update', frameType: 'sync', syncType: rng.pick([STEP2, UPDATE]), bytes: scratch.update() })],
      [10, () => ({ what: 'full-state', frameType: 'sync', syncType: rng.pick([STEP2, UPDATE]), bytes: Y.encodeStateAsUpdate(scratch.doc) })],
      [10, () => ({ what: 'merged', frameType: 'sync', syncType: UPDATE, bytes: this.merged() })],
      [8, () => ({ what: 'state-vector', frameType: 'sync', syncType: STEP1, bytes: this.stateVector() })],
      [25, () => ({ what: 'awareness', frameType: 'awareness', syncType: 0, bytes: this.awarenessUpdate() })],
    ])();
  }

  /** Pure noise, sometimes behind a valid header so the validator sees it. */
  private random(): { label: string; data: Uint8Array } {
    const { rng } = this;
    const noise = rng.bytes(rng.int(2049));
    switch (rng.int(4)) {
      case 0:
        return { label: 'random-sync-payload', data: syncFrame(rng.int(3), noise) };
      case 1:
        return { label: 'random-awareness-payload', data: awarenessFrame(noise) };
      default:
        return { label: 'random', data: noise };
    }
  }

  /** A valid frame or payload, changed by one to three mutations. */
  private mutated(): { label: string; data: Uint8Array } {
    const { rng } = this;
    const count = rng.weighted([
      [6, 1],
      [3, 2],
      [1, 3],
    ] as const);
    const names: string[] = [];
    const mutate = (bytes: Uint8Array) => {
      let out = bytes;
      for (let i = 0; i < count; i++) {
        const [name, result] = this.mutate(out);
        names.push(name);
        out = result;
      }
      return out;
    };
    if (rng.chance(0.5)) {
      // Inside a correct envelope: the decoder passes it to the validator and Yjs.
      const p = this.payload();
      const bytes = mutate(p.bytes);
      const data = p.frameType === 'awareness' ? awarenessFrame(bytes) : syncFrame(p.syncType, bytes);
      return { label: `mutated-payload:${names.join('+')}(${p.what})`, data };
    }
    const base = this.validMessage();
    return { label: `mutated-frame:${names.join('+')}(${base.label})`, data: mutate(base.data) };
  }

  private mutate(bytes: Uint8Array): [string, Uint8Array] {
    const { rng } = this;
    const at = (extra = 0) => rng.int(bytes.length + extra);
    const op = rng.int(12);
    switch (op) {
      case 0:
      case 1: {
        const out = bytes.slice();
        const flips = rng.range(1, 8);
        for (let i = 0; i < flips && out.length > 0; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
        return ['bitflip', out];
      }
      case 2:
        return ['truncate', bytes.slice(0, at())];
      case 3: {
        const p = at(1);
        return ['insert', concat([bytes.slice(0, p), rng.bytes(rng.range(1, 16)), bytes.slice(p)])];
      }
      case 4: {
        const p = at();
        return ['delete', concat([bytes.slice(0, p), bytes.slice(p + rng.range(1, 8))])];
      }
      case 5: {
        // Replace the varint starting at p (a length, count, client or clock) by a huge one.
        const p = rng.chance(0.3) ? Math.min(rng.int(4), bytes.length) : at(1);
        let end = p;
        while (end < bytes.length && bytes[end]! >= 0x80 && end - p < 9) end++;
        end = Math.min(end + 1, bytes.length);
        const huge = rng.chance(0.1) ? OVERLONG_VARINT : varUint(rng.pick(HUGE));
        return ['huge-varint', concat([bytes.slice(0, p), huge, bytes.slice(end)])];
      }
      case 6: {
        const out = bytes.slice();
        if (out.length > 0) out[rng.int(out.length)] = rng.pick([0, 1, 2, 3, 4, 7, 8, 9, 10, 0x1f, 0x7f, 0x80, 0xff, 116, 117, 118, 119, 125, 127]);
        return ['interesting-byte', out];
      }
      case 7: {
        // Repeated mutations compound (100 × 100 × 100 of a large payload is gigabytes, which stalled
        // the attacker, seed 1174753795): a repeat stops at MAX_REPEATED_BYTES; oversized frames are their own kind.
        const wanted = rng.pick([2, 3, 10, 100]);
        const times = Math.max(1, Math.min(wanted, Math.floor(MAX_REPEATED_BYTES / Math.max(1, bytes.length))));
        return [`repeat${times}`, concat(Array.from({ length: times }, () => bytes))];
      }
      case 8: {
        const p = at();
        const q = Math.min(bytes.length, p + rng.range(1, 64));
        const r = at(1);
        return ['duplicate-slice', concat([bytes.slice(0, r), bytes.slice(p, q), bytes.slice(r)])];
      }
      case 9: {
        const other = this.validMessage().data;
        return ['splice', concat([bytes.slice(0, at(1)), other.slice(rng.int(other.length + 1))])];
      }
      case 10: {
        const out = bytes.slice();
        if (out.length > 1) {
          const i = rng.int(out.length);
          const j = rng.int(out.length);
          [out[i], out[j]] = [out[j]!, out[i]!];
        }
        return ['swap', out];
      }
      default: {
        const other = this.validMessage().data;
        return ['append-frame', concat([bytes, other])];
      }
    }
  }

  /** Hand-made structures that lie about sizes or reach odd corners of Yjs. */
  private crafted(): { label: string; data: Uint8Array } {
    const { rng } = this;
    const client = rng.chance(0.5) ? this.scratch.doc.clientID : rng.uint32();
    const huge = rng.pick(HUGE);
    const key = rng.chance(0.7) ? rng.pick(['fz-text', 'fz-map', 'fz-arr', 'x']) : randomString(rng, 6);
    const stringStruct = (e: encoding.Encoder) => {
      encoding.writeUint8(e, 4); // ContentString, no origins
      encoding.writeVarUint(e, 1); // parent is a root type
      encoding.writeVarString(e, key);
      encoding.writeVarString(e, randomString(rng, 8) || 'y');
    };
    const structUpdate = (clock: number, writeStruct: (e: encoding.Encoder) => void, structs = 1) =>
      build((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, structs);
        encoding.writeVarUint(e, client);
        encoding.writeVarUint(e, clock);
        writeStruct(e);
        encoding.writeVarUint(e, 0); // empty delete set
      });
    const nested = (depth: number, tail: number[]) => {
      const out = new Uint8Array(depth * 2 + tail.length);
      for (let i = 0; i < depth; i++) {
        out[2 * i] = 117; // array
        out[2 * i + 1] = 1; // of one element
      }
      out.set(tail, depth * 2);
      return out;
    };
    const anyStruct = (value: Uint8Array) => (e: encoding.Encoder) => {
      encoding.writeUint8(e, 8);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, key);
      encoding.writeVarUint(e, 1);
      encoding.writeUint8Array(e, value);
    };
    const sync = (label: string, update: Uint8Array, syncType = rng.pick([STEP2, UPDATE])) => ({ label: `crafted:${label}`, data: syncFrame(syncType, update) });
    const cases: Array<() => { label: string; data: Uint8Array }> = [
      () => sync('claims-structs', structUpdate(0, stringStruct, huge)),
      () => sync('claims-clients', build((e) => (encoding.writeVarUint(e, huge), encoding.writeVarUint(e, 1), encoding.writeVarUint(e, client)))),
      () => sync('claims-deletes', build((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1), encoding.writeVarUint(e, client), encoding.writeVarUint(e, huge), encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1)))),
      () => sync('claims-delete-clients', build((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, huge)))),
      () =>
        sync(
          'huge-delete-range',
          build((e) => {
            encoding.writeVarUint(e, 0);
            encoding.writeVarUint(e, 1);
            encoding.writeVarUint(e, client);
            encoding.writeVarUint(e, 1);
            encoding.writeVarUint(e, rng.chance(0.5) ? 0 : huge);
            encoding.writeVarUint(e, huge);
          }),
        ),
      () => sync('huge-string-length', structUpdate(0, (e) => (encoding.writeUint8(e, 4), encoding.writeVarUint(e, 1), encoding.writeVarUint(e, huge)))),
      () => sync('gc-huge', structUpdate(rng.chance(0.5) ? 0 : huge, (e) => (encoding.writeUint8(e, 0), encoding.writeVarUint(e, huge)))),
      () => sync('skip-huge', structUpdate(rng.int(10), (e) => (encoding.writeUint8(e, 10), encoding.writeVarUint(e, huge)))),
      () => sync('deleted-huge', structUpdate(0, (e) => (encoding.writeUint8(e, 1), encoding.writeVarUint(e, 1), encoding.writeVarString(e, key), encoding.writeVarUint(e, huge)))),
      () => sync('string-at-max-clock', structUpdate(2 ** 53 - 1 - rng.int(4), stringStruct)),
      // [R26] Structs of length zero, and types nested past the bound: each once broke a room.
      () => ({ label: 'crafted:zero-length-gc', data: ZERO_LENGTH_GC_FRAME }),
      () => ({ label: 'crafted:empty-string', data: EMPTY_STRING_FRAME }),
      () => sync('zero-length-skip', structUpdate(rng.int(10), (e) => (encoding.writeUint8(e, 10), encoding.writeVarUint(e, 0)))),
      () => sync('zero-length-deleted', structUpdate(0, (e) => (encoding.writeUint8(e, 1), encoding.writeVarUint(e, 1), encoding.writeVarString(e, key), encoding.writeVarUint(e, 0)))),
      () => sync('zero-length-any', structUpdate(0, (e) => (encoding.writeUint8(e, 8), encoding.writeVarUint(e, 1), encoding.writeVarString(e, key), encoding.writeVarUint(e, 0)))),
      () => sync('zero-length-json', structUpdate(0, (e) => (encoding.writeUint8(e, 2), encoding.writeVarUint(e, 1), encoding.writeVarString(e, key), encoding.writeVarUint(e, 0)))),
      () => {
        const depth = rng.pick([100, 128, 129, 500, 4000]);
        const deleteOutermost = rng.chance(0.5);
        return sync(`nested-types-${depth}${deleteOutermost ? '-deleted' : ''}`, nestedArraysUpdate(depth, { client: rng.uint32(), deleteOutermost }));
      },
      () => {
        const depth = rng.pick([10, 63, 64, 65, 1000, 60_000]);
        return sync(`any-depth-${depth}`, structUpdate(0, anyStruct(nested(depth, [126]))));
      },
      () => {
        const n = rng.pick([100, 3000]);
        return sync(
          `any-wide-object-${n}`,
          structUpdate(
            0,
            anyStruct(
              build((e) => {
                encoding.writeUint8(e, 118);
                encoding.writeVarUint(e, n);
                for (let i = 0; i < n; i++) {
                  encoding.writeVarString(e, `k${i}`);
                  encoding.writeUint8(e, 125);
                  encoding.writeVarInt(e, i);
                }
              }),
            ),
          ),
        );
      },
      () => sync('any-huge-binary', structUpdate(0, anyStruct(build((e) => (encoding.writeUint8(e, 116), encoding.writeVarUint(e, huge)))))),
      () => sync('any-unknown-type', structUpdate(0, anyStruct(new Uint8Array([rng.range(0, 115)])))),
      () =>
        sync(
          'json-invalid',
          structUpdate(0, (e) => {
            encoding.writeUint8(e, 2);
            encoding.writeVarUint(e, 1);
            encoding.writeVarString(e, key);
            encoding.writeVarUint(e, 1);
            encoding.writeVarString(e, rng.pick(['{', 'undefined', '"', '[1,', 'NaN', '1e999999', '{"__proto__":{"x":1}}']));
          }),
        ),
      () =>
        sync(
          'format-invalid-json',
          structUpdate(0, (e) => {
            encoding.writeUint8(e, 6);
            encoding.writeVarUint(e, 1);
            encoding.writeVarString(e, key);
            encoding.writeVarString(e, 'bold');
            encoding.writeVarString(e, rng.pick(['{', 'true', 'null', '{"__proto__":null}']));
          }),
        ),
      () =>
        sync(
          'type-ref',
          structUpdate(0, (e) => {
            encoding.writeUint8(e, 7);
            encoding.writeVarUint(e, 1);
            encoding.writeVarString(e, key);
            const ref = rng.pick([0, 1, 2, 3, 4, 5, 6, 7, 99, huge]);
            encoding.writeVarUint(e, ref);
            if (ref === 3 || ref === 5) encoding.writeVarString(e, randomString(rng, 5));
          }),
        ),
      () =>
        sync(
          'subdoc-options',
          structUpdate(0, (e) => {
            encoding.writeUint8(e, 9);
            encoding.writeVarUint(e, 1);
            encoding.writeVarString(e, key);
            encoding.writeVarString(e, rng.chance(0.5) ? '' : `g${rng.int(4)}`);
            encoding.writeAny(e, rng.pick<unknown>([null, undefined, 1, 'x', [], {}, { guid: 'other', gc: 'no', autoLoad: true }, { shouldLoad: 1, meta: { a: [1] } }]) as never);
          }),
        ),
      () => sync('unknown-content', structUpdate(0, (e) => (encoding.writeUint8(e, rng.range(11, 31) | (rng.chance(0.5) ? 0x80 : 0)), encoding.writeVarUint(e, 1)))),
      () =>
        sync(
          'origin-self-or-future',
          structUpdate(5, (e) => {
            encoding.writeUint8(e, 4 | (rng.chance(0.5) ? 0x80 : 0x40));
            encoding.writeVarUint(e, client);
            encoding.writeVarUint(e, rng.pick([0, 4, 5, 6, huge]));
            encoding.writeVarString(e, 'o');
          }),
        ),
      () =>
        sync(
          'parent-is-item',
          structUpdate(rng.int(1000), (e) => {
            encoding.writeUint8(e, 4 | (rng.chance(0.3) ? 0x20 : 0));
            encoding.writeVarUint(e, 0); // parent given by ID
            encoding.writeVarUint(e, this.scratch.doc.clientID);
            encoding.writeVarUint(e, rng.int(50));
            if (rng.chance(0.3)) encoding.writeVarString(e, 'sub');
            encoding.writeVarString(e, 'p');
          }),
        ),
      () => sync('state-vector-claims', build((e) => (encoding.writeVarUint(e, huge), encoding.writeVarUint(e, 1))), STEP1),
      () => sync('state-vector-max-clocks', build((e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, client), encoding.writeVarUint(e, 2 ** 53 - 1), encoding.writeVarUint(e, huge), encoding.writeVarUint(e, huge))), STEP1),
      () => ({ label: 'crafted:awareness-claims', data: awarenessFrame(build((e) => (encoding.writeVarUint(e, huge), encoding.writeVarUint(e, 1)))) }),
      () => ({ label: 'crafted:awareness-state-length', data: awarenessFrame(build((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint(e, 1), encoding.writeVarUint(e, 1), encoding.writeVarUint(e, huge)))) }),
      () => {
        const state = rng.pick(['{', '', 'undefined', 'null', '1', '"x"', '[]', '{"__proto__":{"polluted":1}}', '9'.repeat(400)]);
        return { label: `crafted:awareness-state(${state.slice(0, 12)})`, data: awarenessFrame(build((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint(e, rng.uint32()), encoding.writeVarUint(e, rng.pick([0, 1, 2 ** 53 - 1])), encoding.writeVarString(e, state)))) };
      },
      () => {
        const depth = rng.pick([100, 5000, 100_000]);
        const state = '['.repeat(depth) + ']'.repeat(depth);
        return { label: `crafted:awareness-deep-json-${depth}`, data: awarenessFrame(build((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint(e, rng.uint32()), encoding.writeVarUint(e, 1), encoding.writeVarString(e, state)))) };
      },
      () => ({ label: 'crafted:message-auth', data: new Uint8Array([MESSAGE_AUTH, 0]) }),
      () => ({ label: 'crafted:message-type', data: concat([varUint(rng.pick([4, 5, 127, 128, huge])), rng.bytes(rng.int(8))]) }),
      () => ({ label: 'crafted:overlong-type', data: OVERLONG_VARINT }),
      () => ({ label: 'crafted:sync-type', data: concat([new Uint8Array([MESSAGE_SYNC]), varUint(rng.pick([3, 4, 255, huge])), varUint(2), new Uint8Array([0, 0])]) }),
      () => ({ label: 'crafted:sync-length', data: concat([new Uint8Array([MESSAGE_SYNC, rng.int(3)]), varUint(huge), rng.bytes(rng.int(32))]) }),
      () => {
        const tiny = rng.pick([[], [0], [0, 0], [0, 1], [0, 2], [1], [1, 0], [2], [3, 0], [0, 0, 0], [0, 2, 0], [0, 2, 2, 0, 0, 0], [0, 1, 1, 0]]);
        return { label: `crafted:tiny[${tiny.join(',')}]`, data: new Uint8Array(tiny) };
      },
    ];
    return rng.pick(cases)();
  }

  private text(): string {
    const { rng } = this;
    switch (rng.int(4)) {
      case 0:
        return '';
      case 1:
        return JSON.stringify({ type: 'sync', data: randomString(rng, 50) });
      case 2:
        return Buffer.from(this.validMessage().data).toString('latin1');
      default:
        return randomString(rng, 2048);
    }
  }

  private oversized(): Uint8Array {
    const data = new Uint8Array(this.options.maxMessageBytes + 1 + this.rng.int(4096));
    data.set([MESSAGE_SYNC, UPDATE]);
    return data;
  }
}

export function toHex(data: Uint8Array | string): string {
  return typeof data === 'string' ? `text:${JSON.stringify(data.slice(0, 200))}` : Buffer.from(data).toString('hex');
}
