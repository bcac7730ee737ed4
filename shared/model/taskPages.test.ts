import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from './errors';
import { newId } from './ids';
import { addTask, getTask } from './tasks';
import { linkedPages, linkPage, pageLinksByTask, unlinkPage } from './taskPages';
import { syncDocs } from './testing';

describe('links from tasks to pages', () => {
  it('link a task to pages, each once, and take a link off', () => {
    const doc = new Y.Doc();
    const taskId = addTask(doc, { title: 'Send the invites', by: 'aiko' }, 1);
    const other = addTask(doc, { title: 'Book the room', by: 'aiko' }, 1);
    const [brief, guests] = [newId(), newId()];
    linkPage(doc, taskId, brief, 5);
    linkPage(doc, taskId, guests, 6);
    linkPage(doc, taskId, brief, 7);
    linkPage(doc, other, brief, 7);
    expect(linkedPages(doc, taskId)).toEqual([brief, guests].sort());
    expect(getTask(doc, taskId)!.updatedAt).toBe(7);
    expect(pageLinksByTask(doc)).toEqual(new Map([[taskId, [brief, guests].sort()], [other, [brief]]]));
    unlinkPage(doc, taskId, brief, 8);
    unlinkPage(doc, taskId, brief, 9);
    expect(linkedPages(doc, taskId)).toEqual([guests]);
    expect(linkedPages(doc, other)).toEqual([brief]);
    expect(getTask(doc, taskId)!.updatedAt).toBe(8);
  });

  it('refuse a task that is not there and a page id that is not one, with a reason', () => {
    const doc = new Y.Doc();
    const taskId = addTask(doc, { title: 'Send the invites', by: 'aiko' });
    for (const bad of ['', 'two words', 'a/b', 'x'.repeat(65), 42 as unknown as string]) {
      expect(() => linkPage(doc, taskId, bad), JSON.stringify(bad)).toThrow(ModelError);
      expect(() => linkPage(doc, taskId, bad)).toThrow(expect.objectContaining({ reason: 'invalid-input' }));
    }
    expect(() => linkPage(doc, 'no-such-task', newId())).toThrow(expect.objectContaining({ reason: 'not-found' }));
    expect(() => unlinkPage(doc, 'no-such-task', newId())).toThrow(expect.objectContaining({ reason: 'not-found' }));
    expect(linkedPages(doc, taskId)).toEqual([]);
  });

  it('converge when two devices link and unlink apart: first links made apart both stay, a link made again while removed elsewhere stays', () => {
    const tokyo = new Y.Doc();
    const london = new Y.Doc();
    const taskId = addTask(tokyo, { title: 'Send the invites', by: 'aiko' }, 1);
    syncDocs(tokyo, london);
    const [brief, guests, budget] = [newId(), newId(), newId()];
    linkPage(tokyo, taskId, brief, 2);
    linkPage(london, taskId, guests, 3);
    syncDocs(tokyo, london);
    expect(linkedPages(tokyo, taskId)).toEqual([brief, guests].sort());
    expect(linkedPages(london, taskId)).toEqual(linkedPages(tokyo, taskId));
    // Apart: Tokyo takes the brief off while London links it again and links the budget.
    unlinkPage(tokyo, taskId, brief, 4);
    linkPage(london, taskId, brief, 4);
    linkPage(london, taskId, budget, 4);
    unlinkPage(london, taskId, guests, 5);
    syncDocs(tokyo, london);
    expect(linkedPages(tokyo, taskId)).toEqual([brief, budget].sort());
    expect(linkedPages(london, taskId)).toEqual(linkedPages(tokyo, taskId));
  });
});
