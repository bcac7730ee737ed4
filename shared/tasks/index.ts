export { linksOf, summarizeList, TaskIndex, taskIdOf, tasksLinkingTo } from './taskIndex';
export type { IndexedTask } from './taskIndex';
export { arrivesAt, DUE_SOON_MS, dueOwnerOf, myWork } from './myWork';
export type { MyWork } from './myWork';
export { arrangeTasks, DEFAULT_ARRANGEMENT, DUE_GROUPS, LIST_GROUPS, LIST_SORTS, readArrangement } from './listView';
export type { ArrangeContext, ListArrangement, ListGroup, ListSort, StatusFilter, TaskGroup } from './listView';
export { deleteSavedFilter, listSavedFilters, MAX_FILTER_NAME, savedFilterOf, saveFilter } from './savedFilters';
export type { SavedFilter } from './savedFilters';
