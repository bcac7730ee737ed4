import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrangeTasks, DEFAULT_ARRANGEMENT, readArrangement } from '../tasks/listView';
import { ModelError } from './errors';
import { taskNames, tasksMarkdown } from './markdown';
import { addTask, listTasks, placeTask, tasksByStatus, updateTask } from './tasks';
import { syncDocs } from './testing';
import { addStatus, listWorkflow, MAX_STATUSES, moveStatus, removeStatus, renameStatus, restoreStatus, shownStatus, statusName } from './workflow';

const names = (index: Y.Doc) => listWorkflow(index).map((status) => status.name);
const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ModelError ? error.reason : String(error);
  }
  return null;
};

describe('a workspace workflow', () => {
  it('starts as the four built-in statuses, and a team renames, adds and reorders columns', () => {
    const index = new Y.Doc();
    expect(names(index)).toEqual(['To do', 'In progress', 'Blocked', 'Done']);
    const review = addStatus(index, '  Review ');
    expect(names(index)).toEqual(['To do', 'In progress', 'Blocked', 'Done', 'Review']);
    moveStatus(index, review, 2);
    renameStatus(index, 'todo', 'Backlog');
    renameStatus(index, 'done', 'Shipped');
    moveStatus(index, 'blocked', 0);
    expect(names(index)).toEqual(['Blocked', 'Backlog', 'In progress', 'Review', 'Shipped']);
    const qa = addStatus(index, 'QA', 4);
    expect(names(index)).toEqual(['Blocked', 'Backlog', 'In progress', 'Review', 'QA', 'Shipped']);
    expect(listWorkflow(index).find((status) => status.id === qa)).toMatchObject({ builtIn: false, name: 'QA' });
  });

  it('refuses what would confuse a board: no name, a duplicate, too many, removing a built-in', () => {
    const index = new Y.Doc();
    expect(reasonOf(() => addStatus(index, '   '))).toBe('invalid-input');
    expect(reasonOf(() => addStatus(index, 'in progress'))).toBe('invalid-input');
    expect(reasonOf(() => addStatus(index, 'x'.repeat(41)))).toBe('invalid-input');
    expect(reasonOf(() => renameStatus(index, 'todo', 'Done'))).toBe('invalid-input');
    expect(reasonOf(() => renameStatus(index, 'nope', 'Later'))).toBe('not-found');
    for (const status of ['todo', 'in_progress', 'blocked', 'done']) expect(reasonOf(() => removeStatus(index, status))).toBe('invalid-input');
    for (let n = listWorkflow(index).length; n < MAX_STATUSES; n++) addStatus(index, `Step ${n}`);
    expect(reasonOf(() => addStatus(index, 'One more'))).toBe('invalid-input');
    expect(names(index)).toHaveLength(MAX_STATUSES);
  });

  it('done and blocked keep their meaning whatever they are called', () => {
    const index = new Y.Doc();
    const list = new Y.Doc();
    renameStatus(index, 'done', 'Shipped');
    const id = addTask(list, { title: 'Launch', by: 'm1' });
    placeTask(list, id, 'done', 0, 42, listWorkflow(index));
    expect(listTasks(list)[0]).toMatchObject({ status: 'done', completedAt: 42 });
    // The List view's "open" filter leaves it out; its Markdown is a checked box.
    const arranged = arrangeTasks(listTasks(list), readArrangement({ status: 'open' }), { me: 'm1', members: [], labels: [], workflow: listWorkflow(index) });
    expect(arranged[0]!.tasks).toHaveLength(0);
    expect(tasksMarkdown(list, taskNames(index))).toBe('- [x] Launch');
  });

  it("a removed column's tasks show in To do, keep their status, and come back with it", () => {
    const index = new Y.Doc();
    const list = new Y.Doc();
    const review = addStatus(index, 'Review');
    const id = addTask(list, { title: 'Read the draft', by: 'm1' });
    addTask(list, { title: 'Other', by: 'm1' });
    updateTask(list, id, { status: review });
    const column = (status: string) => (tasksByStatus(listTasks(list), listWorkflow(index))[status] ?? []).map((task) => task.title);
    expect(column(review)).toEqual(['Read the draft']);
    expect(tasksMarkdown(list, taskNames(index))).toContain('Read the draft\\\n  Review');

    removeStatus(index, review);
    expect(names(index)).not.toContain('Review');
    expect(column('todo')).toEqual(['Read the draft', 'Other']);
    expect(listTasks(list)[0]!.status).toBe(review);
    expect(shownStatus(listWorkflow(index), review)).toBe('todo');
    expect(statusName(listWorkflow(index), review)).toBe('To do');
    const grouped = arrangeTasks(listTasks(list), readArrangement({ group: 'status' }), { me: 'm1', members: [], labels: [], workflow: listWorkflow(index) });
    expect(grouped.map((group) => [group.key, group.tasks.length])).toEqual([['todo', 2]]);

    restoreStatus(index, review);
    expect(column(review)).toEqual(['Read the draft']);
  });

  it('groups a list by status in the order of the workflow', () => {
    const index = new Y.Doc();
    const list = new Y.Doc();
    const review = addStatus(index, 'Review', 1);
    const a = addTask(list, { title: 'A', by: 'm1' });
    const b = addTask(list, { title: 'B', by: 'm1' });
    addTask(list, { title: 'C', by: 'm1' });
    updateTask(list, a, { status: 'in_progress' });
    updateTask(list, b, { status: review });
    const grouped = arrangeTasks(listTasks(list), { ...DEFAULT_ARRANGEMENT, group: 'status' }, { me: 'm1', members: [], labels: [], workflow: listWorkflow(index) });
    expect(grouped.map((group) => [group.key, group.tasks.map((task) => task.title)])).toEqual([
      ['todo', ['C']],
      [review, ['B']],
      ['in_progress', ['A']],
    ]);
  });

  it('two devices editing the same column offline keep both changes, and converge', () => {
    const one = new Y.Doc();
    const two = new Y.Doc();
    // Each device's first edit of a built-in status: a rename on one, a move on the other.
    renameStatus(one, 'done', 'Shipped');
    moveStatus(two, 'done', 0);
    const mine = addStatus(one, 'Review');
    const theirs = addStatus(two, 'QA');
    syncDocs(one, two);
    expect(listWorkflow(one)).toEqual(listWorkflow(two));
    expect(names(one)[0]).toBe('Shipped');
    expect(listWorkflow(one).map((status) => status.id)).toEqual(expect.arrayContaining([mine, theirs]));
    // A rename and a removal of the same column at once: removed wins, the name is kept for a restore.
    renameStatus(one, mine, 'In review');
    removeStatus(two, mine);
    syncDocs(one, two);
    expect(names(one)).not.toContain('In review');
    restoreStatus(one, mine);
    syncDocs(one, two);
    expect(names(two)).toContain('In review');
  });

  it('reads a hostile or half-synced workflow without losing the built-in columns', () => {
    const index = new Y.Doc();
    const map = index.getMap<unknown>('workflow');
    map.set('name/todo', 42);
    map.set('order/in_progress', '');
    map.set('name/not an id!', 'Bad');
    map.set('name/AAAAAAAAAAAAAAAAAAAAA', '   ');
    map.set('order/BBBBBBBBBBBBBBBBBBBBB', 'a');
    expect(names(index)).toEqual(['To do', 'In progress', 'Blocked', 'Done']);
  });
});
