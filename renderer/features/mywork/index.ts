// My work: what is yours across every task list, read from the device's task index.
export { MY_WORK_VIEW, MyWork, useMyWork } from './MyWork';
