import type * as Y from 'yjs';
import { getPage } from '../model/pages';
import { getMember } from '../model/workspace';
import type { WorkspaceSync } from '../sync/workspaceSync';
import type { Inbox } from './inbox';

export interface InboxScope {
  /** Whether a doc's changes are news (pages and check-ins are; the index, histories and notifications are not). */
  isNews(docId: string): boolean;
  /** Made after the person joined: if the device never held it, all of it is news. */
  newToMe(docId: string): boolean;
}

const CHECK_INS = /^checkins-(\d{4})(\d{2})$/;

/** What is news in a workspace: its pages and its months of check-ins; a doc made after `me` joined is news whole. */
export function workspaceScope(index: Y.Doc, me: string): InboxScope {
  return {
    isNews: (docId) => CHECK_INS.test(docId) || getPage(index, docId) !== null,
    newToMe: (docId) => {
      const joinedAt = getMember(index, me)?.joinedAt ?? 0;
      const month = CHECK_INS.exec(docId);
      if (month) return Date.UTC(Number(month[1]), Number(month[2]) - 1, 1) >= joinedAt;
      return (getPage(index, docId)?.createdAt ?? 0) > joinedAt;
    },
  };
}

/** A changed doc that stays loaded is read again this long after a burst of changes (typing is not read per key). */
export const READ_AFTER_MS = 500;

/**
 * Feeds an inbox from the sync engine: each doc as loaded from the device (before any exchange),
 * again each time it comes into step with the relay, and a moment after it changes while loaded.
 * Reading happens as docs sync, a few at a time, so the inbox is ready as soon as the sync is.
 * Returns what stops it.
 */
export function feedInbox(sync: WorkspaceSync, inbox: Inbox, scope: InboxScope): () => void {
  let stopped = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const watched = new WeakSet<Y.Doc>();
  const read = (docId: string, doc: Y.Doc) => {
    if (!stopped && scope.isNews(docId)) inbox.read(docId, doc);
  };
  const watch = (docId: string, doc: Y.Doc) => {
    if (stopped || !scope.isNews(docId)) return;
    inbox.loaded(docId, doc, scope.newToMe(docId));
    if (watched.has(doc)) return;
    watched.add(doc);
    readAfterChanges(doc, READ_AFTER_MS, () => read(docId, doc), timers);
  };
  const unsubscribe = [sync.docLoaded.subscribe(({ docId, doc }) => watch(docId, doc)), sync.docSynced.subscribe(({ docId, doc }) => read(docId, doc))];
  return () => {
    stopped = true;
    unsubscribe.forEach((off) => off());
    timers.forEach((timer) => clearTimeout(timer));
  };
}

/**
 * Calls `read` a moment after `doc` changes, once per burst, until the doc is destroyed. Pending
 * timers are kept in `timers`, for the caller to clear when it stops.
 */
export function readAfterChanges(doc: Y.Doc, delayMs: number, read: () => void, timers: Set<ReturnType<typeof setTimeout>>): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onUpdate = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timers.delete(timer!);
      timer = null;
      read();
    }, delayMs);
    timers.add(timer);
  };
  doc.on('update', onUpdate);
  doc.once('destroy', () => doc.off('update', onUpdate));
}
