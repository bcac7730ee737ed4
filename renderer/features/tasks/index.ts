// Task lists: the page kind and its rows.
export { taskListPage } from './taskListPage';
