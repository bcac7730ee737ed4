/**
 * The shape of a Baton workspace in Yjs. One index doc per workspace holds
 * what every screen needs at once (members, page tree, labels, settings,
 * check-ins); each page is its own doc so that opening, syncing and storing
 * one page never drags in the others.
 *
 * index doc (docId INDEX_DOC_ID)
 *   meta:      Y.Map  { id, name, createdAt, schemaVersion }
 *   members:   Y.Map<memberId, Y.Map<MemberFields>>
 *   pages:     Y.Map<pageId, Y.Map<PageFields>>     tree by parentId + order; soft delete
 *   labels:    Y.Map<labelId, Y.Map<LabelFields>>
 *   settings:  Y.Map  { defaultWorkingHours, weekStart }
 *   checkins:  Y.Map<checkinId, Y.Map>              reserved: daily done / next / blocked
 *
 * page doc (docId = pageId)
 *   content:     Y.XmlFragment   rich text (ProseMirror schema via TipTap)
 *   tasks:       Y.Map<taskId, Y.Map<TaskFields>> (pages of kind 'tasks')
 *   comments:    Y.Map<threadId, Y.Map>            reserved: anchored threads
 *   suggestions: Y.Map<suggestionId, Y.Map>        reserved: tracked amendments
 *   taskComments: Y.Map<messageId, Y.Map>          comments on the list's tasks (taskComments.ts)
 *   taskPages:   Y.Map<'taskId pageId', true>      links from the list's tasks to pages (taskPages.ts)
 *   merges:      Y.Map<mergeId, Y.Map>             what two sides changed differently while apart (merges.ts)
 */

export const SCHEMA_VERSION = 1;

export const IndexKey = {
  meta: 'meta',
  members: 'members',
  pages: 'pages',
  labels: 'labels',
  settings: 'settings',
  checkins: 'checkins',
  workflow: 'workflow',
  taskMoves: 'taskMoves',
  savedFilters: 'savedFilters',
} as const;

export const PageKey = {
  content: 'content',
  tasks: 'tasks',
  comments: 'comments',
  suggestions: 'suggestions',
  taskComments: 'taskComments',
  taskPages: 'taskPages',
  merges: 'merges',
} as const;

/** Minutes since local midnight, in the member's own timezone. */
export interface WorkingHours {
  start: number;
  end: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /**
   * Hours of particular working days that differ from start–end (e.g. Friday 09:00–13:00), keyed by
   * ISO weekday ('5'). A working day not listed keeps start–end; an entry for a day not in `days` is ignored.
   * Optional: hours written before it existed read as the same hours every day.
   */
  perDay?: Partial<Record<string, DayHours>>;
}

/** One day's hours, minutes since local midnight (an end before the start runs past midnight). */
export interface DayHours {
  start: number;
  end: number;
}

export interface Member {
  id: string;
  name: string;
  /** CSS colour, e.g. '#3b82f6'. */
  color: string;
  /** IANA timezone, e.g. 'Asia/Tokyo'. */
  timezone: string;
  workingHours: WorkingHours;
  /** Days away (holidays, leave), in the member's own calendar: nothing waiting for them arrives then. */
  timeOff: TimeOff[];
  joinedAt: number;
}

/** Calendar days 'YYYY-MM-DD' in the member's own timezone, both ends included. */
export interface TimeOff {
  start: string;
  end: string;
}

export type PageKind = 'doc' | 'tasks';

export interface Page {
  id: string;
  title: string;
  kind: PageKind;
  parentId: string | null;
  order: string;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  deletedAt: number | null;
}

export interface Label {
  id: string;
  name: string;
  color: string;
}

/** The statuses every workflow has (see workflow.ts); a workspace adds its own beside them. */
export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done'] as const;
export type BuiltInStatus = (typeof TASK_STATUSES)[number];
/** A built-in status, or the id of one a workspace added to its workflow. */
export type TaskStatus = string;
/** 'none' first; then from most to least pressing. */
export const TASK_PRIORITIES = ['none', 'urgent', 'high', 'medium', 'low'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export interface Task {
  id: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  assignees: string[];
  labels: string[];
  /** Links to other tasks as `listId/taskId`, stored on this task; the other side reads them from the task index. */
  blocks: string[];
  blockedBy: string[];
  /** Calendar dates 'YYYY-MM-DD': a due date means that day wherever the assignee is. */
  startDate: string | null;
  dueDate: string | null;
  order: string;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  completedAt: number | null;
  deletedAt: number | null;
}

export interface WorkspaceMeta {
  id: string;
  name: string;
  createdAt: number;
}

export interface WorkspaceSettings {
  defaultWorkingHours: WorkingHours;
  /** ISO weekday the week starts on. */
  weekStart: number;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: 9 * 60, end: 17 * 60, days: [1, 2, 3, 4, 5] };

export const MEMBER_COLORS = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#dc2626', '#0891b2', '#4d7c0f'] as const;
