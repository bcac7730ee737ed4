import type { PageKindView } from '../../shared/workspace';
import { TaskBoard } from './Board';
import { TaskList } from './TaskList';

/** A page that is a list of tasks, shown as a list or as a board of its statuses. */
export const taskListPage: PageKindView = {
  kind: 'tasks',
  views: [
    { id: 'list', label: 'List', Body: TaskList },
    { id: 'board', label: 'Board', Body: TaskBoard },
  ],
};
