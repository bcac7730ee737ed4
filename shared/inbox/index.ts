// The catch-up inbox: what others did since a person last looked, worked out on the device from the docs it holds.
export { baselineOf, decodeBaseline, encodeBaseline, EMPTY_BASELINE, isAfter } from './baseline';
export type { Baseline } from './baseline';
export { changedBlocks } from './changes';
export type { ChangedBlock } from './changes';
export { feedInbox, readAfterChanges, workspaceScope } from './feed';
export type { InboxScope } from './feed';
export { Inbox } from './inbox';
export { MAX_ITEMS, newsOf } from './news';
export type { By, DocNews, NewsOptions, TaskNews } from './news';
