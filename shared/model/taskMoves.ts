/**
 * Moving a task from one task list to another.
 *
 * A task lives in its list's doc, and two docs cannot change in one transaction, so a move copies
 * the task's record (description, checklist, handoffs, links and all) into the other list and
 * leaves the old record behind, hidden:
 *
 *   index doc, taskMoves: Y.Map<taskId, listId>   where the task lives now; the later move wins
 *   the new list's record:  movedFrom  listId      where it came from
 *   the old list's record:  movedTo    listId      it has left (listTasks skips it)
 *   either record:          moveBase   string      JSON of its fields when it was copied
 *
 * Two things can happen while people are apart, and `settleMovedTasks` mends both on whichever
 * device sees them (every device reads every list it loads):
 *
 * - Two people move the same task to two lists. Both lists hold a copy, but the index doc says
 *   where it lives; the copy anywhere else is a stray and is hidden the same way as the old record
 *   (and a record hidden in the list the index names is shown again).
 * - Someone edits (or deletes) the task in its old list, not yet knowing it moved. That record's
 *   fields now differ from `moveBase`. They are forwarded to the task where it lives, field by
 *   field, as a three-way merge: a field changed only on the old side takes the old side's value;
 *   a field changed on both keeps the value where the task lives. `moveBase` is then brought up to
 *   date so the same change is not forwarded twice. Devices that mend at the same time write the
 *   same values.
 *
 * Comments and page links (kept beside the records, taskComments.ts and taskPages.ts) travel with
 * the task: a comment written in the old list after the move is copied over, page links linked or
 * unlinked there are merged one by one.
 *
 * What is not forwarded: text typed into the old record's description, checklist items and
 * handoffs added there after the move, and edits of comments copied already. They stay in the old
 * list's doc (its history still has them) but are not merged into the task's new home.
 */
import * as Y from 'yjs';
import { ModelError } from './errors';
import { keyForIndex } from './order';
import { Origin } from './origins';
import { IndexKey } from './schema';
import { taskCommentMap } from './taskComments';
import { pageLinksByTask, taskPageMap } from './taskPages';
import { listTasks, requireTask, taskMap } from './tasks';
import { write } from './workspace';
import type { YRecord } from './ymap';

/** The fields a late edit in the old list carries to the task's new home. */
const FORWARDED = ['title', 'status', 'priority', 'startDate', 'dueDate', 'completedAt', 'deletedAt', 'assignees', 'labels'] as const;
/**
 * Besides its fields: the pages a task links to (forwarded link by link), and how many comments
 * it has (a comment written in the old list after the move is copied to the new one).
 */
type Fields = Partial<Record<(typeof FORWARDED)[number] | 'pages' | 'comments', unknown>>;

/** What a list holds about its tasks outside their records, read once per list. */
interface Extras {
  pages: Map<string, string[]>;
  comments: Map<string, number>;
}

function extrasOf(doc: Y.Doc): Extras {
  const comments = new Map<string, number>();
  for (const record of taskCommentMap(doc).values()) {
    const taskId = record instanceof Y.Map ? record.get('taskId') : null;
    if (typeof taskId === 'string') comments.set(taskId, (comments.get(taskId) ?? 0) + 1);
  }
  return { pages: pageLinksByTask(doc), comments };
}

/** A task's comment records in a list, by message id. */
function commentsOf(doc: Y.Doc, taskId: string): [string, Y.Map<unknown>][] {
  return [...taskCommentMap(doc).entries()].filter((entry): entry is [string, Y.Map<unknown>] => entry[1] instanceof Y.Map && entry[1].get('taskId') === taskId);
}

/** Copies a task's comments and page links into another list (those it lacks). */
function copyTalk(from: Y.Doc, to: Y.Doc, taskId: string): void {
  const comments = taskCommentMap(to);
  for (const [id, record] of commentsOf(from, taskId)) if (!comments.has(id)) comments.set(id, record.clone());
  for (const pageId of pageLinksByTask(from).get(taskId) ?? []) taskPageMap(to).set(`${taskId} ${pageId}`, true);
}

export interface ListDoc {
  /** The list's page id. */
  id: string;
  doc: Y.Doc;
}

function moves(index: Y.Doc): Y.Map<string> {
  return index.getMap<string>(IndexKey.taskMoves);
}

/** The list a task was last moved to, or null for a task never moved. */
export function taskHome(index: Y.Doc, taskId: string): string | null {
  const home = moves(index).get(taskId);
  return typeof home === 'string' ? home : null;
}

/** A record's forwarded fields, id sets as sorted arrays, so two reads compare as JSON. */
function fieldsOf(taskId: string, record: YRecord, extras: Extras): Fields {
  const fields: Fields = {};
  for (const key of FORWARDED) {
    const value = record.get(key);
    fields[key] = value instanceof Y.Map ? [...value.keys()].sort() : (value ?? null);
  }
  fields.pages = extras.pages.get(taskId) ?? [];
  fields.comments = extras.comments.get(taskId) ?? 0;
  return fields;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

function readBase(record: YRecord): Fields | null {
  const base = record.get('moveBase');
  if (typeof base !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(base);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Fields) : null;
  } catch {
    return null;
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function setField(record: YRecord, key: (typeof FORWARDED)[number], value: unknown): void {
  if (key === 'assignees' || key === 'labels') {
    const ids = Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
    const set = new Y.Map<true>();
    for (const id of ids) set.set(id, true);
    record.set(key, set);
  } else record.set(key, value ?? null);
}

/**
 * Moves a task to the end of another list (or `at` in it). The task keeps its id, so links to it
 * and the task index follow it. Moving it back to a list it left refreshes the record left there.
 */
export function moveTaskToList(index: Y.Doc, from: ListDoc, to: ListDoc, taskId: string, options: { at?: number; now?: number } = {}): void {
  if (from.id === to.id) throw new ModelError('invalid-input', 'The task is already in that list.');
  const now = options.now ?? Date.now();
  const record = requireTask(from.doc, taskId);
  if (typeof record.get('movedTo') === 'string') throw new ModelError('not-found', 'That task has already moved to another list.');
  const base = JSON.stringify(fieldsOf(taskId, record, extrasOf(from.doc)));
  const others = listTasks(to.doc).filter((task) => task.id !== taskId);
  const order = keyForIndex(others, options.at ?? others.length);
  write(to.doc, Origin.local, () => {
    const copy = record.clone();
    copy.set('movedFrom', from.id);
    copy.set('movedTo', null);
    copy.set('moveBase', base);
    copy.set('order', order);
    copy.set('updatedAt', now);
    taskMap(to.doc).set(taskId, copy);
    copyTalk(from.doc, to.doc, taskId);
  });
  write(from.doc, Origin.local, () => {
    record.set('movedTo', to.id);
    record.set('moveBase', base);
  });
  write(index, Origin.local, () => moves(index).set(taskId, to.id));
}

/** A record that has left this list, forwarding what changed on it since. */
export interface LateEdit {
  taskId: string;
  /** Where the task lives now. */
  home: string;
}

/**
 * Mends one list as read on this device: hides copies of tasks that live elsewhere (a concurrent
 * move won), and returns the records here edited since they moved, whose changes
 * `forwardLateEdits` carries to where the task lives. Writes nothing when nothing needs mending.
 */
export function settleMovedTasks(index: Y.Doc, list: ListDoc): LateEdit[] {
  const late: LateEdit[] = [];
  const mend: [YRecord, string | null][] = [];
  let extras: Extras | null = null;
  for (const [taskId, record] of taskMap(list.doc)) {
    const home = taskHome(index, taskId);
    const movedTo = record.get('movedTo');
    if (typeof movedTo !== 'string') {
      if (home === null || home === list.id) continue;
      mend.push([record, home]);
    } else if (home === list.id) {
      // A move back here won over a move away from here: this record is where the task lives.
      mend.push([record, null]);
      continue;
    }
    const base = readBase(record);
    extras ??= extrasOf(list.doc);
    if (base && !same(base, fieldsOf(taskId, record, extras))) late.push({ taskId, home: home ?? (movedTo as string) });
  }
  if (mend.length > 0) {
    write(list.doc, Origin.local, () => {
      for (const [record, movedTo] of mend) record.set('movedTo', movedTo);
    });
  }
  return late;
}

/**
 * Carries what changed on a moved-away record since its move to the task where it lives, field by
 * field (see the top of this file). Returns false, writing nothing, when the home list does not
 * hold the task yet (its copy has not arrived): the edit waits for a later read.
 */
export function forwardLateEdits(from: ListDoc, home: ListDoc, taskId: string): boolean {
  const record = taskMap(from.doc).get(taskId);
  const target = taskMap(home.doc).get(taskId);
  const base = record && readBase(record);
  if (!record || !target || !base) return false;
  const theirs = fieldsOf(taskId, record, extrasOf(from.doc));
  const ours = fieldsOf(taskId, target, extrasOf(home.doc));
  const changes = FORWARDED.filter((key) => !same(theirs[key], base[key]) && same(ours[key], base[key]) && !same(ours[key], theirs[key]));
  // Page links merge one by one: those made in the old list since are added, those taken off there are taken off.
  const [was, now] = [strings(base.pages), strings(theirs.pages)];
  const linked = now.filter((pageId) => !was.includes(pageId) && !strings(ours.pages).includes(pageId));
  const unlinked = was.filter((pageId) => !now.includes(pageId) && strings(ours.pages).includes(pageId));
  const comments = commentsOf(from.doc, taskId).filter(([id]) => !taskCommentMap(home.doc).has(id));
  if (changes.length > 0 || comments.length > 0 || linked.length > 0 || unlinked.length > 0) {
    write(home.doc, Origin.local, () => {
      for (const key of changes) setField(target, key, theirs[key]);
      for (const [id, comment] of comments) taskCommentMap(home.doc).set(id, comment.clone());
      for (const pageId of linked) taskPageMap(home.doc).set(`${taskId} ${pageId}`, true);
      for (const pageId of unlinked) taskPageMap(home.doc).delete(`${taskId} ${pageId}`);
      target.set('updatedAt', Math.max(Number(target.get('updatedAt')) || 0, Number(record.get('updatedAt')) || 0));
    });
  }
  write(from.doc, Origin.local, () => record.set('moveBase', JSON.stringify(theirs)));
  return true;
}
