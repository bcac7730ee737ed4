import type { TaskPriority, TaskStatus } from '../../../shared/model';

/** What people read for each status: the list's status menu and the board's columns. */
export const STATUS_NAMES: Record<TaskStatus, string> = { todo: 'To do', in_progress: 'In progress', blocked: 'Blocked', done: 'Done' };
export const PRIORITY_NAMES: Record<TaskPriority, string> = { none: 'No priority', urgent: 'Urgent', high: 'High', medium: 'Medium', low: 'Low' };
