import { lazy } from 'react';
import type { PageKindView } from '../../shared/workspace';
import { TaskList } from './TaskList';

/**
 * A page that is a list of tasks, shown as a list, a board of its statuses, or a calendar of its
 * dates. The board (dnd-kit) and the calendar load the first time they are shown.
 */
export const taskListPage: PageKindView = {
  kind: 'tasks',
  views: [
    { id: 'list', label: 'List', Body: TaskList },
    { id: 'board', label: 'Board', Body: lazy(() => import('./Board').then((module) => ({ default: module.TaskBoard }))) },
    { id: 'calendar', label: 'Calendar', Body: lazy(() => import('./Calendar').then((module) => ({ default: module.TaskCalendar }))) },
  ],
};
