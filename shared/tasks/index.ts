export { linksOf, summarizeList, TaskIndex } from './taskIndex';
export type { IndexedTask } from './taskIndex';
export { arrivesAt, DUE_SOON_MS, dueOwnerOf, myWork } from './myWork';
export type { MyWork } from './myWork';
