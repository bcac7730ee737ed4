// My work: what is yours across every task list, read from the device's task index.
// (firstPaint.ts is its entry for the page's first script, before React has loaded.)
export { MY_WORK_VIEW, MyWork, useMyWork } from './MyWork';
export { MyWorkFromCopy } from './MyWorkFromCopy';
