import type { PageKindView } from '../../shared/workspace';
import { TaskList } from './TaskList';

/** A page that is a list of tasks. */
export const taskListPage: PageKindView = { kind: 'tasks', Body: TaskList };
