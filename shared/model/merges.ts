/**
 * Merge reviews: what two sides changed differently while apart, kept in the page doc so every
 * member sees it (the device that found it writes it; see mergeDetect.ts and shared/sync/mergeWatch.ts).
 *
 * page doc
 *   merges: Y.Map<mergeId, Y.Map { data: MergeData (JSON), resolved: MergeResolution | null }>
 *
 * A record keeps each side as it was before the merge: a paragraph's block (mergeBlocks.ts) or a
 * task field's value. Resolving writes the chosen side forward as one transaction (the merged text
 * or value is replaced, never rewound) and marks the record resolved; keeping the merge only marks
 * it. Nobody has to look: an open record changes nothing in the page.
 */
import * as Y from 'yjs';
import { ModelError } from './errors';
import { buildBlock, isObject, parseBlock, rewriteBlock, serializeBlock, type BlockJson } from './mergeBlocks';
import { Origin } from './origins';
import { PageKey } from './schema';
import { getTask, requireTask, updateTask, type TaskPatch } from './tasks';
import { write } from './workspace';

export type MergeKind = 'paragraph' | 'task';
/** Task fields whose values two people may set differently. */
export const TASK_MERGE_FIELDS = ['title', 'status', 'priority', 'assignees', 'labels', 'startDate', 'dueDate'] as const;
export type TaskMergeField = (typeof TASK_MERGE_FIELDS)[number];
export type FieldValue = string | null | string[];

export interface MergeSide {
  /** Members whose changes made this side; empty when nobody noted who (shared/model/authors.ts). */
  members: string[];
  /** A paragraph: the block on this side before the merge; null when this side deleted it. */
  block?: BlockJson | null;
  /** The block was over the size caps and kept cut short: shown, not offered for restoring. */
  truncated?: boolean;
  /** A task field: its value on this side before the merge. */
  value?: FieldValue;
}

/** Where a paragraph stood: its parent block's id (null: the page itself) and the ids of the blocks before it, nearest first. */
export interface MergePlace {
  parent: string | null;
  before: string[];
  /** The ids of the top-level blocks before it (nearest first), for when its parent is gone. */
  top: string[];
}

export interface MergeData {
  kind: MergeKind;
  /** When the merge was found (ms). */
  at: number;
  /** A paragraph's Yjs id ("client:clock", the same in every copy), or the task's id. */
  target: string;
  field: TaskMergeField | null;
  /** The task's title or the paragraph's first words when found, for lists that do not load the doc. */
  label: string;
  sides: [MergeSide, MergeSide];
  place: MergePlace | null;
}

/** Which side to keep: 0 or 1 (restore that side), or 'merged' (keep the merged text or value). */
export type MergeChoice = 0 | 1 | 'merged';

export interface MergeResolution {
  by: string;
  at: number;
  choice: MergeChoice;
}

export interface MergeRecord extends MergeData {
  id: string;
  resolved: MergeResolution | null;
  /** A block restored by replacement (its shape had changed) has a new id: this record, and others about the same block, follow it. */
  current: string | null;
}

/** The merged text or value as it is before a resolution, so Undo can put it back. */
export type MergedState = { block: BlockJson | null } | { value: FieldValue };

/** Records a page keeps; beyond it the oldest resolved go first, then the oldest open. */
export const MAX_MERGES = 100;
const MAX_LABEL = 120;
const MAX_MEMBERS = 16;
const MAX_ID = 64;

type Entry = Y.Map<unknown>;

export function mergeMap(doc: Y.Doc): Y.Map<Entry> {
  return doc.getMap<Entry>(PageKey.merges);
}

/** Every readable record of the page, newest first (at most MAX_MERGES; crafted ones are skipped). Pure and cheap: for lists such as the inbox. */
export function listMerges(doc: Y.Doc): MergeRecord[] {
  const out: MergeRecord[] = [];
  mergeMap(doc).forEach((entry, id) => {
    const record = entry instanceof Y.Map ? readRecord(id, entry) : null;
    if (record) out.push(record);
  });
  return out.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1)).slice(0, MAX_MERGES);
}

/** The records nobody has resolved yet, newest first. */
export function openMerges(doc: Y.Doc): MergeRecord[] {
  return listMerges(doc).filter((record) => record.resolved === null);
}

/** Open records about one task, for its row and dialog. */
export function taskMerges(doc: Y.Doc, taskId: string): MergeRecord[] {
  return openMerges(doc).filter((record) => record.kind === 'task' && record.target === taskId);
}

/**
 * Writes what a device found, one transaction: each under an id made from what it concerns and
 * its two sides, so two devices finding the same merge at once write the same record.
 */
export function recordMerges(doc: Y.Doc, found: readonly MergeData[]): string[] {
  if (found.length === 0) return [];
  const map = mergeMap(doc);
  const ids: string[] = [];
  write(doc, Origin.sync, () => {
    for (const data of found) {
      const id = mergeId(data);
      ids.push(id);
      if (map.has(id)) continue;
      const entry = new Y.Map<unknown>();
      entry.set('data', data);
      entry.set('resolved', null);
      map.set(id, entry);
    }
    prune(map);
  });
  return ids;
}

/** Keeps at most MAX_MERGES: the oldest resolved records go first, then the oldest open ones. */
function prune(map: Y.Map<Entry>): void {
  if (map.size <= MAX_MERGES) return;
  const entries = [...map.entries()].map(([id, entry]) => {
    const data = entry instanceof Y.Map ? (entry.get('data') as Partial<MergeData> | undefined) : undefined;
    const readable = entry instanceof Y.Map && readRecord(id, entry) !== null;
    const open = readable && entry.get('resolved') === null;
    return { id, rank: !readable ? 0 : open ? 2 : 1, at: typeof data?.at === 'number' ? data.at : 0 };
  });
  entries.sort((a, b) => a.rank - b.rank || a.at - b.at);
  for (const { id } of entries.slice(0, map.size - MAX_MERGES)) map.delete(id);
}

export function mergeId(data: Pick<MergeData, 'kind' | 'target' | 'field' | 'sides'>): string {
  const sides = data.sides.map((side) => JSON.stringify(data.kind === 'task' ? (side.value ?? null) : (side.block ?? null))).sort();
  return `${data.kind === 'task' ? 't' : 'p'}-${hash([data.target, data.field ?? '', ...sides].join('\u0000'))}`;
}

/** FNV-1a, twice with different seeds: an id, not a defence (records are checked when read). */
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}

/**
 * Restores one side (or keeps the merge) as one forward transaction, and marks the record resolved
 * by `by`. A paragraph is rewritten in place where its shape allows (only the characters and marks
 * that differ), else replaced by a rebuilt copy; a task field is set to that side's value.
 */
export function resolveMerge(doc: Y.Doc, id: string, choice: MergeChoice, by: string, now = Date.now()): void {
  const entry = mergeMap(doc).get(id);
  const record = entry instanceof Y.Map ? readRecord(id, entry) : null;
  if (!entry || !record) throw new ModelError('not-found', 'This merge review is no longer on the page.');
  const side = choice === 'merged' ? null : record.sides[choice];
  if (side?.truncated) throw new ModelError('invalid-input', 'This version was too long to keep whole here; restore it from the page’s version history.');
  write(doc, Origin.local, () => {
    if (side) putBack(doc, entry, record, record.kind === 'task' ? { value: side.value ?? null } : { block: side.block ?? null }, now);
    const resolution: MergeResolution = { by, at: now, choice };
    entry.set('resolved', resolution);
  });
}

/** What the record's block or field reads now, to hand to reopenMerge for an Undo. */
export function mergedState(doc: Y.Doc, record: MergeRecord): MergedState {
  if (record.kind === 'paragraph') return { block: mergedBlock(doc, record) };
  const task = getTask(doc, record.target);
  return { value: task && record.field ? task[record.field] : null };
}

/** Takes a resolution back (Undo): the merged text or value as it was before, and the record open again, as one forward transaction. */
export function reopenMerge(doc: Y.Doc, id: string, before: MergedState, now = Date.now()): void {
  const entry = mergeMap(doc).get(id);
  const record = entry instanceof Y.Map ? readRecord(id, entry) : null;
  if (!entry || !record) throw new ModelError('not-found', 'This merge review is no longer on the page.');
  write(doc, Origin.local, () => {
    putBack(doc, entry, record, before, now);
    entry.set('resolved', null);
  });
}

function putBack(doc: Y.Doc, entry: Entry, record: MergeRecord, state: MergedState, now: number): void {
  if ('value' in state) restoreField(doc, record, state.value, now);
  else {
    const replacement = restoreBlock(doc, record, state.block);
    if (replacement) entry.set('current', replacement);
  }
}

function restoreField(doc: Y.Doc, record: MergeRecord, value: FieldValue, now: number): void {
  requireTask(doc, record.target);
  const field = record.field!;
  const patch: TaskPatch = { [field]: value } as TaskPatch;
  updateTask(doc, record.target, patch, now);
}

/** Returns the id of a block made anew (null when the block kept its identity or was removed). */
function restoreBlock(doc: Y.Doc, record: MergeRecord, block: BlockJson | null): string | null {
  const elements = blockIndex(doc.getXmlFragment(PageKey.content));
  const current = elements.get(currentTarget(doc, record));
  if (current) {
    const parent = current.parent as Y.XmlElement | Y.XmlFragment;
    const index = parent.toArray().indexOf(current);
    if (!block) {
      parent.delete(index, 1);
      return null;
    }
    if (rewriteBlock(current, block)) return null;
    const rebuilt = buildBlock(block);
    parent.delete(index, 1);
    parent.insert(index, [rebuilt]);
    return blockId(rebuilt);
  }
  if (!block) return null;
  const rebuilt = buildBlock(block);
  const { parent, index } = placeFor(doc, elements, record.place);
  parent.insert(index, [rebuilt]);
  return blockId(rebuilt);
}

/** The id the record's block has now: a block restored by replacement (here, or by another review of it) goes by its new id. */
function currentTarget(doc: Y.Doc, record: MergeRecord): string {
  const records = listMerges(doc);
  const seen = new Set<string>([record.target]);
  let id = record.current ?? record.target;
  for (;;) {
    seen.add(id);
    const next = records.find((other) => other.target === id && other.current && !seen.has(other.current));
    if (!next) return id;
    id = next.current!;
  }
}

/** Where a block that is gone goes back: after the nearest block that stood before it and still does. */
function placeFor(doc: Y.Doc, elements: Map<string, Y.XmlElement>, place: MergePlace | null): { parent: Y.XmlElement | Y.XmlFragment; index: number } {
  const fragment = doc.getXmlFragment(PageKey.content);
  const parentElement = place?.parent ? elements.get(place.parent) : undefined;
  const parent = place?.parent ? (parentElement ?? fragment) : fragment;
  const before = parentElement || !place?.parent ? (place?.before ?? []) : place.top;
  const children = parent.toArray();
  for (const id of before) {
    const index = children.findIndex((child) => child instanceof Y.XmlElement && blockId(child) === id);
    if (index >= 0) return { parent, index: index + 1 };
  }
  return { parent, index: 0 };
}

/** A block's Yjs id: the same in every copy of the doc. */
export function blockId(element: Y.XmlElement): string {
  const item = element._item;
  return item ? `${item.id.client}:${item.id.clock}` : '';
}

/** Every element of the rich text by id, nested ones included. */
export function blockIndex(fragment: Y.XmlFragment): Map<string, Y.XmlElement> {
  const out = new Map<string, Y.XmlElement>();
  const visit = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      out.set(blockId(child), child);
      visit(child);
    }
  };
  visit(fragment);
  return out;
}

/** The merged block as it reads now (null: gone), for showing beside the sides. */
export function mergedBlock(doc: Y.Doc, record: MergeRecord): BlockJson | null {
  const element = blockIndex(doc.getXmlFragment(PageKey.content)).get(currentTarget(doc, record));
  return element ? serializeBlock(element).block : null;
}

function readRecord(id: string, entry: Entry): MergeRecord | null {
  const data: unknown = entry.get('data');
  if (id.length > MAX_ID || !isObject(data)) return null;
  const { kind, at, target, field, label } = data;
  if (kind !== 'paragraph' && kind !== 'task') return null;
  if (typeof at !== 'number' || !Number.isFinite(at) || typeof target !== 'string' || target.length > MAX_ID || typeof label !== 'string') return null;
  const taskField = kind === 'task' ? (TASK_MERGE_FIELDS as readonly unknown[]).includes(field) ? (field as TaskMergeField) : undefined : null;
  if (taskField === undefined) return null;
  if (!Array.isArray(data.sides) || data.sides.length !== 2) return null;
  const sides = data.sides.map((side) => readSide(kind, side));
  if (!sides[0] || !sides[1]) return null;
  const place = kind === 'paragraph' ? readPlace(data.place) : null;
  const resolution = readResolution(entry.get('resolved'));
  if (resolution === undefined) return null;
  const current = entry.get('current');
  return {
    id,
    kind,
    at,
    target,
    field: taskField,
    label: label.slice(0, MAX_LABEL),
    sides: [sides[0], sides[1]],
    place,
    resolved: resolution,
    current: typeof current === 'string' && current.length <= MAX_ID ? current : null,
  };
}

function readSide(kind: MergeKind, value: unknown): MergeSide | null {
  if (!isObject(value) || !Array.isArray(value.members) || value.members.length > MAX_MEMBERS) return null;
  const members = value.members.filter((member): member is string => typeof member === 'string' && member.length <= MAX_ID);
  const truncated = value.truncated === true;
  if (kind === 'task') {
    const fieldValue = readValue(value.value);
    return fieldValue === undefined ? null : { members, value: fieldValue };
  }
  if (value.block === null) return { members, block: null };
  const block = parseBlock(value.block);
  return block ? { members, block, ...(truncated ? { truncated } : {}) } : null;
}

function readValue(value: unknown): FieldValue | undefined {
  if (value === null) return null;
  if (typeof value === 'string') return value.length <= 1_000 ? value : undefined;
  if (Array.isArray(value) && value.length <= 100 && value.every((item) => typeof item === 'string' && item.length <= MAX_ID)) return value as string[];
  return undefined;
}

function readPlace(value: unknown): MergePlace | null {
  if (!isObject(value)) return null;
  const ids = (list: unknown) => (Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string' && id.length <= MAX_ID).slice(0, 8) : []);
  const parent = typeof value.parent === 'string' && value.parent.length <= MAX_ID ? value.parent : null;
  return { parent, before: ids(value.before), top: ids(value.top) };
}

/** null: open; undefined: unreadable. */
function readResolution(value: unknown): MergeResolution | null | undefined {
  if (value === null || value === undefined) return null;
  if (!isObject(value) || typeof value.by !== 'string' || typeof value.at !== 'number') return undefined;
  const choice = value.choice;
  if (choice !== 0 && choice !== 1 && choice !== 'merged') return undefined;
  return { by: value.by, at: value.at, choice };
}
