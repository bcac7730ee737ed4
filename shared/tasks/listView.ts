/**
 * How a task list's List view arranges its tasks: a filter (status, assignee), an order (the list's
 * own, due date, priority, title) and groups (none, status, assignee, label, due date). Pure, so it is tested
 * alone and runs in the same pass whatever view asks.
 */
import { BUILT_IN_WORKFLOW, isStatusId, shownStatus, TASK_PRIORITIES, type Label, type Member, type Task, type TaskStatus, type WorkflowStatus } from '../model';
import { addDays } from '../time';

/** Every task, the ones not done, or those of one status of the workflow. */
export type StatusFilter = 'all' | 'open' | TaskStatus;
export const LIST_SORTS = ['manual', 'due', 'priority', 'title'] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const LIST_GROUPS = ['none', 'status', 'assignee', 'label', 'due'] as const;
export type ListGroup = (typeof LIST_GROUPS)[number];

export interface ListArrangement {
  status: StatusFilter;
  /** 'anyone', 'me', 'nobody', or a member id. */
  assignee: string;
  sort: ListSort;
  group: ListGroup;
}

export const DEFAULT_ARRANGEMENT: ListArrangement = { status: 'all', assignee: 'anyone', sort: 'manual', group: 'none' };

/** The due-date groups, in order: calendar days against the reader's today (YYYY-MM-DD). */
export const DUE_GROUPS = ['past', 'today', 'week', 'later', ''] as const;

function dueGroup(dueDate: string | null, today: string): (typeof DUE_GROUPS)[number] {
  if (!dueDate) return '';
  if (dueDate < today) return 'past';
  if (dueDate === today) return 'today';
  return dueDate <= addDays(today, 7) ? 'week' : 'later';
}

export interface TaskGroup<T> {
  /** Stable: a status, a member or label id, or '' for tasks with none. */
  key: string;
  tasks: T[];
}

/** Reads a saved arrangement, keeping only values this version knows. */
export function readArrangement(value: unknown): ListArrangement {
  const saved = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof ListArrangement, unknown>>;
  const pick = <V extends string>(options: readonly V[], given: unknown, fallback: V): V => (options.includes(given as V) ? (given as V) : fallback);
  return {
    status: saved.status === 'all' || saved.status === 'open' || isStatusId(saved.status) ? saved.status : 'all',
    assignee: typeof saved.assignee === 'string' && saved.assignee ? saved.assignee : 'anyone',
    sort: pick(LIST_SORTS, saved.sort, 'manual'),
    group: pick(LIST_GROUPS, saved.group, 'none'),
  };
}

/** What arranging a list needs to know besides its tasks: who reads it, and the workspace's names. */
export interface ArrangeContext {
  me: string;
  members: readonly Member[];
  labels: readonly Label[];
  /** The workspace's statuses in board order (default: the four built-in ones). */
  workflow?: readonly WorkflowStatus[];
  /** The reader's today (YYYY-MM-DD), for grouping by due date. */
  today?: string;
}

/** The filtered, ordered, grouped tasks; `tasks` come in the list's own order. */
export function arrangeTasks<T extends Pick<Task, 'status' | 'assignees' | 'labels' | 'dueDate' | 'priority' | 'title'>>(
  tasks: readonly T[],
  arrangement: ListArrangement,
  { me, members, labels, workflow = BUILT_IN_WORKFLOW, today = new Date().toISOString().slice(0, 10) }: ArrangeContext,
): TaskGroup<T>[] {
  const { status, assignee } = arrangement;
  // A task whose status the workflow does not have (removed, or not synced yet) counts as To do, as on the board.
  const statusOf = (task: T) => shownStatus(workflow, task.status);
  const shown = tasks.filter(
    (task) =>
      (status === 'all' || (status === 'open' ? task.status !== 'done' : statusOf(task) === status)) &&
      (assignee === 'anyone' || (assignee === 'nobody' ? task.assignees.length === 0 : task.assignees.includes(assignee === 'me' ? me : assignee))),
  );
  const order = [...shown];
  const priority = (task: T) => (task.priority === 'none' ? TASK_PRIORITIES.length : TASK_PRIORITIES.indexOf(task.priority));
  if (arrangement.sort === 'due') order.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  else if (arrangement.sort === 'priority') order.sort((a, b) => priority(a) - priority(b));
  else if (arrangement.sort === 'title') order.sort((a, b) => a.title.localeCompare(b.title));

  if (arrangement.group === 'none') return [{ key: '', tasks: order }];
  const keysOf = (task: T): string[] =>
    arrangement.group === 'status'
      ? [statusOf(task)]
      : arrangement.group === 'due'
        ? [dueGroup(task.dueDate, today)]
        : arrangement.group === 'assignee'
          ? task.assignees.length
            ? task.assignees
            : ['']
          : task.labels.length
            ? task.labels
            : [''];
  const groups = new Map<string, T[]>();
  for (const task of order) {
    for (const key of keysOf(task)) {
      const group = groups.get(key);
      if (group) group.push(task);
      else groups.set(key, [task]);
    }
  }
  // Groups in a fixed order: statuses as the workflow has them, people and labels as the workspace lists them, "none" last.
  const known: string[] =
    arrangement.group === 'status' ? workflow.map((entry) => entry.id) : arrangement.group === 'due' ? [...DUE_GROUPS] : arrangement.group === 'assignee' ? members.map((member) => member.id) : labels.map((label) => label.id);
  const rank = (key: string) => (key === '' ? Infinity : known.indexOf(key) === -1 ? known.length : known.indexOf(key));
  return [...groups].sort(([a], [b]) => rank(a) - rank(b)).map(([key, grouped]) => ({ key, tasks: grouped }));
}
