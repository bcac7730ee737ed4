export { linksOf, summarizeList, TaskIndex, tasksLinkingTo } from './taskIndex';
export type { IndexedTask } from './taskIndex';
export { arrivesAt, DUE_SOON_MS, dueOwnerOf, myWork } from './myWork';
export type { MyWork } from './myWork';
export { arrangeTasks, DEFAULT_ARRANGEMENT, DUE_GROUPS, LIST_GROUPS, LIST_SORTS, readArrangement, STATUS_FILTERS } from './listView';
export type { ListArrangement, ListGroup, ListSort, StatusFilter, TaskGroup } from './listView';
