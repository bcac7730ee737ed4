// Task lists: the page kind and its rows; and, on any page, the tasks that link to it.
export { taskListPage } from './taskListPage';
export { TasksLinkingHere } from './TasksLinkingHere';
// For views that span lists (My work): a calendar of tasks, and any list's task in its dialog.
export { CalendarGrid } from './CalendarGrid';
export { ListTaskDialog } from './ListTaskDialog';
export { useWorkflow } from './workflow';
export { useTaskNames } from './useTaskNames';
