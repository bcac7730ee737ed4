import { preloadable } from '../../shared/preloadable';
import type { PageKindView } from '../../shared/workspace';
import { TaskList } from './TaskList';

/**
 * A page that is a list of tasks, shown as a list, a board of its statuses, or a calendar of its
 * dates. The board (dnd-kit) and the calendar load on first use, or once the app is idle.
 */
export const taskListPage: PageKindView = {
  kind: 'tasks',
  views: [
    { id: 'list', label: 'List', Body: TaskList },
    { id: 'board', label: 'Board', Body: preloadable(() => import('./Board').then((module) => module.TaskBoard)) },
    { id: 'calendar', label: 'Calendar', Body: preloadable(() => import('./Calendar').then((module) => module.TaskCalendar)) },
  ],
};
