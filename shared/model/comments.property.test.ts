/**
 * Comment anchors under random concurrent editing: three replicas of a page
 * (paragraphs and bullet lists) get threads on random ranges, some nested,
 * overlapping or spanning blocks, then rounds of edits made on each replica
 * alone (typing, deleting ranges, a thread's whole range, whole paragraphs
 * and list items, replies, resolves, new threads), with partial exchanges in
 * between and a full one at the end. Then every thread must exist on every
 * replica and resolve the same everywhere, to what a reference computes from
 * the whole history: the live characters from the thread's first character to
 * its last, in document order, or 'deleted' if none is left.
 *
 * The reference is a fourth doc without garbage collection that receives
 * every replica's own updates, so deleted characters stay in it with their
 * ids; the replicas collect garbage, as the app's docs do.
 *
 * Each run draws a fresh seed; a failure prints it, BATON_FUZZ_SEED=<seed>
 * replays it and BATON_FUZZ_RUNS sets the number of scenarios.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fragmentText, pageContent } from './content';
import { createThread, getThread, listThreads, replyToThread, resolveAnchor, setThreadResolved } from './comments';
import { fuzzRuns, seededRandom, useFuzzSeed } from '../testing/seed';

const SCENARIOS = fuzzRuns(40);
const REPLICAS = 3;
const ROUNDS = 4;
const REMOTE = 'test:remote';

// ---- randomness ---------------------------------------------------------------

interface Rng {
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  word(min: number, max: number): string;
}

function rngOf(random: () => number): Rng {
  const int = (n: number) => Math.floor(random() * n);
  return {
    int,
    chance: (p) => random() < p,
    pick: (items) => items[int(items.length)]!,
    word: (min, max) => Array.from({ length: min + int(max - min + 1) }, () => 'abcdefghijklmnopqrstuvwxyz'[int(26)]).join(''),
  };
}

// ---- the page -------------------------------------------------------------------

/** Text nodes of a page in document order. */
function textNodes(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  const visit = (node: unknown) => {
    if (node instanceof Y.XmlText) out.push(node);
    else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) node.toArray().forEach(visit);
  };
  visit(pageContent(doc));
  return out;
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const body = new Y.XmlText();
  body.insert(0, text);
  element.insert(0, [body]);
  return element;
}

function bulletList(rng: Rng): Y.XmlElement {
  const list = new Y.XmlElement('bulletList');
  const items = Array.from({ length: 1 + rng.int(2) }, () => {
    const item = new Y.XmlElement('listItem');
    item.insert(0, [paragraph(rng.word(2, 8))]);
    return item;
  });
  list.insert(0, items);
  return list;
}

function block(rng: Rng): Y.XmlElement {
  return rng.chance(0.25) ? bulletList(rng) : paragraph(rng.word(2, 10));
}

// ---- replicas and the reference ---------------------------------------------

interface World {
  rng: Rng;
  replicas: Y.Doc[];
  /** Receives every replica's own updates and keeps every deleted character. */
  reference: Y.Doc;
  /** Thread id → ids of the first and last characters it was made on. */
  threads: Map<string, { first: Y.ID; last: Y.ID }>;
  clock: number;
}

function newWorld(rng: Rng): World {
  const reference = new Y.Doc({ gc: false });
  reference.clientID = 99;
  const replicas = Array.from({ length: REPLICAS }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) Y.applyUpdate(reference, update, REMOTE);
    });
    return doc;
  });
  return { rng, replicas, reference, threads: new Map(), clock: 0 };
}

function sync(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB, REMOTE);
  Y.applyUpdate(a, toA, REMOTE);
}

function pairs(): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < REPLICAS; i++) for (let j = i + 1; j < REPLICAS; j++) out.push([i, j]);
  return out;
}

/** Some pairs exchange, in a random order; the others stay apart until a later round. */
function partialSync(world: World): void {
  const order = pairs().sort(() => world.rng.int(3) - 1);
  for (const [i, j] of order) if (world.rng.chance(0.6)) sync(world.replicas[i]!, world.replicas[j]!);
}

function fullSync(world: World): void {
  for (let pass = 0; pass < 2; pass++) {
    const order = pairs().sort(() => world.rng.int(3) - 1);
    for (const [i, j] of order) sync(world.replicas[i]!, world.replicas[j]!);
  }
}

// ---- operations -----------------------------------------------------------------

/** The id of the character at `index` of a text node (the Yjs item holding it, plus the offset into it). */
function charId(text: Y.XmlText, index: number): Y.ID {
  let left = index;
  for (let item = text._start; item; item = item.right) {
    if (item.deleted || !item.countable) continue;
    if (left < item.length) return Y.createID(item.id.client, item.id.clock + left);
    left -= item.length;
  }
  throw new Error(`no character at ${index}`);
}

/** Starts a thread on a random range of live characters, its ends given the way an editor might give them. */
function newThread(world: World, doc: Y.Doc): void {
  const { rng } = world;
  const chars = textNodes(doc).flatMap((node) => Array.from({ length: node.length }, (_, index) => ({ node, index })));
  if (chars.length === 0) return;
  const from = rng.int(chars.length);
  const to = Math.min(chars.length - 1, from + rng.int(rng.chance(0.3) ? 30 : 8));
  const first = chars[from]!;
  const last = chars[to]!;
  const nodes = textNodes(doc);
  const before = nodes[nodes.indexOf(first.node) - 1];
  const start =
    first.index === 0 && before && rng.chance(0.5)
      ? Y.createRelativePositionFromTypeIndex(before, before.length, 0) // "from the end of the previous paragraph"
      : Y.createRelativePositionFromTypeIndex(first.node, first.index, 0);
  const end = Y.createRelativePositionFromTypeIndex(last.node, last.index + 1, rng.chance(0.5) ? -1 : 0);
  const id = createThread(doc, { start, end, quote: 'q', author: `m${doc.clientID}`, parts: [{ text: 'look' }], at: ++world.clock });
  world.threads.set(id, { first: charId(first.node, first.index), last: charId(last.node, last.index) });
}

/** Deletes, on this replica, everything between a thread's stored ends as this replica sees them. */
function deleteThreadText(world: World, doc: Y.Doc): void {
  const ids = [...world.threads.keys()];
  const thread = ids.length ? getThread(doc, world.rng.pick(ids)) : null;
  if (!thread) return;
  const start = Y.createAbsolutePositionFromRelativePosition(thread.start, doc);
  const end = Y.createAbsolutePositionFromRelativePosition(thread.end, doc);
  if (!start || !end) return;
  const nodes = textNodes(doc);
  const a = nodes.indexOf(start.type as Y.XmlText);
  const b = nodes.indexOf(end.type as Y.XmlText);
  if (a < 0 || b < 0 || a > b) return;
  doc.transact(() => {
    if (a === b) {
      if (end.index > start.index) nodes[a]!.delete(start.index, end.index - start.index);
      return;
    }
    nodes[b]!.delete(0, end.index);
    for (let n = b - 1; n > a; n--) nodes[n]!.delete(0, nodes[n]!.length);
    nodes[a]!.delete(start.index, nodes[a]!.length - start.index);
  });
}

function deleteBlock(world: World, doc: Y.Doc): void {
  const { rng } = world;
  const content = pageContent(doc);
  if (content.length === 0) return;
  const index = rng.int(content.length);
  const target = content.get(index);
  if (target instanceof Y.XmlElement && target.nodeName === 'bulletList' && target.length > 1 && rng.chance(0.5)) {
    target.delete(rng.int(target.length), 1); // one list item
  } else {
    content.delete(index, 1);
  }
}

function randomEdit(world: World, doc: Y.Doc): void {
  const { rng } = world;
  const nodes = textNodes(doc);
  const node = nodes.length ? rng.pick(nodes) : null;
  const threadIds = [...world.threads.keys()].filter((id) => getThread(doc, id));
  const roll = rng.int(100);
  if (roll < 30 && node) {
    node.insert(rng.int(node.length + 1), rng.word(1, 3));
  } else if (roll < 48 && node && node.length > 0) {
    const at = rng.int(node.length);
    node.delete(at, 1 + rng.int(Math.min(4, node.length - at)));
  } else if (roll < 58) {
    deleteThreadText(world, doc);
  } else if (roll < 68) {
    deleteBlock(world, doc);
  } else if (roll < 76) {
    const content = pageContent(doc);
    content.insert(rng.int(content.length + 1), [block(rng)]);
  } else if (roll < 86) {
    newThread(world, doc);
  } else if (roll < 93 && threadIds.length) {
    replyToThread(doc, rng.pick(threadIds), { author: `m${doc.clientID}`, parts: [{ text: rng.word(1, 5) }], at: ++world.clock });
  } else if (threadIds.length) {
    setThreadResolved(doc, rng.pick(threadIds), rng.chance(0.5), `m${doc.clientID}`);
  }
}

// ---- the reference ----------------------------------------------------------------

interface RefChar {
  client: number;
  clock: number;
  char: string;
  deleted: boolean;
  node: Y.AbstractType<unknown>;
}

/** Every character ever typed into the page, deleted ones included, in document order. */
function allChars(type: Y.AbstractType<unknown>, out: RefChar[] = []): RefChar[] {
  for (let item = type._start; item; item = item.right) {
    const content = item.content;
    if (content instanceof Y.ContentType) allChars(content.type as Y.AbstractType<unknown>, out);
    else if (content instanceof Y.ContentString) {
      [...content.str].forEach((char, k) => out.push({ client: item!.id.client, clock: item!.id.clock + k, char, deleted: item!.deleted, node: type }));
    }
  }
  return out;
}

type Expected = { state: 'live'; text: string } | { state: 'deleted' };

function expectedAnchor(chars: readonly RefChar[], first: Y.ID, last: Y.ID): Expected {
  const at = (id: Y.ID) => chars.findIndex((c) => c.client === id.client && c.clock === id.clock);
  const from = at(first);
  const to = at(last);
  if (from < 0 || to < 0 || from > to) throw new Error('the reference lost a thread’s characters');
  const groups: string[] = [];
  let node: unknown = null;
  for (const c of chars.slice(from, to + 1)) {
    if (c.deleted) continue;
    if (c.node !== node) groups.push('');
    node = c.node;
    groups[groups.length - 1] += c.char;
  }
  return groups.length ? { state: 'live', text: groups.join('\n') } : { state: 'deleted' };
}

/** The text between two positions of one page, text nodes joined by newlines, as an editor would find it. */
function textBetween(doc: Y.Doc, start: Y.RelativePosition, end: Y.RelativePosition): string {
  const from = Y.createAbsolutePositionFromRelativePosition(start, doc);
  const to = Y.createAbsolutePositionFromRelativePosition(end, doc);
  if (!from || !to) return '<unplaceable>';
  const nodes = textNodes(doc);
  const a = nodes.indexOf(from.type as Y.XmlText);
  const b = nodes.indexOf(to.type as Y.XmlText);
  if (a < 0 || b < a) return '<out of order>';
  if (a === b) return nodes[a]!.toString().slice(from.index, to.index);
  const middle = nodes.slice(a + 1, b).map((node) => node.toString());
  return [nodes[a]!.toString().slice(from.index), ...middle, nodes[b]!.toString().slice(0, to.index)].filter((text) => text !== '').join('\n');
}

// ---- the property ---------------------------------------------------------------

interface Coverage {
  threads: number;
  deleted: number;
  partlyDeleted: number;
  spanning: number;
  startBlockGone: number;
}

function scenario(rng: Rng, coverage: Coverage): void {
  const world = newWorld(rng);
  const [first] = world.replicas;
  first!.transact(() => pageContent(first!).insert(0, Array.from({ length: 3 + rng.int(3) }, () => block(rng))));
  fullSync(world);
  for (let n = 3 + rng.int(4); n > 0; n--) newThread(world, rng.pick(world.replicas));
  fullSync(world);
  for (let round = 0; round < ROUNDS; round++) {
    for (const doc of world.replicas) for (let n = 1 + rng.int(4); n > 0; n--) randomEdit(world, doc);
    partialSync(world);
  }
  fullSync(world);

  const reference = world.reference;
  const page = fragmentText(pageContent(reference));
  for (const doc of world.replicas) expect(fragmentText(pageContent(doc)), 'replicas hold the same text').toBe(page);
  const chars = allChars(pageContent(reference) as Y.AbstractType<unknown>);
  for (const [id, anchor] of world.threads) {
    const expected = expectedAnchor(chars, anchor.first, anchor.last);
    for (const doc of world.replicas) {
      const thread = getThread(doc, id);
      expect(thread, `thread ${id} on replica ${doc.clientID}`).not.toBeNull();
      expect(listThreads(doc).map((t) => t.id)).toContain(id);
      const anchor = resolveAnchor(doc, thread!);
      const seen = anchor.state === 'live' ? { state: anchor.state, text: anchor.text } : anchor;
      expect(seen, `thread ${id} on replica ${doc.clientID}`).toEqual(expected);
      if (anchor.state === 'live') expect(textBetween(doc, anchor.start, anchor.end), `thread ${id}: text at its current ends`).toBe(expected.state === 'live' ? expected.text : '');
      expect(thread!.messages).toEqual(getThread(world.replicas[0]!, id)!.messages);
      expect(thread!.resolved).toBe(getThread(world.replicas[0]!, id)!.resolved);
    }
    const at = (id: Y.ID) => chars.findIndex((c) => c.client === id.client && c.clock === id.clock);
    const range = chars.slice(at(anchor.first), at(anchor.last) + 1);
    const startNode = range[0]!.node;
    const spanning = range.some((c) => c.node !== startNode);
    coverage.threads++;
    if (expected.state === 'deleted') coverage.deleted++;
    else if (range.some((c) => c.deleted)) coverage.partlyDeleted++;
    if (spanning) coverage.spanning++;
    if (spanning && expected.state === 'live' && startNode._item?.deleted) coverage.startBlockGone++;
  }
}

describe('comment anchors under random concurrent edits', () => {
  it('every thread survives and resolves alike on every replica, to its surviving characters (a fresh seed each run)', { timeout: 120_000 }, () => {
    const seed = useFuzzSeed();
    const random = seededRandom(seed);
    const coverage: Coverage = { threads: 0, deleted: 0, partlyDeleted: 0, spanning: 0, startBlockGone: 0 };
    for (let n = 0; n < SCENARIOS; n++) {
      try {
        scenario(rngOf(random), coverage);
      } catch (error) {
        if (error instanceof Error) error.message = `scenario ${n} of seed ${seed}: ${error.message}`;
        throw error;
      }
    }
    // Guards the generator: the cases this test exists for must actually happen.
    expect(coverage.deleted, 'threads whose text was all deleted').toBeGreaterThan(0);
    expect(coverage.partlyDeleted, 'threads with some text deleted').toBeGreaterThan(0);
    expect(coverage.spanning, 'threads spanning blocks').toBeGreaterThan(0);
    expect(coverage.startBlockGone, 'live threads whose first block was deleted').toBeGreaterThan(0);
  });
});
