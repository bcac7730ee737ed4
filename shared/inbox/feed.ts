import * as Y from 'yjs';
import type { Baseline } from './baseline';
import { charactersBefore, contentOf } from './walk';
import { getPage } from '../model/pages';
import { getMember } from '../model/workspace';
import type { WorkspaceSync } from '../sync/workspaceSync';
import { heldBaseline, type Inbox } from './inbox';

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
  // Docs loaded before the index said what they are (a page whose record had not arrived yet): what
  // the device held then, for when they turn out to be news.
  const heldBefore = new Map<string, Baseline | null>();
  const read = (docId: string, doc: Y.Doc) => {
    if (stopped || !scope.isNews(docId)) return;
    if (heldBefore.has(docId)) {
      inbox.loadedAs(docId, heldBefore.get(docId)!, scope.newToMe(docId));
      heldBefore.delete(docId);
    } else if (!inbox.startOf(docId) && scope.newToMe(docId)) {
      // Synced with no note of how it was loaded (loaded before this feed began): made since I joined,
      // so all of it is news rather than none.
      inbox.loadedAs(docId, null, true);
    }
    // Loaded before this feed began or before it was news: what comes live from now on is read too.
    if (!watched.has(doc)) watch(docId, doc);
    inbox.read(docId, doc);
  };
  const watch = (docId: string, doc: Y.Doc) => {
    if (stopped) return;
    if (!scope.isNews(docId)) {
      if (!heldBefore.has(docId)) heldBefore.set(docId, heldBaseline(doc));
      return;
    }
    inbox.loaded(docId, doc, scope.newToMe(docId));
    if (watched.has(doc)) return;
    watched.add(doc);
    // My own changes are never news: typing on a long page reads nothing.
    readAfterChanges(doc, READ_AFTER_MS, () => read(docId, doc), timers, { othersOnly: true });
    const onTransaction = (transaction: Y.Transaction) => {
      if (!transaction.local || stopped) return;
      const start = inbox.startOf(docId);
      const removed = start ? oldTextRemoved(doc, transaction, start) : 0;
      if (removed > 0) inbox.removedByMe(docId, removed);
    };
    doc.on('afterTransaction', onTransaction);
    doc.once('destroy', () => doc.off('afterTransaction', onTransaction));
  };
  const unsubscribe = [sync.docLoaded.subscribe(({ docId, doc }) => watch(docId, doc)), sync.docSynced.subscribe(({ docId, doc }) => read(docId, doc))];
  return () => {
    stopped = true;
    unsubscribe.forEach((off) => off());
    timers.forEach((timer) => clearTimeout(timer));
  };
}

/** Characters of the page's text from before `start` that a transaction of mine removed (read before Yjs drops deleted text). */
function oldTextRemoved(doc: Y.Doc, transaction: Y.Transaction, start: Baseline): number {
  const content = contentOf(doc);
  if (!content) return 0;
  let removed = 0;
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) return;
    // Part of a run may be older than the start and part newer (walk.ts eachRunSince).
    const old = charactersBefore(start, struct, struct.content.str.length);
    if (old === 0) return;
    let type = struct.parent as Y.AbstractType<unknown> | null;
    while (type?._item) type = type._item.parent as Y.AbstractType<unknown> | null;
    if (type === content) removed += old;
  });
  return removed;
}

/**
 * Calls `read` a moment after `doc` changes (`othersOnly`: changes that came from elsewhere), once
 * per burst, until the doc is destroyed. Pending
 * timers are kept in `timers`, for the caller to clear when it stops.
 */
export function readAfterChanges(doc: Y.Doc, delayMs: number, read: () => void, timers: Set<ReturnType<typeof setTimeout>>, options: { othersOnly?: boolean } = {}): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onUpdate = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    if (timer || (options.othersOnly && transaction.local)) return;
    timer = setTimeout(() => {
      timers.delete(timer!);
      timer = null;
      read();
    }, delayMs);
    timers.add(timer);
  };
  doc.on('update', onUpdate);
  // A read still waiting when this copy goes (a background doc unloaded) happens now, while it holds
  // what it held: later it would read an old copy after a newer one had been read.
  doc.once('destroy', () => {
    doc.off('update', onUpdate);
    if (!timer) return;
    clearTimeout(timer);
    timers.delete(timer);
    timer = null;
    read();
  });
}
