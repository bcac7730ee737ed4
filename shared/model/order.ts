/**
 * Fractional order keys: a sibling list is ordered by string keys, and moving
 * an item writes one new key between its new neighbours. Concurrent moves of
 * one item resolve last-writer-wins on that single field, so an item can
 * never be duplicated or dropped by a reorder; two items that land on the same
 * key are ordered by id, identically on every replica.
 *
 * Keys use base-62 digits in ASCII order and never end in '0', which keeps
 * room between any two keys.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;

function digit(ch: string | undefined): number {
  if (ch === undefined) return 0;
  const value = DIGITS.indexOf(ch);
  if (value < 0) throw new RangeError(`invalid order key character: ${ch}`);
  return value;
}

/** Midpoint of two digit strings read as fractions 0.a and 0.b (b null = 1). */
function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let shared = 0;
    while (shared < b.length && (a[shared] ?? '0') === b[shared]) shared++;
    if (shared > 0) return b.slice(0, shared) + midpoint(a.slice(shared), b.slice(shared));
  }
  const low = digit(a[0]);
  const high = b === null || b === '' ? BASE : digit(b[0]);
  if (high - low > 1) return DIGITS[Math.floor((low + high) / 2)]!;
  // Adjacent digits: keep b's first digit if b continues (it is then > a), else extend a.
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return DIGITS[low]! + midpoint(a.slice(1), null);
}

export function isValidOrderKey(key: string): boolean {
  return /^[0-9A-Za-z]+$/.test(key) && !key.endsWith('0');
}

/** A key strictly between `before` and `after` (null means the start / the end). */
export function keyBetween(before: string | null, after: string | null): string {
  if (before !== null && after !== null && before >= after) {
    // Equal keys happen after concurrent moves; order among them is by id, so
    // anything just after `before` is a fine answer.
    return keyBetween(before, null);
  }
  if (after === null && before !== null) return keyAfter(before);
  // Valid keys never end in '0', which is what makes keyBefore terminate.
  if (before === null && after !== null && isValidOrderKey(after)) return keyBefore(after);
  return midpoint(before ?? '', after);
}

/**
 * Adding at the top of a list is common too; halving towards 0 would add a
 * character every ~6 inserts, stepping down one digit adds one every ~61.
 */
function keyBefore(key: string): string {
  const first = digit(key[0]);
  if (first > 1) return DIGITS[first - 1]!;
  // '1…' → '0z' (below '1', and not ending in '0'); '0…' recurses on the rest.
  if (first === 1) return '0z';
  return '0' + keyBefore(key.slice(1));
}

/** Appending is the common case; grow the key slowly instead of halving. */
function keyAfter(key: string): string {
  let end = key.length;
  while (end > 0 && key[end - 1] === 'z') end--;
  if (end === 0) return key + 'V';
  const bumped = DIGITS[digit(key[end - 1]) + 1]!;
  return key.slice(0, end - 1) + bumped;
}

/** `count` evenly spread keys between two bounds, for bulk inserts and imports. */
export function keysBetween(before: string | null, after: string | null, count: number): string[] {
  if (count <= 0) return [];
  if (count === 1) return [keyBetween(before, after)];
  const middle = Math.floor(count / 2);
  const pivot = keyBetween(before, after);
  return [...keysBetween(before, pivot, middle), pivot, ...keysBetween(pivot, after, count - middle - 1)];
}

export interface Ordered {
  id: string;
  order: string;
}

export function compareOrdered(a: Ordered, b: Ordered): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The key that places an item at `index` among `siblings` (already sorted,
 * and not containing the moved item).
 */
export function keyForIndex(siblings: readonly Ordered[], index: number): string {
  const clamped = Math.max(0, Math.min(index, siblings.length));
  const before = clamped > 0 ? siblings[clamped - 1]!.order : null;
  // Siblings can share a key (two replicas appended offline). No key fits
  // between equal keys, so land after the tied group but before the next
  // distinct key, instead of a key past it.
  let next = clamped;
  while (before !== null && next < siblings.length && siblings[next]!.order <= before) next++;
  const after = next < siblings.length ? siblings[next]!.order : null;
  return keyBetween(before, after);
}
