import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addChecklistItem, listChecklist } from './checklist';
import { fragmentText, typeText } from './content';
import { ModelError } from './errors';
import { handOff, listHandoffs } from './handoffs';
import { addTask, deleteTask, getTask, listTasks, taskDescription, updateTask } from './tasks';
import { forwardLateEdits, moveTaskToList, settleMovedTasks, taskHome, type ListDoc } from './taskMoves';
import { syncDocs } from './testing';
import { addTaskComment, listTaskComments } from './taskComments';
import { linkedPages, linkPage, unlinkPage } from './taskPages';

/** One device: the index doc and three lists. */
function device() {
  return { index: new Y.Doc(), a: { id: 'listA', doc: new Y.Doc() }, b: { id: 'listB', doc: new Y.Doc() }, c: { id: 'listC', doc: new Y.Doc() } };
}
type Device = ReturnType<typeof device>;
const lists = (one: Device) => [one.a, one.b, one.c];
function syncDevices(one: Device, two: Device): void {
  syncDocs(one.index, two.index);
  for (const key of ['a', 'b', 'c'] as const) syncDocs(one[key].doc, two[key].doc);
}
/** What every device does as it reads its lists: mend strays, forward late edits. */
function settle(one: Device): void {
  const byId = new Map(lists(one).map((list) => [list.id, list] as const));
  for (const list of lists(one)) for (const late of settleMovedTasks(one.index, list)) forwardLateEdits(list, byId.get(late.home)!, late.taskId);
}
/** Where each task shows, by title. */
const where = (one: Device) => Object.fromEntries(lists(one).map((list: ListDoc) => [list.id, listTasks(list.doc).map((task) => task.title)]));

describe('moving a task to another list', () => {
  it('takes everything the task has, keeps its id, and leaves the old list without it', () => {
    const one = device();
    const id = addTask(one.a.doc, { title: 'Draft', by: 'ann', dueDate: '2026-12-04', assignees: ['ann'] });
    addTask(one.b.doc, { title: 'Other', by: 'ann' });
    typeText(one.a.doc, 0, 0, 'x'); // the page content: not the task's
    taskDescription(one.a.doc, id).insert(0, [new Y.XmlElement('paragraph')]);
    (taskDescription(one.a.doc, id).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Notes on the draft')]);
    addChecklistItem(one.a.doc, id, 'Outline');
    handOff(one.a.doc, { taskId: id, from: 'ann', to: 'ben', note: { done: 'Outline', next: 'Write', questions: '' } });

    moveTaskToList(one.index, one.a, one.b, id, { now: 50 });
    expect(where(one)).toEqual({ listA: [], listB: ['Other', 'Draft'], listC: [] });
    expect(taskHome(one.index, id)).toBe('listB');
    expect(getTask(one.b.doc, id)).toMatchObject({ id, dueDate: '2026-12-04', assignees: ['ben'] });
    expect(fragmentText(taskDescription(one.b.doc, id))).toContain('Notes on the draft');
    expect(listChecklist(one.b.doc, id).map((item) => item.text)).toEqual(['Outline']);
    expect(listHandoffs(one.b.doc, id)).toHaveLength(1);
    // And back again, to a place of one's choosing.
    moveTaskToList(one.index, one.b, one.a, id, { at: 0 });
    expect(where(one)).toEqual({ listA: ['Draft'], listB: ['Other'], listC: [] });
    expect(() => moveTaskToList(one.index, one.a, one.a, id)).toThrow(ModelError);
    expect(() => moveTaskToList(one.index, one.b, one.c, id)).toThrow(ModelError);
    expect(settleMovedTasks(one.index, one.a)).toEqual([]);
  });

  it('two people moving the same task to two lists offline end with it in one list, on both devices', () => {
    const one = device();
    const two = device();
    const id = addTask(one.a.doc, { title: 'Ship', by: 'ann' });
    syncDevices(one, two);
    moveTaskToList(one.index, one.a, one.b, id);
    moveTaskToList(two.index, two.a, two.c, id);
    updateTask(one.b.doc, id, { priority: 'high' }); // edited where it landed on one device
    syncDevices(one, two);
    settle(one);
    settle(two);
    syncDevices(one, two);
    expect(where(one)).toEqual(where(two));
    const shown = Object.values(where(one)).flat();
    expect(shown).toEqual(['Ship']);
    const home = taskHome(one.index, id)!;
    expect(where(one)[home]).toEqual(['Ship']);
    // The losing copy's edit followed the task to the list that won.
    expect(getTask([one.b, one.c].find((list) => list.id === home)!.doc, id)?.priority).toBe('high');
  });

  it('an edit or a delete made in the old list while the move was on its way follows the task', () => {
    const one = device();
    const two = device();
    const id = addTask(one.a.doc, { title: 'Plan', by: 'ann' });
    const other = addTask(one.a.doc, { title: 'Budget', by: 'ann' });
    syncDevices(one, two);
    moveTaskToList(one.index, one.a, one.b, id);
    moveTaskToList(one.index, one.a, one.b, other);
    updateTask(one.b.doc, id, { dueDate: '2026-12-24' }); // changed at home too: kept
    updateTask(two.a.doc, id, { title: 'Plan Q1', status: 'in_progress', dueDate: '2026-12-01' });
    deleteTask(two.a.doc, other);
    syncDevices(one, two);
    expect(where(two).listB).toEqual(['Plan', 'Budget']);
    settle(two);
    syncDevices(one, two);
    expect(where(one)).toEqual({ listA: [], listB: ['Plan Q1'], listC: [] });
    expect(getTask(one.b.doc, id)).toMatchObject({ title: 'Plan Q1', status: 'in_progress', dueDate: '2026-12-24' });
    expect(where(two)).toEqual(where(one));
    // Settled: nothing left to forward, on either device.
    for (const dev of [one, two]) for (const list of lists(dev)) expect(settleMovedTasks(dev.index, list)).toEqual([]);
  });

  it('a move back into a list wins over a move away from it: the task shows there again', () => {
    // Every way round: which of two concurrent writes Yjs keeps depends on the client ids, and
    // each doc has its own, so the index may keep one device's move and the list the other's copy.
    for (const [indexIds, listIds] of [
      [[1, 2], [1, 2]],
      [[1, 2], [2, 1]],
      [[2, 1], [1, 2]],
      [[2, 1], [2, 1]],
    ] as const) {
      const one = device();
      const two = device();
      [one.index.clientID, two.index.clientID] = indexIds;
      for (const key of ['a', 'b', 'c'] as const) [one[key].doc.clientID, two[key].doc.clientID] = [listIds[0] + 10, listIds[1] + 10];
      const id = addTask(one.a.doc, { title: 'Ship', by: 'ann' });
      syncDevices(one, two);
      // Both move it from A to B; one then moves it on to C, not knowing of the other's move.
      moveTaskToList(one.index, one.a, one.b, id);
      moveTaskToList(two.index, two.a, two.b, id);
      moveTaskToList(one.index, one.b, one.c, id);
      syncDevices(one, two);
      settle(one);
      settle(two);
      syncDevices(one, two);
      expect(where(one)).toEqual(where(two));
      const home = taskHome(one.index, id)!;
      expect(Object.entries(where(one)).filter(([, titles]) => titles.length > 0)).toEqual([[home, ['Ship']]]);
    }
  });

  it("takes the task's comments and page links along, and a comment or a link made in the old list meanwhile follows", () => {
    const one = device();
    const two = device();
    const id = addTask(one.a.doc, { title: 'Plan', by: 'ann' });
    const first = addTaskComment(one.a.doc, id, { author: 'ann', parts: [{ text: 'Draft is up' }] });
    linkPage(one.a.doc, id, 'briefPage');
    linkPage(one.a.doc, id, 'oldPage');
    syncDevices(one, two);
    moveTaskToList(one.index, one.a, one.b, id);
    expect(listTaskComments(one.b.doc, id).map((message) => message.id)).toEqual([first]);
    expect(linkedPages(one.b.doc, id)).toEqual(['briefPage', 'oldPage']);
    // Meanwhile, on a device that has not heard of the move.
    const late = addTaskComment(two.a.doc, id, { author: 'ben', parts: [{ text: 'Looks good' }] });
    linkPage(two.a.doc, id, 'budgetPage');
    unlinkPage(two.a.doc, id, 'oldPage');
    syncDevices(one, two);
    settle(one);
    syncDevices(one, two);
    for (const dev of [one, two]) {
      expect(listTaskComments(dev.b.doc, id).map((message) => message.id)).toEqual([first, late]);
      expect(linkedPages(dev.b.doc, id)).toEqual(['briefPage', 'budgetPage']);
    }
  });

  it('waits to forward until the task has arrived where it lives', () => {
    const one = device();
    const two = device();
    const id = addTask(one.a.doc, { title: 'Plan', by: 'ann' });
    syncDevices(one, two);
    moveTaskToList(one.index, one.a, one.b, id);
    // Two hears of the move in the old list only, and edits there.
    syncDocs(one.a.doc, two.a.doc);
    syncDocs(one.index, two.index);
    updateTask(two.a.doc, id, { title: 'Plan v2' });
    const late = settleMovedTasks(two.index, two.a);
    expect(late).toEqual([{ taskId: id, home: 'listB' }]);
    expect(forwardLateEdits(two.a, two.b, id)).toBe(false);
    syncDocs(one.b.doc, two.b.doc);
    expect(forwardLateEdits(two.a, two.b, id)).toBe(true);
    expect(listTasks(two.b.doc).map((task) => task.title)).toEqual(['Plan v2']);
  });
});
