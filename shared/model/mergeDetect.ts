/**
 * Finds what two sides changed differently while apart, from three states of a page doc:
 * `base`, the doc as both sides last shared it; `local`, base plus this device's changes made
 * apart; `remote`, base plus what the relay brought (everyone else's). Yjs merges them without
 * losing a keystroke, but two rewrites of one paragraph interleave, and a field two people set
 * differently keeps only the later write: those are what a person may want to review.
 *
 * Blocks are compared by their Yjs id, the same in every copy of the doc; a block counts when both
 * sides changed it from base and not in the same way (one side deleting it counts). Task fields
 * count when both sides set them from base to different values.
 */
import * as Y from 'yjs';
import { authorsOf } from './authors';
import { blockText, serializeBlock } from './mergeBlocks';
import { blockId, blockIndex, TASK_MERGE_FIELDS, type FieldValue, type MergeData, type MergePlace, type MergeSide, type TaskMergeField } from './merges';
import { PageKey } from './schema';
import { taskMap } from './tasks';

/** Findings a reconnect writes at most per page; the rest of a page rewritten apart is still merged, just not listed. */
export const MAX_FOUND = 50;
const LABEL_CHARS = 80;
const PLACE_IDS = 5;

export interface ApartStates {
  base: Y.Doc;
  local: Y.Doc;
  remote: Y.Doc;
  /** The doc as merged: who wrote with which client id is read from it. */
  merged: Y.Doc;
}

export function findMerges(states: ApartStates, now = Date.now()): MergeData[] {
  const authors = authorsOf(states.merged);
  const baseVector = Y.decodeStateVector(Y.encodeStateVector(states.base));
  const sideClients = (side: Y.Doc) => newClients(Y.decodeStateVector(Y.encodeStateVector(side)), baseVector);
  const context: Context = {
    baseVector,
    members: (clients) => [...new Set([...clients].map((client) => authors.get(client)).filter((member): member is string => !!member))].sort(),
    localClients: sideClients(states.local),
    remoteClients: sideClients(states.remote),
    now,
  };
  return [...findBlocks(states, context), ...findFields(states, context)].slice(0, MAX_FOUND);
}

interface Context {
  baseVector: Map<number, number>;
  members(clients: Iterable<number>): string[];
  /** Clients that wrote on each side since base: who a side is when a block shows no one (it was deleted). */
  localClients: Set<number>;
  remoteClients: Set<number>;
  now: number;
}

function newClients(vector: Map<number, number>, base: Map<number, number>): Set<number> {
  const out = new Set<number>();
  for (const [client, clock] of vector) if (clock > (base.get(client) ?? 0)) out.add(client);
  return out;
}

/** Whether any of the item was written since base: Yjs merges one client's typing in a row into one item, so its first clock may be older. */
function holdsNew(item: Y.Item, base: Map<number, number>): boolean {
  return item.id.clock + item.length > (base.get(item.id.client) ?? 0);
}

function findBlocks(states: ApartStates, context: Context): MergeData[] {
  const local = blockIndex(states.local.getXmlFragment(PageKey.content));
  const remote = blockIndex(states.remote.getXmlFragment(PageKey.content));
  const found: MergeData[] = [];
  eachUnit(states.base.getXmlFragment(PageKey.content), (element, place) => {
    if (found.length >= MAX_FOUND) return;
    const id = blockId(element);
    const base = JSON.stringify(serializeBlock(element).block);
    const mine = local.get(id);
    const theirs = remote.get(id);
    const mineKey = mine ? JSON.stringify(serializeBlock(mine).block) : null;
    const theirsKey = theirs ? JSON.stringify(serializeBlock(theirs).block) : null;
    if (mineKey === base || theirsKey === base || mineKey === theirsKey) return;
    const sides: [MergeSide, MergeSide] = [blockSide(mine, context, context.localClients), blockSide(theirs, context, context.remoteClients)];
    const shown = sides.find((side) => side.block)?.block ?? serializeBlock(element).block;
    found.push({ kind: 'paragraph', at: context.now, target: id, field: null, label: blockText(shown).slice(0, LABEL_CHARS), sides, place });
  });
  return found;
}

function blockSide(element: Y.XmlElement | undefined, context: Context, fallback: Set<number>): MergeSide {
  if (!element) return { members: context.members(fallback), block: null };
  const clients = new Set<number>();
  collectClients(element as unknown as Y.AbstractType<unknown>, context.baseVector, clients);
  const { block, truncated } = serializeBlock(element);
  return { members: context.members(clients.size > 0 ? clients : fallback), block, ...(truncated ? { truncated } : {}) };
}

/** The clients whose items (text, children, attributes) inside `type` are new since base. */
function collectClients(type: Y.AbstractType<unknown>, base: Map<number, number>, into: Set<number>): void {
  for (let item = type._start; item; item = item.right) {
    if (holdsNew(item, base)) into.add(item.id.client);
    if (item.content instanceof Y.ContentType) collectClients(item.content.type as Y.AbstractType<unknown>, base, into);
  }
  for (const item of type._map.values()) if (holdsNew(item, base)) into.add(item.id.client);
}

/**
 * Calls `visit` with each block that holds text (or holds nothing): paragraphs and headings, also
 * inside lists, quotes and tables, whose containers are walked through rather than compared whole,
 * so two people editing different items of one list are not a conflict.
 */
function eachUnit(fragment: Y.XmlFragment, visit: (element: Y.XmlElement, place: MergePlace) => void): void {
  const walk = (parent: Y.XmlFragment | Y.XmlElement, parentId: string | null, top: string[]) => {
    const before: string[] = [];
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const id = blockId(child);
      const kids = child.toArray();
      const holdsText = kids.some((kid) => kid instanceof Y.XmlText) || !kids.some((kid) => kid instanceof Y.XmlElement);
      const ownTop = parentId === null ? before.slice(0, PLACE_IDS) : top;
      if (holdsText) visit(child, { parent: parentId, before: before.slice(0, PLACE_IDS), top: ownTop });
      else walk(child, id, ownTop);
      before.unshift(id);
    }
  };
  walk(fragment, null, []);
}

function findFields(states: ApartStates, context: Context): MergeData[] {
  const local = taskMap(states.local);
  const remote = taskMap(states.remote);
  const merged = taskMap(states.merged);
  const found: MergeData[] = [];
  taskMap(states.base).forEach((base, taskId) => {
    const mine = local.get(taskId);
    const theirs = remote.get(taskId);
    if (!(base instanceof Y.Map) || !(mine instanceof Y.Map) || !(theirs instanceof Y.Map)) return;
    // A task deleted or moved to another list meanwhile is not reviewed here (its list mends late edits: taskMoves.ts).
    const now = merged.get(taskId);
    if (!(now instanceof Y.Map) || now.get('deletedAt') != null || typeof now.get('movedTo') === 'string') return;
    for (const field of TASK_MERGE_FIELDS) {
      if (found.length >= MAX_FOUND) return;
      const [was, a, b] = [fieldValue(base, field), fieldValue(mine, field), fieldValue(theirs, field)].map((value) => JSON.stringify(value));
      if (a === was || b === was || a === b) continue;
      const title = fieldValue(theirs, 'title') ?? fieldValue(mine, 'title');
      found.push({
        kind: 'task',
        at: context.now,
        target: taskId,
        field,
        label: typeof title === 'string' ? title.slice(0, LABEL_CHARS) : '',
        sides: [fieldSide(mine, field, context, context.localClients), fieldSide(theirs, field, context, context.remoteClients)],
        place: null,
      });
    }
  });
  return found;
}

function fieldValue(record: Y.Map<unknown>, field: TaskMergeField): FieldValue {
  const value = record.get(field);
  if (field === 'assignees' || field === 'labels') return value instanceof Y.Map ? [...value.keys()].sort() : [];
  return typeof value === 'string' ? value : null;
}

function fieldSide(record: Y.Map<unknown>, field: TaskMergeField, context: Context, fallback: Set<number>): MergeSide {
  const clients = new Set<number>();
  const item = record._map.get(field);
  if (item && holdsNew(item, context.baseVector)) clients.add(item.id.client);
  const value = record.get(field);
  if (value instanceof Y.Map) collectClients(value as unknown as Y.AbstractType<unknown>, context.baseVector, clients);
  return { members: context.members(clients.size > 0 ? clients : fallback), value: fieldValue(record, field) };
}

/**
 * The three states from what the sync engine kept: base and local as whole-doc updates, and the
 * relay's updates in the order they came. Null when the relay's updates build on changes base
 * lacks (this device's own changes, handed over on an earlier, broken connection): then the sides
 * cannot be told apart, and nothing is recorded (the merge itself is untouched).
 */
export function apartStates(base: Uint8Array, local: Uint8Array, remote: readonly Uint8Array[], merged: Y.Doc): ApartStates | null {
  const doc = (updates: readonly Uint8Array[]) => {
    const built = new Y.Doc();
    for (const update of updates) Y.applyUpdate(built, update);
    return built;
  };
  const states = { base: doc([base]), local: doc([local]), remote: doc([base, ...remote]), merged };
  if (states.remote.store.pendingStructs !== null || states.remote.store.pendingDs !== null) {
    destroyApart(states);
    return null;
  }
  return states;
}

export function destroyApart(states: ApartStates): void {
  states.base.destroy();
  states.local.destroy();
  states.remote.destroy();
}
