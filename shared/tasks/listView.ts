/**
 * How a task list's List view arranges its tasks: a filter (status, assignee), an order (the list's
 * own, due date, priority, title) and groups (none, status, assignee, label, due date). Pure, so it is tested
 * alone and runs in the same pass whatever view asks.
 */
import { TASK_PRIORITIES, TASK_STATUSES, type Label, type Member, type Task } from '../model';
import { addDays } from '../time';

export const STATUS_FILTERS = ['all', 'open', ...TASK_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
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
    status: pick(STATUS_FILTERS, saved.status, 'all'),
    assignee: typeof saved.assignee === 'string' && saved.assignee ? saved.assignee : 'anyone',
    sort: pick(LIST_SORTS, saved.sort, 'manual'),
    group: pick(LIST_GROUPS, saved.group, 'none'),
  };
}

/** The filtered, ordered, grouped tasks; `tasks` come in the list's own order. */
export function arrangeTasks<T extends Pick<Task, 'status' | 'assignees' | 'labels' | 'dueDate' | 'priority' | 'title'>>(
  tasks: readonly T[],
  arrangement: ListArrangement,
  me: string,
  members: readonly Member[],
  labels: readonly Label[],
  /** The reader's today, for grouping by due date. */
  today = new Date().toISOString().slice(0, 10),
): TaskGroup<T>[] {
  const { status, assignee } = arrangement;
  const shown = tasks.filter(
    (task) =>
      (status === 'all' || (status === 'open' ? task.status !== 'done' : task.status === status)) &&
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
      ? [task.status]
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
    arrangement.group === 'status' ? [...TASK_STATUSES] : arrangement.group === 'due' ? [...DUE_GROUPS] : arrangement.group === 'assignee' ? members.map((member) => member.id) : labels.map((label) => label.id);
  const rank = (key: string) => (key === '' ? Infinity : known.indexOf(key) === -1 ? known.length : known.indexOf(key));
  return [...groups].sort(([a], [b]) => rank(a) - rank(b)).map(([key, grouped]) => ({ key, tasks: grouped }));
}
