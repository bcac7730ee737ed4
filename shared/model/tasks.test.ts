import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fragmentText } from './content';
import { ModelError } from './errors';
import { addTask, deleteTask, deleteTasks, getTask, listTasks, moveTask, placeTask, restoreTask, restoreTasks, setTaskDone, taskDescription, tasksByStatus, updateTask, updateTasks } from './tasks';
import { syncDocs } from './testing';
import { BUILT_IN_WORKFLOW } from './workflow';

function catchReason(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof ModelError) return error.reason;
    throw error;
  }
}

const titles = (doc: Y.Doc) => listTasks(doc).map((task) => task.title);

describe('addTask', () => {
  it('stores a task with defaults, appended to the list', () => {
    const doc = new Y.Doc();
    const id = addTask(doc, { title: '  Write spec ', by: 'm0', assignees: ['b', 'a', 'a'], labels: ['l1'], dueDate: '2026-03-31' }, 10);
    expect(getTask(doc, id)).toEqual({
      id,
      title: 'Write spec',
      status: 'todo',
      priority: 'none',
      assignees: ['a', 'b'],
      labels: ['l1'],
      blocks: [],
      blockedBy: [],
      startDate: null,
      dueDate: '2026-03-31',
      order: expect.any(String),
      createdAt: 10,
      createdBy: 'm0',
      updatedAt: 10,
      completedAt: null,
      deletedAt: null,
    });
    addTask(doc, { title: 'Second', by: 'm0' });
    addTask(doc, { title: 'First', by: 'm0', index: 0 });
    expect(titles(doc)).toEqual(['First', 'Write spec', 'Second']);
  });

  it('gives every task an empty rich description', () => {
    const doc = new Y.Doc();
    const id = addTask(doc, { title: 'T', by: 'm0' });
    const description = taskDescription(doc, id);
    expect(description).toBeInstanceOf(Y.XmlFragment);
    expect(fragmentText(description)).toBe('');
    expect(catchReason(() => taskDescription(doc, 'missing'))).toBe('not-found');
  });

  it('validates title and dates', () => {
    const doc = new Y.Doc();
    expect(catchReason(() => addTask(doc, { title: '  ', by: 'm0' }))).toBe('invalid-input');
    expect(catchReason(() => addTask(doc, { title: 'T', by: 'm0', dueDate: '31/03/2026' }))).toBe('invalid-input');
    expect(catchReason(() => addTask(doc, { title: 'T', by: 'm0', startDate: '2026-3-1' }))).toBe('invalid-input');
    expect(listTasks(doc)).toEqual([]);
  });
});

describe('updateTask', () => {
  it('patches only the given fields', () => {
    const doc = new Y.Doc();
    const id = addTask(doc, { title: 'T', by: 'm0', dueDate: '2026-01-02' }, 1);
    updateTask(doc, id, { title: ' Renamed ', startDate: '2026-01-01', labels: ['x'] }, 5);
    expect(getTask(doc, id)).toMatchObject({ title: 'Renamed', startDate: '2026-01-01', dueDate: '2026-01-02', labels: ['x'], updatedAt: 5 });
    updateTask(doc, id, { dueDate: null });
    expect(getTask(doc, id)?.dueDate).toBeNull();
  });

  it('rejects bad input with a reason', () => {
    const doc = new Y.Doc();
    const id = addTask(doc, { title: 'T', by: 'm0' });
    expect(catchReason(() => updateTask(doc, id, { title: '' }))).toBe('invalid-input');
    expect(catchReason(() => updateTask(doc, id, { dueDate: 'tomorrow' }))).toBe('invalid-input');
    expect(catchReason(() => updateTask(doc, id, { status: 'later' as never }))).toBe('invalid-input');
    expect(catchReason(() => updateTask(doc, 'missing', { title: 'x' }))).toBe('not-found');
    expect(getTask(doc, id)?.title).toBe('T');
  });

  it('sets completedAt when a task is done and clears it when reopened', () => {
    const doc = new Y.Doc();
    const id = addTask(doc, { title: 'T', by: 'm0' });
    setTaskDone(doc, id, true, 100);
    expect(getTask(doc, id)).toMatchObject({ status: 'done', completedAt: 100 });
    setTaskDone(doc, id, true, 200); // already done: keeps the first completion time
    expect(getTask(doc, id)?.completedAt).toBe(100);
    setTaskDone(doc, id, false, 300);
    expect(getTask(doc, id)).toMatchObject({ status: 'todo', completedAt: null });
    updateTask(doc, id, { status: 'blocked' });
    expect(getTask(doc, id)).toMatchObject({ status: 'blocked', completedAt: null });
  });
});

describe('assignees', () => {
  it('are a set: duplicates collapse and removal works', () => {
    const doc = new Y.Doc();
    const id = addTask(doc, { title: 'T', by: 'm0', assignees: ['a'] });
    updateTask(doc, id, { assignees: ['a', 'b', 'b'] });
    expect(getTask(doc, id)?.assignees).toEqual(['a', 'b']);
    updateTask(doc, id, { assignees: ['b'] });
    expect(getTask(doc, id)?.assignees).toEqual(['b']);
  });

  it('keeps both people when two replicas assign someone concurrently', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const id = addTask(a, { title: 'T', by: 'm0', assignees: ['ann'] });
    syncDocs(a, b);
    updateTask(a, id, { assignees: ['ann', 'bob'] });
    updateTask(b, id, { assignees: ['ann', 'cat'] });
    syncDocs(a, b);
    expect(getTask(a, id)?.assignees).toEqual(['ann', 'bob', 'cat']);
    expect(getTask(b, id)?.assignees).toEqual(['ann', 'bob', 'cat']);
  });

  it('keeps a concurrent removal and a concurrent addition', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const id = addTask(a, { title: 'T', by: 'm0', assignees: ['ann', 'bob'] });
    syncDocs(a, b);
    updateTask(a, id, { assignees: ['bob'] });
    updateTask(b, id, { assignees: ['ann', 'bob', 'cat'] });
    syncDocs(a, b);
    expect(getTask(a, id)?.assignees).toEqual(['bob', 'cat']);
    expect(getTask(b, id)?.assignees).toEqual(['bob', 'cat']);
  });
});

describe('moveTask', () => {
  it('moves to an index counted without the task itself', () => {
    const doc = new Y.Doc();
    const [t1, t2, t3] = ['A', 'B', 'C'].map((title) => addTask(doc, { title, by: 'm0' }));
    moveTask(doc, t1!, 2, 9);
    expect(titles(doc)).toEqual(['B', 'C', 'A']);
    expect(getTask(doc, t1!)?.updatedAt).toBe(9);
    moveTask(doc, t3!, 0);
    expect(titles(doc)).toEqual(['C', 'B', 'A']);
    moveTask(doc, t2!, 99);
    expect(titles(doc)).toEqual(['C', 'A', 'B']);
    expect(catchReason(() => moveTask(doc, 'missing', 0))).toBe('not-found');
  });
});

describe('placeTask (the board)', () => {
  const column = (doc: Y.Doc, status: 'todo' | 'in_progress' | 'blocked' | 'done') => tasksByStatus(listTasks(doc), BUILT_IN_WORKFLOW)[status]!.map((task) => task.title);

  it('moves a task into a column at a place counted among that column, keeping the others in order', () => {
    const doc = new Y.Doc();
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((title) => addTask(doc, { title, by: 'm0' }));
    placeTask(doc, b!, 'in_progress', 0, 5);
    placeTask(doc, d!, 'in_progress', 0, 6);
    expect(column(doc, 'in_progress')).toEqual(['D', 'B']);
    expect(column(doc, 'todo')).toEqual(['A', 'C']);
    placeTask(doc, a!, 'in_progress', 1, 7);
    expect(column(doc, 'in_progress')).toEqual(['D', 'A', 'B']);
    expect(getTask(doc, a!)).toMatchObject({ status: 'in_progress', updatedAt: 7, completedAt: null });
    // Within a column.
    placeTask(doc, d!, 'in_progress', 2, 8);
    expect(column(doc, 'in_progress')).toEqual(['A', 'B', 'D']);
    // Done records when; moving out of Done clears it.
    placeTask(doc, c!, 'done', 0, 9);
    expect(getTask(doc, c!)).toMatchObject({ status: 'done', completedAt: 9 });
    placeTask(doc, c!, 'blocked', 0, 10);
    expect(getTask(doc, c!)).toMatchObject({ status: 'blocked', completedAt: null });
    expect(catchReason(() => placeTask(doc, 'missing', 'todo', 0))).toBe('not-found');
    expect(catchReason(() => placeTask(doc, a!, 'later' as never, 0))).toBe('invalid-input');
  });

  it('two devices moving the same task offline leave it in exactly one column', () => {
    const one = new Y.Doc();
    const id = addTask(one, { title: 'Ship', by: 'm0' });
    addTask(one, { title: 'Other', by: 'm0' });
    const two = new Y.Doc();
    syncDocs(one, two);
    placeTask(one, id, 'blocked', 0, 20);
    placeTask(two, id, 'done', 0, 21);
    syncDocs(one, two);
    for (const doc of [one, two]) {
      const columns = tasksByStatus(listTasks(doc), BUILT_IN_WORKFLOW);
      expect(Object.values(columns).flat().filter((task) => task.id === id)).toHaveLength(1);
    }
    expect(listTasks(one)).toEqual(listTasks(two));
  });
});

describe('bulk edit', () => {
  it('changes, deletes and restores several tasks in one update each, skipping any that is gone', () => {
    const doc = new Y.Doc();
    const [a, b, c] = ['A', 'B', 'C'].map((title) => addTask(doc, { title, by: 'm0' }));
    let updates = 0;
    doc.on('update', () => updates++);
    updateTasks(doc, [a!, c!, 'gone'], { status: 'blocked', priority: 'high' }, 7);
    expect(updates).toBe(1);
    expect(listTasks(doc).map((task) => [task.title, task.status, task.priority])).toEqual([
      ['A', 'blocked', 'high'],
      ['B', 'todo', 'none'],
      ['C', 'blocked', 'high'],
    ]);
    deleteTasks(doc, [a!, b!]);
    expect(updates).toBe(2);
    expect(titles(doc)).toEqual(['C']);
    restoreTasks(doc, [a!, b!]);
    expect(titles(doc)).toEqual(['A', 'B', 'C']);
    expect(() => updateTasks(doc, [a!], { title: ' ' })).toThrow();
    expect(titles(doc)).toEqual(['A', 'B', 'C']);
  });
});

describe('deleteTask / restoreTask', () => {
  it('soft-deletes: gone from the list, record kept, restorable', () => {
    const doc = new Y.Doc();
    const a = addTask(doc, { title: 'A', by: 'm0' });
    addTask(doc, { title: 'B', by: 'm0' });
    deleteTask(doc, a, 42);
    expect(titles(doc)).toEqual(['B']);
    expect(getTask(doc, a)?.deletedAt).toBe(42);
    restoreTask(doc, a);
    expect(titles(doc)).toEqual(['A', 'B']);
    expect(catchReason(() => deleteTask(doc, 'missing'))).toBe('not-found');
  });

  it('keeps an edit made elsewhere while the task was deleted', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const id = addTask(a, { title: 'A', by: 'm0' });
    syncDocs(a, b);
    deleteTask(a, id);
    updateTask(b, id, { title: 'A, edited' });
    syncDocs(a, b);
    restoreTask(a, id);
    expect(getTask(a, id)?.title).toBe('A, edited');
  });
});
