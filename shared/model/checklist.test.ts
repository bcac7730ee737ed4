import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addChecklistItem, listChecklist, MAX_ITEM_CHARS, removeChecklistItem, updateChecklistItem } from './checklist';
import { ModelError } from './errors';
import { addTask, getTask, linkTask, updateTask } from './tasks';
import { handOff, listHandoffs } from './handoffs';
import { syncDocs } from './testing';

const texts = (doc: Y.Doc, taskId: string) => listChecklist(doc, taskId).map((item) => `${item.done ? '[x]' : '[ ]'} ${item.text}`);

describe('a task’s checklist and priority', () => {
  it('adds, ticks, edits, orders and removes items', () => {
    const doc = new Y.Doc();
    const taskId = addTask(doc, { title: 'Launch', by: 'm0' });
    const venue = addChecklistItem(doc, taskId, ' Book venue ');
    addChecklistItem(doc, taskId, 'Send invites');
    addChecklistItem(doc, taskId, 'Agenda', 0);
    updateChecklistItem(doc, taskId, venue, { done: true, text: 'Book the venue' });
    expect(texts(doc, taskId)).toEqual(['[ ] Agenda', '[x] Book the venue', '[ ] Send invites']);
    removeChecklistItem(doc, taskId, venue);
    expect(texts(doc, taskId)).toEqual(['[ ] Agenda', '[ ] Send invites']);
  });

  it('refuses empty and oversized items with a message', () => {
    const doc = new Y.Doc();
    const taskId = addTask(doc, { title: 'Launch', by: 'm0' });
    expect(() => addChecklistItem(doc, taskId, '   ')).toThrow(ModelError);
    expect(() => addChecklistItem(doc, taskId, 'x'.repeat(MAX_ITEM_CHARS + 1))).toThrow(/at most/);
    expect(() => updateTask(doc, taskId, { priority: 'someday' as never })).toThrow(/Unknown priority/);
    expect(listChecklist(doc, taskId)).toEqual([]);
  });

  it("keeps both first items of a new task's checklist, and both first handoffs and links, made apart", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const taskId = addTask(a, { title: 'Launch', by: 'm0' });
    syncDocs(a, b);
    addChecklistItem(a, taskId, 'From Tokyo');
    addChecklistItem(b, taskId, 'From London');
    linkTask(a, taskId, 'blocks', 'l1/t1');
    linkTask(b, taskId, 'blocks', 'l2/t2');
    handOff(a, { taskId, from: 'm0', to: 'm1', note: { done: 'a', next: '', questions: '' } });
    handOff(b, { taskId, from: 'm0', to: 'm2', note: { done: 'b', next: '', questions: '' } });
    syncDocs(a, b);
    expect(texts(a, taskId).sort()).toEqual(['[ ] From London', '[ ] From Tokyo']);
    expect(getTask(b, taskId)?.blocks).toEqual(['l1/t1', 'l2/t2']);
    expect(listHandoffs(a, taskId)).toHaveLength(2);
  });

  it('keeps items added apart and both a tick and an edit of one item made apart', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.clientID = 1;
    b.clientID = 2;
    const taskId = addTask(a, { title: 'Launch', by: 'm0' });
    const item = addChecklistItem(a, taskId, 'Book venue');
    syncDocs(a, b);
    addChecklistItem(a, taskId, 'From Tokyo');
    addChecklistItem(b, taskId, 'From London');
    updateChecklistItem(a, taskId, item, { done: true });
    updateChecklistItem(b, taskId, item, { text: 'Book the venue' });
    updateTask(b, taskId, { priority: 'urgent' });
    syncDocs(a, b);
    expect(texts(a, taskId)).toEqual(texts(b, taskId));
    expect(texts(a, taskId)).toContain('[x] Book the venue');
    expect(texts(a, taskId).filter((text) => text.includes('From'))).toHaveLength(2);
    expect(getTask(a, taskId)?.priority).toBe('urgent');
  });
});
