// My work's second entry, for the page's first script (renderer/main.ts): what draws My work from
// its saved copy before React has loaded. No React and nothing heavy here, nor in what it imports.
export { drawMyWorkCopy } from './drawCopy';
export { MY_WORK_VIEW } from './myWorkModel';
export { readCopy } from './savedCopy';
export type { MyWorkCopy } from './savedCopy';
