export { linksOf, summarizeList, TaskIndex } from './taskIndex';
export type { IndexedTask } from './taskIndex';
export { DUE_SOON_MS, dueOwnerOf, myWork } from './myWork';
export type { MyWork } from './myWork';
