import type { PageKindView } from '../../shared/workspace';
import { TaskBoard } from './Board';
import { TaskCalendar } from './Calendar';
import { TaskList } from './TaskList';

/** A page that is a list of tasks, shown as a list, a board of its statuses, or a calendar of its dates. */
export const taskListPage: PageKindView = {
  kind: 'tasks',
  views: [
    { id: 'list', label: 'List', Body: TaskList },
    { id: 'board', label: 'Board', Body: TaskBoard },
    { id: 'calendar', label: 'Calendar', Body: TaskCalendar },
  ],
};
