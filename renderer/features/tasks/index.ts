// Task lists: the page kind and its rows; and, on any page, the tasks that link to it.
export { taskListPage } from './taskListPage';
export { TasksLinkingHere } from './TasksLinkingHere';
