import * as Y from 'yjs';
import { ModelError } from './errors';
import { newId } from './ids';
import { compareOrdered, keyForIndex } from './order';
import { Origin } from './origins';
import { isStatusId, shownStatus, type WorkflowStatus } from './workflow';
import { PageKey, TASK_PRIORITIES, type Task, type TaskPriority, type TaskStatus } from './schema';
import { write } from './workspace';
import { ensureIdSet, idSet, num, numOrNull, recordOf, setIds, str, strOrNull, type YRecord } from './ymap';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function taskMap(doc: Y.Doc): Y.Map<YRecord> {
  return doc.getMap<YRecord>(PageKey.tasks);
}

function isPriority(value: unknown): value is TaskPriority {
  return typeof value === 'string' && (TASK_PRIORITIES as readonly string[]).includes(value);
}

function readTask(record: YRecord): Task {
  const status = record.get('status');
  const priority = record.get('priority');
  return {
    id: str(record, 'id'),
    title: str(record, 'title'),
    status: isStatusId(status) ? status : 'todo',
    priority: isPriority(priority) ? priority : 'none',
    assignees: idSet(record, 'assignees'),
    labels: idSet(record, 'labels'),
    blocks: idSet(record, 'blocks'),
    blockedBy: idSet(record, 'blockedBy'),
    startDate: strOrNull(record, 'startDate'),
    dueDate: strOrNull(record, 'dueDate'),
    order: str(record, 'order', 'V'),
    createdAt: num(record, 'createdAt'),
    createdBy: str(record, 'createdBy'),
    updatedAt: num(record, 'updatedAt'),
    completedAt: numOrNull(record, 'completedAt'),
    deletedAt: numOrNull(record, 'deletedAt'),
  };
}

/** Live tasks in list order: not deleted, and not moved to another list (taskMoves.ts). */
export function listTasks(doc: Y.Doc): Task[] {
  return [...taskMap(doc).values()]
    .filter((record) => typeof record.get('movedTo') !== 'string')
    .map(readTask)
    .filter((task) => task.deletedAt === null)
    .sort(compareOrdered);
}

export function getTask(doc: Y.Doc, id: string): Task | null {
  const record = taskMap(doc).get(id);
  return record ? readTask(record) : null;
}

/** The rich description of a task, for an editor to bind to. */
export function taskDescription(doc: Y.Doc, id: string): Y.XmlFragment {
  const record = requireTask(doc, id);
  const value = record.get('description');
  if (value instanceof Y.XmlFragment) return value;
  throw new ModelError('not-found', `Task ${id} has no description.`);
}

/** A task's record; a ModelError 'not-found' when the list has no such task. */
export function requireTask(doc: Y.Doc, id: string): YRecord {
  const record = taskMap(doc).get(id);
  if (!record) throw new ModelError('not-found', `No task with id ${id}.`);
  return record;
}

export interface NewTask {
  title: string;
  by: string;
  /** Position in the list; default is last. */
  index?: number;
  assignees?: string[];
  labels?: string[];
  dueDate?: string | null;
  startDate?: string | null;
  id?: string;
}

function checkDate(value: string | null | undefined): void {
  if (value !== null && value !== undefined && !DATE.test(value)) {
    throw new ModelError('invalid-input', `A date must look like 2026-03-31, not "${value}".`);
  }
}

export function addTask(doc: Y.Doc, input: NewTask, now = Date.now()): string {
  const title = input.title.trim();
  if (!title) throw new ModelError('invalid-input', 'A task needs a title.');
  checkDate(input.dueDate);
  checkDate(input.startDate);
  const id = input.id ?? newId();
  const tasks = listTasks(doc);
  write(doc, Origin.local, () => {
    const record = recordOf({
      id,
      title,
      status: 'todo',
      startDate: input.startDate ?? null,
      dueDate: input.dueDate ?? null,
      order: keyForIndex(tasks, input.index ?? tasks.length),
      createdAt: now,
      createdBy: input.by,
      updatedAt: now,
      completedAt: null,
      deletedAt: null,
    });
    record.set('description', new Y.XmlFragment());
    // Made with the task, not with its first item: two devices adding a first checklist item,
    // handoff or link apart would each create the map, and Yjs would keep only one of them.
    for (const key of ['checklist', 'handoffs', 'blocks', 'blockedBy']) record.set(key, new Y.Map());
    taskMap(doc).set(id, record);
    setIds(record, 'assignees', input.assignees ?? []);
    setIds(record, 'labels', input.labels ?? []);
  });
  return id;
}

export interface TaskPatch {
  title?: string;
  status?: TaskStatus;
  priority?: TaskPriority;
  assignees?: string[];
  labels?: string[];
  startDate?: string | null;
  dueDate?: string | null;
}

export function updateTask(doc: Y.Doc, id: string, patch: TaskPatch, now = Date.now()): void {
  const record = requireTask(doc, id);
  if (patch.title !== undefined && !patch.title.trim()) throw new ModelError('invalid-input', 'A task needs a title.');
  if (patch.status !== undefined && !isStatusId(patch.status)) throw new ModelError('invalid-input', `Unknown status ${String(patch.status)}.`);
  if (patch.priority !== undefined && !isPriority(patch.priority)) throw new ModelError('invalid-input', `Unknown priority ${String(patch.priority)}.`);
  checkDate(patch.dueDate);
  checkDate(patch.startDate);
  write(doc, Origin.local, () => {
    if (patch.title !== undefined) record.set('title', patch.title.trim());
    if (patch.status !== undefined && patch.status !== record.get('status')) {
      record.set('status', patch.status);
      record.set('completedAt', patch.status === 'done' ? now : null);
    }
    if (patch.priority !== undefined) record.set('priority', patch.priority);
    if (patch.startDate !== undefined) record.set('startDate', patch.startDate);
    if (patch.dueDate !== undefined) record.set('dueDate', patch.dueDate);
    if (patch.assignees !== undefined) setIds(record, 'assignees', patch.assignees);
    if (patch.labels !== undefined) setIds(record, 'labels', patch.labels);
    record.set('updatedAt', now);
  });
}

export function setTaskDone(doc: Y.Doc, id: string, done: boolean, now = Date.now()): void {
  updateTask(doc, id, { status: done ? 'done' : 'todo' }, now);
}

/** Moves a task to `index` in the list (index counted without the task itself). */
export function moveTask(doc: Y.Doc, id: string, index: number, now = Date.now()): void {
  const record = requireTask(doc, id);
  const others = listTasks(doc).filter((task) => task.id !== id);
  write(doc, Origin.local, () => {
    record.set('order', keyForIndex(others, index));
    record.set('updatedAt', now);
  });
}

/**
 * The same change to several tasks (bulk edit), in one transaction: everyone receives it as one
 * update, and a task missing here (deleted elsewhere and gone) is skipped rather than failing the rest.
 */
export function updateTasks(doc: Y.Doc, ids: readonly string[], patch: TaskPatch, now = Date.now()): void {
  write(doc, Origin.local, () => {
    for (const id of ids) if (taskMap(doc).has(id)) updateTask(doc, id, patch, now);
  });
}

/** Soft-deletes several tasks in one transaction (see deleteTask). */
export function deleteTasks(doc: Y.Doc, ids: readonly string[], now = Date.now()): void {
  write(doc, Origin.local, () => {
    for (const id of ids) if (taskMap(doc).has(id)) deleteTask(doc, id, now);
  });
}

export function restoreTasks(doc: Y.Doc, ids: readonly string[]): void {
  write(doc, Origin.local, () => {
    for (const id of ids) if (taskMap(doc).has(id)) restoreTask(doc, id);
  });
}

/** A board's columns: the list's live tasks by the status each shows under, each column in list order. */
export function tasksByStatus(tasks: readonly Task[], workflow: readonly WorkflowStatus[]): Record<TaskStatus, Task[]> {
  const columns: Record<TaskStatus, Task[]> = Object.fromEntries(workflow.map((status) => [status.id, [] as Task[]]));
  for (const task of tasks) columns[shownStatus(workflow, task.status)]?.push(task);
  return columns;
}

/**
 * The board's move: puts a task in `status`'s column at `index`, counted among that column's
 * other tasks (those it shows, given the workflow). Status and order are written in one
 * transaction, each a single field of the task's record, so concurrent moves of one task on two
 * devices end with it in one place (the later write of each field wins) and never duplicate or
 * drop it.
 */
export function placeTask(doc: Y.Doc, id: string, status: TaskStatus, index: number, now = Date.now(), workflow?: readonly WorkflowStatus[]): void {
  const record = requireTask(doc, id);
  if (!isStatusId(status)) throw new ModelError('invalid-input', `Unknown status ${String(status)}.`);
  const shown = (task: Task) => (workflow ? shownStatus(workflow, task.status) : task.status);
  const column = listTasks(doc).filter((task) => shown(task) === status && task.id !== id);
  write(doc, Origin.local, () => {
    record.set('order', keyForIndex(column, index));
    if (status !== record.get('status')) {
      record.set('status', status);
      record.set('completedAt', status === 'done' ? now : null);
    }
    record.set('updatedAt', now);
  });
}

/** Soft delete, so undo and a concurrent edit elsewhere never lose the task's content. */
export function deleteTask(doc: Y.Doc, id: string, now = Date.now()): void {
  const record = requireTask(doc, id);
  write(doc, Origin.local, () => record.set('deletedAt', now));
}

export function restoreTask(doc: Y.Doc, id: string): void {
  const record = requireTask(doc, id);
  write(doc, Origin.local, () => record.set('deletedAt', null));
}

/** `listId/taskId`: how a task names a task of any list. */
export function taskRef(listId: string, taskId: string): string {
  return `${listId}/${taskId}`;
}

export type TaskLink = 'blocks' | 'blockedBy';

/** Records on this task that it blocks, or is blocked by, `target` (a taskRef). */
export function linkTask(doc: Y.Doc, taskId: string, kind: TaskLink, target: string, now = Date.now()): void {
  const record = requireTask(doc, taskId);
  if (!/^[^/]+\/[^/]+$/.test(target)) throw new ModelError('invalid-input', `Not a task: ${target}.`);
  write(doc, Origin.local, () => {
    ensureIdSet(record, kind).set(target, true);
    record.set('updatedAt', now);
  });
}

export function unlinkTask(doc: Y.Doc, taskId: string, kind: TaskLink, target: string, now = Date.now()): void {
  const record = requireTask(doc, taskId);
  const set = record.get(kind);
  if (!(set instanceof Y.Map) || !set.has(target)) return;
  write(doc, Origin.local, () => {
    set.delete(target);
    record.set('updatedAt', now);
  });
}
