/**
 * A task's checklist: short items, each done or not, in an order people can change. Stored in the
 * task's record as `checklist`: Y.Map<itemId, Y.Map{ id, text, done, order }>, so items added on
 * two devices apart both stay, and a tick and an edit of the same item apart both hold.
 */
import type * as Y from 'yjs';
import { ModelError } from './errors';
import { newId } from './ids';
import { compareOrdered, keyForIndex } from './order';
import { Origin } from './origins';
import { requireTask, taskMap } from './tasks';
import { write } from './workspace';
import { childRecords, recordOf, str } from './ymap';

export interface ChecklistItem {
  id: string;
  text: string;
  done: boolean;
  order: string;
}

export const MAX_ITEM_CHARS = 500;

export function listChecklist(doc: Y.Doc, taskId: string): ChecklistItem[] {
  if (!taskMap(doc).has(taskId)) return [];
  const items = childRecords(requireTask(doc, taskId), 'checklist');
  if (!items) return [];
  return [...items.values()].map((item) => ({ id: str(item, 'id'), text: str(item, 'text'), done: item.get('done') === true, order: str(item, 'order', 'V') })).sort(compareOrdered);
}

function checkText(text: string): string {
  const clean = text.trim();
  if (!clean) throw new ModelError('invalid-input', 'A checklist item needs some text.');
  if (clean.length > MAX_ITEM_CHARS) throw new ModelError('invalid-input', `A checklist item is at most ${MAX_ITEM_CHARS} characters; this one is ${clean.length}.`);
  return clean;
}

/** Adds an item at the end (or at `index`). */
export function addChecklistItem(doc: Y.Doc, taskId: string, text: string, index?: number): string {
  const clean = checkText(text);
  const existing = listChecklist(doc, taskId);
  const id = newId();
  write(doc, Origin.local, () => {
    childRecords(requireTask(doc, taskId), 'checklist', true).set(id, recordOf({ id, text: clean, done: false, order: keyForIndex(existing, index ?? existing.length) }));
  });
  return id;
}

export function updateChecklistItem(doc: Y.Doc, taskId: string, itemId: string, patch: { text?: string; done?: boolean }): void {
  const item = childRecords(requireTask(doc, taskId), 'checklist')?.get(itemId);
  if (!item) throw new ModelError('not-found', `No checklist item ${itemId}.`);
  const text = patch.text === undefined ? undefined : checkText(patch.text);
  write(doc, Origin.local, () => {
    if (text !== undefined && text !== item.get('text')) item.set('text', text);
    if (patch.done !== undefined && patch.done !== item.get('done')) item.set('done', patch.done);
  });
}

export function removeChecklistItem(doc: Y.Doc, taskId: string, itemId: string): void {
  const items = childRecords(requireTask(doc, taskId), 'checklist');
  if (!items?.has(itemId)) return;
  write(doc, Origin.local, () => items.delete(itemId));
}
