import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RelayError } from './errors';
import { MAX_ANY_DEPTH, validateAwarenessUpdate, validateStateVector, validateUpdate } from './validate-update';
import * as awarenessProtocol from 'y-protocols/awareness';
import { useFuzzSeed } from '../shared/testing/seed';

function bytes(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function expectRejected(update: Uint8Array, validate: (bytes: Uint8Array) => unknown = validateUpdate, because?: RegExp): void {
  let caught: unknown;
  try {
    validate(update);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RelayError);
  expect((caught as RelayError).reason).toBe('malformed');
  if (because) expect((caught as RelayError).message).toMatch(because);
}

/**
 * Rejected from the count itself, before a loop or an allocation sized by it:
 * the part of the time that depends on the input. How long a rejection takes is
 * measured by `npm run bench:validate`, not here.
 */
const FROM_THE_COUNT = /count 2147483648 exceeds the \d+ bytes left/;

/** Header of an update with one client: struct count, client id, clock. */
/** One client (7) with one struct from `clock`. */
const oneClientAt = (e: encoding.Encoder, clock: number) => {
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 7);
  encoding.writeVarUint(e, clock);
};

const oneClient = (e: encoding.Encoder, structs: number) => {
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, structs);
  encoding.writeVarUint(e, 7);
  encoding.writeVarUint(e, 0);
};

type Op =
  | { kind: 'text-insert'; pos: number; text: string; bold: boolean }
  | { kind: 'text-delete'; pos: number; len: number }
  | { kind: 'map-set'; key: string; value: unknown }
  | { kind: 'map-delete'; key: string }
  | { kind: 'array-push'; values: unknown[] }
  | { kind: 'array-delete'; pos: number }
  | { kind: 'xml'; name: string; attr: string; text: string }
  | { kind: 'subdoc'; key: string }
  | { kind: 'binary'; data: Uint8Array }
  | { kind: 'nested'; key: string };

const jsonish = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  // Yjs only takes bigints inside a container value.
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => [n]),
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)), { maxKeys: 4, noNullPrototype: true }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('text-insert' as const), pos: fc.nat(), text: fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }), bold: fc.boolean() }),
  fc.record({ kind: fc.constant('text-delete' as const), pos: fc.nat(), len: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('map-set' as const), key: fc.string({ maxLength: 4 }), value: jsonish }),
  fc.record({ kind: fc.constant('map-delete' as const), key: fc.string({ maxLength: 4 }) }),
  fc.record({ kind: fc.constant('array-push' as const), values: fc.array(jsonish, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('array-delete' as const), pos: fc.nat() }),
  fc.record({ kind: fc.constant('xml' as const), name: fc.constantFrom('p', 'h1', 'li'), attr: fc.string({ maxLength: 4 }), text: fc.string({ maxLength: 6 }) }),
  fc.record({ kind: fc.constant('subdoc' as const), key: fc.string({ maxLength: 4 }) }),
  fc.record({ kind: fc.constant('binary' as const), data: fc.uint8Array({ maxLength: 16 }) }),
  fc.record({ kind: fc.constant('nested' as const), key: fc.string({ maxLength: 4 }) }),
);

function apply(doc: Y.Doc, o: Op): void {
  const text = doc.getText('text');
  const map = doc.getMap('map');
  const array = doc.getArray('array');
  switch (o.kind) {
    case 'text-insert':
      text.insert(o.pos % (text.length + 1), o.text, o.bold ? { bold: true } : undefined);
      return;
    case 'text-delete':
      if (text.length > 0) text.delete(o.pos % text.length, Math.min(o.len, text.length - (o.pos % text.length)));
      return;
    case 'map-set':
      map.set(o.key, o.value);
      return;
    case 'map-delete':
      map.delete(o.key);
      return;
    case 'array-push':
      array.push(o.values);
      return;
    case 'array-delete':
      if (array.length > 0) array.delete(o.pos % array.length, 1);
      return;
    case 'xml': {
      const element = new Y.XmlElement(o.name);
      element.setAttribute('class', o.attr);
      element.insert(0, [new Y.XmlText(o.text)]);
      // XmlHook is a valid child at runtime (y-prosemirror uses it); the typings only list elements and text.
      doc.getXmlFragment('xml').insert(0, [element, new Y.XmlHook('hook') as unknown as Y.XmlElement]);
      return;
    }
    case 'subdoc':
      map.set(`doc:${o.key}`, new Y.Doc({ meta: { title: o.key } }));
      return;
    case 'binary':
      array.push([o.data]);
      return;
    case 'nested': {
      const inner = new Y.Map<unknown>();
      map.set(`nested:${o.key}`, inner);
      inner.set('list', Y.Array.from([1, 2]));
      return;
    }
  }
}

describe('validateUpdate', () => {
  it('[R26] accepts every update real Yjs documents produce: incremental, merged, diffed, with deletes', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (transactions) => {
        const doc = new Y.Doc();
        const other = new Y.Doc();
        const updates: Uint8Array[] = [];
        doc.on('update', (update: Uint8Array) => updates.push(update));
        for (const [i, ops] of transactions.entries()) {
          doc.transact(() => ops.forEach((o) => apply(doc, o)));
          if (i === 1) other.getText('text').insert(0, 'concurrent');
        }
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
        for (const update of updates) validateUpdate(update);
        validateUpdate(Y.encodeStateAsUpdate(doc));
        validateUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
        validateUpdate(Y.mergeUpdates(updates));
        validateStateVector(Y.encodeStateVector(doc));
        validateUpdate(Y.encodeStateAsUpdate(new Y.Doc()));
        // GC'd structs appear once deleted content is collected.
        const gcDoc = new Y.Doc({ gc: true });
        Y.applyUpdate(gcDoc, Y.encodeStateAsUpdate(doc));
        validateUpdate(Y.encodeStateAsUpdate(gcDoc));
      }),
      { seed: useFuzzSeed(), numRuns: 300 },
    );
  });

  it('[R26] accepts updates with pending (Skip) structs and awareness updates from real clients', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 5; i++) doc.getText('t').insert(0, String(i));
    // Merging non-adjacent updates of one client leaves a gap that mergeUpdates writes as a Skip.
    validateUpdate(Y.mergeUpdates([updates[0]!, updates[3]!]));
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'Mei', color: '#f80' }, cursor: null });
    validateAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
    awareness.destroy();
  });

  it('[R26] rejects a 20-byte update claiming 2^31 structs, clients or deletes from the count, before decoding them', () => {
    const hugeStructs = bytes((e) => (oneClient(e, 2 ** 31), encoding.writeVarUint(e, 0)));
    expect(hugeStructs.length).toBeLessThanOrEqual(20);
    expectRejected(hugeStructs, validateUpdate, FROM_THE_COUNT);
    expectRejected(bytes((e) => (encoding.writeVarUint(e, 2 ** 31), encoding.writeVarUint(e, 0))), validateUpdate, FROM_THE_COUNT);
    expectRejected(bytes((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1), encoding.writeVarUint(e, 5), encoding.writeVarUint(e, 2 ** 31))), validateUpdate, FROM_THE_COUNT);
    expectRejected(bytes((e) => encoding.writeVarUint(e, 2 ** 31)), validateStateVector, FROM_THE_COUNT);
    expectRejected(bytes((e) => encoding.writeVarUint(e, 2 ** 31)), validateAwarenessUpdate, FROM_THE_COUNT);
  });

  it('[R26] rejects truncated varints, huge string lengths, unknown content and trailing bytes', () => {
    expectRejected(new Uint8Array([]));
    expectRejected(new Uint8Array([0x80]));
    expectRejected(new Uint8Array([1, 1, 0x80]));
    expectRejected(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    // A string item whose length claims 2 GiB.
    expectRejected(bytes((e) => (oneClient(e, 1), encoding.writeUint8(e, 4), encoding.writeVarUint(e, 1), encoding.writeVarString(e, 't'), encoding.writeVarUint(e, 2 ** 31))));
    // A root key claiming 2 GiB.
    expectRejected(bytes((e) => (oneClient(e, 1), encoding.writeUint8(e, 4), encoding.writeVarUint(e, 1), encoding.writeVarUint(e, 2 ** 31))));
    // Content types 11-31 and type refs past YXmlText do not exist.
    expectRejected(bytes((e) => (oneClient(e, 1), encoding.writeUint8(e, 11), encoding.writeVarUint(e, 1), encoding.writeVarString(e, 't'), encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0))));
    expectRejected(bytes((e) => (oneClient(e, 1), encoding.writeUint8(e, 7), encoding.writeVarUint(e, 1), encoding.writeVarString(e, 't'), encoding.writeVarUint(e, 9), encoding.writeVarUint(e, 0))));
    const valid = Y.encodeStateAsUpdate(new Y.Doc());
    expectRejected(new Uint8Array([...valid, 0]));
    expectRejected(new Uint8Array([...Y.encodeStateVector(new Y.Doc()), 1]), validateStateVector);
  });

  it('[R26] rejects clocks a double cannot hold: a varint past 2^53 - 1, and structs or delete ranges ending past it', () => {
    const gcFrom = (clock: number, length: number) =>
      bytes((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, 7);
        encoding.writeVarUint(e, clock);
        encoding.writeUint8(e, 0);
        encoding.writeVarUint(e, length);
        encoding.writeVarUint(e, 0);
      });
    const deleteFrom = (clock: number, length: number) =>
      bytes((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, 7);
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, clock);
        encoding.writeVarUint(e, length);
      });
    const max = Number.MAX_SAFE_INTEGER;
    // Ending at 2^53 - 1 is still exact.
    expect(validateUpdate(gcFrom(0, max)).structs).toBe(1);
    expect(validateUpdate(deleteFrom(max - 1, 1)).structs).toBe(0);
    expectRejected(gcFrom(1, max), validateUpdate, /past clock 2\^53 - 1/);
    expectRejected(gcFrom(max, 1), validateUpdate, /past clock 2\^53 - 1/);
    expectRejected(deleteFrom(2 ** 52, 2 ** 52), validateUpdate, /past clock 2\^53 - 1/);
    // The second struct starts where the first ends.
    expectRejected(
      bytes((e) => {
        oneClient(e, 2);
        encoding.writeUint8(e, 0);
        encoding.writeVarUint(e, 2 ** 52);
        encoding.writeUint8(e, 0);
        encoding.writeVarUint(e, 2 ** 52);
        encoding.writeVarUint(e, 0);
      }),
      validateUpdate,
      /past clock 2\^53 - 1/,
    );
    // A string item covers a clock per UTF-16 code unit, not per byte: multi-byte text ending
    // at 2^53 - 1, and the doc that holds it re-encoded (as the relay stores and compacts it), pass.
    const stringAt = (clock: number, text: string, origin?: number) =>
      bytes((e) => {
        oneClientAt(e, clock);
        if (origin === undefined) {
          encoding.writeUint8(e, 4);
          encoding.writeVarUint(e, 1);
          encoding.writeVarString(e, 't');
        } else {
          encoding.writeUint8(e, 0x84);
          encoding.writeVarUint(e, 7);
          encoding.writeVarUint(e, origin);
        }
        encoding.writeVarString(e, text);
        encoding.writeVarUint(e, 0);
      });
    const wide = stringAt(max - 10, 'é😀é€é'); // 6 code units, 14 bytes
    const narrow = stringAt(max - 4, 'abcd', max - 5);
    const doc = new Y.Doc();
    for (const update of [wide, narrow]) {
      validateUpdate(update);
      Y.applyUpdate(doc, update);
    }
    expect(validateUpdate(Y.encodeStateAsUpdate(doc)).structs).toBeGreaterThan(0);
    expectRejected(stringAt(max - 4, 'abcde', max - 5), validateUpdate, /past clock 2\^53 - 1/);
    // lib0 checks the range before each continuation byte only: a last byte carrying 2^55 passes it.
    expectRejected(new Uint8Array([1, 1, 7, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0, 1, 0]), validateUpdate, /varint out of range/);
  });

  it('[R26] rejects any values nested deeper than the bound without exhausting the stack', () => {
    const nested = (depth: number) =>
      bytes((e) => {
        oneClient(e, 1);
        encoding.writeUint8(e, 8); // ContentAny
        encoding.writeVarUint(e, 1);
        encoding.writeVarString(e, 'a');
        encoding.writeVarUint(e, 1); // one value
        for (let i = 0; i < depth; i++) {
          encoding.writeUint8(e, 117); // [[[...
          encoding.writeVarUint(e, 1);
        }
        encoding.writeUint8(e, 126); // null
        encoding.writeVarUint(e, 0); // empty delete set
      });
    validateUpdate(nested(10));
    expectRejected(nested(MAX_ANY_DEPTH + 1));
    expectRejected(nested(100_000));
  });

  it('[R26] every truncation and every single-bit flip of a real update is accepted or rejected, never hangs', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello world', { bold: true });
    doc.getMap('m').set('k', { a: [1, 2n, 'x'] });
    doc.getArray('a').push([new Uint8Array([1, 2])]);
    doc.getText('t').delete(2, 3);
    const update = Y.encodeStateAsUpdate(doc);
    for (let cut = 0; cut < update.length; cut++) expectRejected(update.subarray(0, cut));
    for (let bit = 0; bit < update.length * 8; bit++) {
      const mutated = update.slice();
      mutated[bit >> 3]! ^= 1 << (bit & 7);
      try {
        validateUpdate(mutated);
      } catch (error) {
        expect(error).toBeInstanceOf(RelayError);
      }
    }
  });
});
