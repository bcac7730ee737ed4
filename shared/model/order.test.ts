import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareOrdered, isValidOrderKey, keyBetween, keyForIndex, keysBetween } from './order';
import { useFuzzSeed } from '../testing/seed';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const orderKey = fc
  .array(fc.constantFrom(...DIGITS), { minLength: 1, maxLength: 8 })
  .map((chars) => chars.join(''))
  .filter(isValidOrderKey);
/** Two distinct valid keys, ascending. */
const keyPair = fc
  .tuple(orderKey, orderKey)
  .filter(([a, b]) => a !== b)
  .map(([a, b]): [string, string] => (a < b ? [a, b] : [b, a]));
const bound = fc.option(orderKey, { nil: null });

describe('isValidOrderKey', () => {
  it('accepts base-62 keys that do not end in 0', () => {
    expect(isValidOrderKey('V')).toBe(true);
    expect(isValidOrderKey('a0z')).toBe(true);
    expect(isValidOrderKey('V0')).toBe(false);
    expect(isValidOrderKey('')).toBe(false);
    expect(isValidOrderKey('a-b')).toBe(false);
  });
});

describe('keyBetween', () => {
  it('gives a valid key for an empty list', () => {
    expect(isValidOrderKey(keyBetween(null, null))).toBe(true);
  });

  it('is strictly between any two keys', () => {
    fc.assert(
      fc.property(keyPair, ([a, b]) => {
        const key = keyBetween(a, b);
        expect(isValidOrderKey(key)).toBe(true);
        expect(a < key && key < b).toBe(true);
      }),
      { seed: useFuzzSeed(), numRuns: 2000 },
    );
  });

  it('is before the first key and after the last', () => {
    fc.assert(
      fc.property(orderKey, (key) => {
        const before = keyBetween(null, key);
        const after = keyBetween(key, null);
        expect(isValidOrderKey(before) && isValidOrderKey(after)).toBe(true);
        expect(before < key && key < after).toBe(true);
      }),
      { seed: useFuzzSeed(), numRuns: 2000 },
    );
  });

  it('places after `before` when concurrent moves left the bounds equal or reversed', () => {
    fc.assert(
      fc.property(orderKey, orderKey, (a, b) => {
        fc.pre(a >= b);
        const key = keyBetween(a, b);
        expect(isValidOrderKey(key)).toBe(true);
        expect(key > a).toBe(true);
      }),
      { seed: useFuzzSeed() },
    );
  });

  it('keeps room after repeated inserts at the same spot', () => {
    let low = 'V';
    const high = 'W';
    for (let i = 0; i < 500; i++) {
      const key = keyBetween(low, high);
      expect(low < key && key < high).toBe(true);
      low = key;
    }
  });

  it('keeps keys short when appending 1,000 items', () => {
    let last: string | null = null;
    const keys: string[] = [];
    for (let i = 0; i < 1000; i++) {
      last = keyBetween(last, null);
      keys.push(last);
    }
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(1000);
    expect(Math.max(...keys.map((key) => key.length))).toBeLessThanOrEqual(40);
  });

  it('keeps keys short when prepending 1,000 items (adding at the top of a list)', () => {
    let first: string | null = null;
    const keys: string[] = [];
    for (let i = 0; i < 1000; i++) {
      first = keyBetween(null, first);
      keys.unshift(first);
    }
    expect([...keys].sort()).toEqual(keys);
    expect(keys.every(isValidOrderKey)).toBe(true);
    expect(Math.max(...keys.map((key) => key.length))).toBeLessThanOrEqual(40);
  });
});

describe('keysBetween', () => {
  it('gives `count` sorted, distinct, valid keys inside the bounds', () => {
    fc.assert(
      fc.property(bound, bound, fc.integer({ min: 0, max: 60 }), (x, y, count) => {
        const [a, b] = x !== null && y !== null && x > y ? [y, x] : [x, y];
        fc.pre(a === null || b === null || a < b);
        const keys = keysBetween(a, b, count);
        expect(keys).toHaveLength(count);
        expect(new Set(keys).size).toBe(count);
        expect([...keys].sort()).toEqual(keys);
        for (const key of keys) {
          expect(isValidOrderKey(key)).toBe(true);
          if (a !== null) expect(key > a).toBe(true);
          if (b !== null) expect(key < b).toBe(true);
        }
      }),
      { seed: useFuzzSeed(), numRuns: 500 },
    );
  });

  it('gives nothing for a count of zero or less', () => {
    expect(keysBetween(null, null, 0)).toEqual([]);
    expect(keysBetween(null, null, -3)).toEqual([]);
  });
});

describe('keyForIndex', () => {
  const list = (...orders: string[]) => orders.map((order, i) => ({ id: `t${i}`, order }));

  it('puts the key at the requested index among sorted siblings', () => {
    fc.assert(
      fc.property(fc.uniqueArray(orderKey, { maxLength: 20 }), fc.integer({ min: -5, max: 30 }), (orders, index) => {
        const siblings = list(...[...orders].sort());
        const key = keyForIndex(siblings, index);
        const placed = [...siblings, { id: 'new', order: key }].sort(compareOrdered);
        const expected = Math.max(0, Math.min(index, siblings.length));
        expect(placed.findIndex((item) => item.id === 'new')).toBe(expected);
      }),
      { seed: useFuzzSeed(), numRuns: 500 },
    );
  });

  it('places an item after a group of tied keys without jumping past the next item', () => {
    // Two tasks appended offline on two replicas share a key; the next append is one digit up.
    const siblings = list('W', 'W', 'X');
    const key = keyForIndex(siblings, 1);
    expect(key > 'W' && key < 'X').toBe(true);
    expect(keyForIndex(siblings, 2) > 'W' && keyForIndex(siblings, 2) < 'X').toBe(true);
  });

  it('clamps out-of-range indexes to the ends', () => {
    const siblings = list('F', 'V', 'k');
    expect(keyForIndex(siblings, -1) < 'F').toBe(true);
    expect(keyForIndex(siblings, 99) > 'k').toBe(true);
    expect(isValidOrderKey(keyForIndex([], 0))).toBe(true);
  });
});

describe('compareOrdered', () => {
  it('orders equal keys by id so every replica agrees', () => {
    const items = [
      { id: 'b', order: 'V' },
      { id: 'a', order: 'V' },
      { id: 'c', order: 'F' },
    ];
    expect([...items].sort(compareOrdered).map((item) => item.id)).toEqual(['c', 'a', 'b']);
    expect([...items].reverse().sort(compareOrdered).map((item) => item.id)).toEqual(['c', 'a', 'b']);
  });
});
