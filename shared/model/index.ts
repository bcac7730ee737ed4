export { newId } from './ids';
export { authorsOf, noteAuthor } from './authors';
export { keepSeenMarks, readSeenMarks, seenDocId } from './seen';
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
  TASK_PRIORITIES,
  TASK_STATUSES,
} from './schema';
export type { BuiltInStatus, Label, Member, Page, PageKind, Task, TaskPriority, TaskStatus, TimeOff, WorkingHours, WorkspaceMeta, WorkspaceSettings } from './schema';
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
export { addTask, deleteTask, deleteTasks, getTask, linkTask, listTasks, moveTask, placeTask, restoreTask, restoreTasks, setTaskDone, taskDescription, taskMap, taskRef, tasksByStatus, unlinkTask, updateTask, updateTasks } from './tasks';
export type { NewTask, TaskLink, TaskPatch } from './tasks';
export { addStatus, BUILT_IN_STATUS_NAMES, BUILT_IN_WORKFLOW, isBuiltInStatus, isStatusId, listWorkflow, MAX_STATUSES, moveStatus, removeStatus, renameStatus, restoreStatus, shownStatus, statusName } from './workflow';
export type { WorkflowStatus } from './workflow';
export { forwardLateEdits, moveTaskToList, settleMovedTasks, taskHome } from './taskMoves';
export type { LateEdit, ListDoc } from './taskMoves';
export {
  commentMap,
  createThread,
  deleteMessage,
  editMessage,
  getThread,
  listThreads,
  replyToThread,
  resolveAnchor,
  setThreadResolved,
  toggleReaction,
} from './comments';
export type { CommentMessage, CommentThread, NewMessage, NewThread } from './comments';
export { anchorFromRange } from './comments-anchor';
export type { AnchorState } from './comments-anchor';
export { MAX_COMMENT_TEXT, MAX_EMOJI_LENGTH, mentionedMembers, partsText } from './comments-parts';
export type { CommentPart } from './comments-parts';
export { appendParagraph, fragmentText, pageContent, typeText } from './content';
export { escapeMarkdown, fragmentMarkdown, pageMarkdown, taskNames, tasksMarkdown, workspaceMarkdown } from './markdown';
export type { MarkdownOptions, TaskNames } from './markdown';
export { acknowledgeHandoff, handBack, handOff, listHandoffs, MAX_NOTE_CHARS, waitingHandoff } from './handoffs';
export type { Handoff, HandoffNote, HandoffState, NewHandoff } from './handoffs';
export { addChecklistItem, listChecklist, MAX_ITEM_CHARS, removeChecklistItem, updateChecklistItem } from './checklist';
export type { ChecklistItem } from './checklist';
export { addTaskComment, deleteTaskComment, editTaskComment, listTaskComments, reactToTaskComment, taskCommentCounts, taskCommentMap } from './taskComments';
export { linkedPages, linkPage, pageLinksByTask, taskPageMap, unlinkPage } from './taskPages';
export { addNotification, deliveredAt, deliveredNotifications, listNotifications, markSeen, NOTIFICATION_KINDS, notificationDocId, recentNotificationDocIds, seenIds } from './notifications';
export type { NotificationInput, NotificationKind, NotificationRecord } from './notifications';
export { answerCheckIn, blockedText, checkInDocId, checkInsByDay, checkInTimeToday, DEFAULT_CHECK_INS, getCheckInSchedule, isCheckInDue, listCheckIns, setCheckInSchedule } from './checkIns';
export type { CheckIn, CheckInKind, CheckInQuestion, CheckInSchedule } from './checkIns';
export { blockText } from './mergeBlocks';
export type { BlockJson, TextRun } from './mergeBlocks';
export { listMerges, MAX_MERGES, mergedBlock, mergedState, mergeMap, openMerges, reopenMerge, resolveMerge, TASK_MERGE_FIELDS, taskMerges } from './merges';
export type { FieldValue, MergeChoice, MergedState, MergeKind, MergeRecord, MergeResolution, MergeSide, TaskMergeField } from './merges';
