export { newId } from './ids';
export { compareOrdered, isValidOrderKey, keyBetween, keyForIndex, keysBetween } from './order';
export type { Ordered } from './order';
export { Origin } from './origins';
export type { OriginName } from './origins';
export { ModelError } from './errors';
export type { ModelErrorReason } from './errors';
export {
  DEFAULT_WORKING_HOURS,
  IndexKey,
  MEMBER_COLORS,
  PageKey,
  SCHEMA_VERSION,
  TASK_STATUSES,
} from './schema';
export type { Label, Member, Page, PageKind, Task, TaskStatus, WorkingHours, WorkspaceMeta, WorkspaceSettings } from './schema';
export {
  createLabel,
  getMember,
  getMeta,
  getSettings,
  indexMaps,
  initWorkspace,
  isWorkingHours,
  listLabels,
  listMembers,
  renameWorkspace,
  upsertMember,
  write,
} from './workspace';
export type { NewWorkspace } from './workspace';
export { createPage, deletePage, flattenTree, getPage, listPages, movePage, pageTree, renamePage, restorePage, touchPage } from './pages';
export type { NewPage, PageNode } from './pages';
export { addTask, deleteTask, getTask, listTasks, moveTask, restoreTask, setTaskDone, taskDescription, taskMap, updateTask } from './tasks';
export type { NewTask, TaskPatch } from './tasks';
export { appendParagraph, fragmentText, pageContent, typeText } from './content';
export { escapeMarkdown, fragmentMarkdown, pageMarkdown, taskNames, tasksMarkdown, workspaceMarkdown } from './markdown';
export type { MarkdownOptions, TaskNames } from './markdown';
