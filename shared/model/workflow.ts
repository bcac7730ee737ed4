/**
 * A workspace's workflow: the statuses a task moves through, which the board shows as columns.
 *
 * index doc, workflow: Y.Map<string, unknown>, flat keys per status
 *   name/<statusId>      string   the column's name (a custom status exists once it has one)
 *   order/<statusId>     string   fractional order key (order.ts)
 *   removed/<statusId>   number   when a custom status was removed
 *
 * The four built-in statuses always exist and need no record: 'todo' (where new tasks start),
 * 'in_progress', 'blocked' and 'done'. They can be renamed and reordered but not removed, so
 * "done" (completes a task) and "blocked" (My work's Blocked) keep their meaning whatever a team
 * calls them. A team adds statuses of its own (Review, QA…), which are open work like In progress.
 *
 * The keys are flat rather than one Y.Map per status so that two devices that first rename a
 * built-in status offline at the same time do not each create a record and lose one of them to
 * the other: each field is its own map entry, and the later write of it wins.
 *
 * A task whose status is not in the workflow (a removed status, or one from a newer device that
 * has not synced its definition yet) shows in To do, and keeps its status, so nothing is lost if
 * the definition arrives later.
 */
import type * as Y from 'yjs';
import { ModelError } from './errors';
import { newId } from './ids';
import { compareOrdered, keyForIndex, keysBetween } from './order';
import { Origin } from './origins';
import { IndexKey, TASK_STATUSES, type BuiltInStatus, type TaskStatus } from './schema';
import { write } from './workspace';

/** More columns than this stop being a board anyone can read. */
export const MAX_STATUSES = 12;
const MAX_NAME = 40;
const ID = /^[A-Za-z0-9_-]{21}$/;

export const BUILT_IN_STATUS_NAMES: Record<BuiltInStatus, string> = { todo: 'To do', in_progress: 'In progress', blocked: 'Blocked', done: 'Done' };
const BUILT_IN_ORDER = keysBetween(null, null, TASK_STATUSES.length);

export interface WorkflowStatus {
  id: TaskStatus;
  name: string;
  order: string;
  builtIn: boolean;
}

/** A workflow nobody has changed: the four built-in statuses. */
export const BUILT_IN_WORKFLOW: readonly WorkflowStatus[] = TASK_STATUSES.map((id, at) => ({ id, name: BUILT_IN_STATUS_NAMES[id], order: BUILT_IN_ORDER[at]!, builtIn: true }));

function workflowMap(index: Y.Doc): Y.Map<unknown> {
  return index.getMap<unknown>(IndexKey.workflow);
}

export function isBuiltInStatus(value: unknown): value is BuiltInStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

/** Whether a task may carry this status: a built-in one or a workspace's own (an id). */
export function isStatusId(value: unknown): value is TaskStatus {
  return isBuiltInStatus(value) || (typeof value === 'string' && ID.test(value));
}

/** The workspace's statuses in board order. */
export function listWorkflow(index: Y.Doc): WorkflowStatus[] {
  const map = workflowMap(index);
  const text = (key: string): string | null => {
    const value = map.get(key);
    return typeof value === 'string' && value.trim() ? value : null;
  };
  const statuses: WorkflowStatus[] = BUILT_IN_WORKFLOW.map((status) => ({ ...status, name: text(`name/${status.id}`) ?? status.name, order: text(`order/${status.id}`) ?? status.order }));
  for (const key of map.keys()) {
    const id = key.slice('name/'.length);
    if (!key.startsWith('name/') || isBuiltInStatus(id) || !ID.test(id) || map.has(`removed/${id}`)) continue;
    const name = text(key);
    if (name) statuses.push({ id, name, order: text(`order/${id}`) ?? 'z', builtIn: false });
  }
  return statuses.sort(compareOrdered);
}

/** The status a task shows under: its own when the workflow has it, else To do. */
export function shownStatus(workflow: readonly WorkflowStatus[], status: TaskStatus): TaskStatus {
  return workflow.some((entry) => entry.id === status) ? status : 'todo';
}

/** A status's name, for a screen reader's announcement or an export ("To do" for one not in the workflow). */
export function statusName(workflow: readonly WorkflowStatus[], status: TaskStatus): string {
  return workflow.find((entry) => entry.id === shownStatus(workflow, status))?.name ?? BUILT_IN_STATUS_NAMES.todo;
}

function checkName(workflow: readonly WorkflowStatus[], name: string, self: string | null): string {
  const trimmed = name.trim();
  if (!trimmed) throw new ModelError('invalid-input', 'A column needs a name.');
  if (trimmed.length > MAX_NAME) throw new ModelError('invalid-input', `A column name is at most ${MAX_NAME} characters.`);
  if (workflow.some((entry) => entry.id !== self && entry.name.toLowerCase() === trimmed.toLowerCase())) {
    throw new ModelError('invalid-input', `There is already a column called “${trimmed}”.`);
  }
  return trimmed;
}

function requireStatus(workflow: readonly WorkflowStatus[], id: string): WorkflowStatus {
  const status = workflow.find((entry) => entry.id === id);
  if (!status) throw new ModelError('not-found', `No column with id ${id}.`);
  return status;
}

/** Adds a status (a board column) at `index` in the workflow, last by default; returns its id. */
export function addStatus(index: Y.Doc, name: string, at?: number): string {
  const workflow = listWorkflow(index);
  const trimmed = checkName(workflow, name, null);
  if (workflow.length >= MAX_STATUSES) throw new ModelError('invalid-input', `A workflow has at most ${MAX_STATUSES} columns.`);
  const id = newId();
  const order = keyForIndex(workflow, at ?? workflow.length);
  write(index, Origin.local, () => {
    workflowMap(index).set(`order/${id}`, order);
    workflowMap(index).set(`name/${id}`, trimmed);
  });
  return id;
}

export function renameStatus(index: Y.Doc, id: string, name: string): void {
  const workflow = listWorkflow(index);
  requireStatus(workflow, id);
  const trimmed = checkName(workflow, name, id);
  write(index, Origin.local, () => workflowMap(index).set(`name/${id}`, trimmed));
}

/** Moves a status to `at` in the board's order (counted without the status itself). */
export function moveStatus(index: Y.Doc, id: string, at: number): void {
  const workflow = listWorkflow(index);
  requireStatus(workflow, id);
  const order = keyForIndex(
    workflow.filter((entry) => entry.id !== id),
    at,
  );
  write(index, Origin.local, () => workflowMap(index).set(`order/${id}`, order));
}

/**
 * Removes a workspace's own status. Its tasks keep it and show under To do (and come back if it is
 * restored); the four built-in statuses cannot be removed.
 */
export function removeStatus(index: Y.Doc, id: string, now = Date.now()): void {
  const status = requireStatus(listWorkflow(index), id);
  if (status.builtIn) throw new ModelError('invalid-input', `“${status.name}” is one of the four statuses every workflow keeps; rename it instead.`);
  write(index, Origin.local, () => workflowMap(index).set(`removed/${id}`, now));
}

export function restoreStatus(index: Y.Doc, id: string): void {
  write(index, Origin.local, () => workflowMap(index).delete(`removed/${id}`));
}
