import type * as Y from 'yjs';
import { getCheckInSchedule, getMember, getPage, keepSeenMarks, readSeenMarks, seenDocId } from '../../../shared/model';
import type { Inbox } from '../../../shared/inbox';
import type { DocHandle, WorkspaceSync } from '../../../shared/sync';
import { readAfterChanges } from './readAfterChanges';
import { savedValues } from './savedValues';

const store = savedValues('baton-inbox', 'inboxes');
const PERSIST_AFTER_MS = 1_000;
const READ_AFTER_MS = 500;
const CHECK_INS = /^checkins-(\d{4})(\d{2})$/;

/**
 * Keeps a person's catch-up inbox (shared/inbox/inbox.ts) in step with this device's docs: each
 * page or month of check-ins the sync engine loads is noted as it was before any exchange, and read
 * again each time it comes into step with the relay or changes while loaded (a moment later, so
 * typing is not read per key). The person's seen doc is kept open: marks made here are written to
 * it, marks made on their other devices come from it. The inbox is saved on the device after
 * changes and when the window goes away, and read back before anything is taken from the engine.
 */
export function keepInbox(sync: WorkspaceSync, workspaceId: string, inbox: Inbox, me: string): () => void {
  const key = `${workspaceId}/${me}`;
  let stopped = false;
  let seen: DocHandle | null = null;
  const waitingMarks: [string, Uint8Array][] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let persistTimer: ReturnType<typeof setTimeout> | null = null;

  const persist = () => {
    if (persistTimer) clearTimeout(persistTimer);
    persistTimer = null;
    if (inbox.isLoaded()) void store.write(key, inbox.serialize());
  };
  const schedulePersist = () => {
    persistTimer ??= setTimeout(persist, PERSIST_AFTER_MS);
  };

  const options = () => {
    const blocked = getCheckInSchedule(sync.index).questions.filter((question) => question.kind === 'blocked').map((question) => question.id);
    inbox.setOptions({ me, blockedQuestions: new Set(blocked) });
  };
  options();

  /** Pages and months of check-ins; the index, histories, notifications and seen docs are not news. */
  const isNews = (docId: string) => CHECK_INS.test(docId) || getPage(sync.index, docId) !== null;
  /** Made after I joined: if this device never held it, all of it is news. */
  const newToMe = (docId: string) => {
    const joinedAt = getMember(sync.index, me)?.joinedAt ?? 0;
    const month = CHECK_INS.exec(docId);
    if (month) return Date.UTC(Number(month[1]), Number(month[2]) - 1, 1) >= joinedAt;
    return (getPage(sync.index, docId)?.createdAt ?? 0) > joinedAt;
  };

  const watched = new WeakSet<Y.Doc>();
  const read = (docId: string, doc: Y.Doc) => {
    if (!stopped && isNews(docId)) inbox.read(docId, doc);
  };
  const watch = (docId: string, doc: Y.Doc) => {
    if (stopped || !isNews(docId)) return;
    inbox.loaded(docId, doc, newToMe(docId));
    if (watched.has(doc)) return;
    watched.add(doc);
    readAfterChanges(doc, READ_AFTER_MS, () => read(docId, doc), timers);
  };

  // Docs whose news must be read again (a mark moved elsewhere, or read before the save came in): one at a time.
  let rereading = false;
  const reread = async () => {
    if (rereading || !inbox.isLoaded()) return;
    rereading = true;
    try {
      for (let docId = inbox.docsToRead()[0]; docId && !stopped; docId = inbox.docsToRead()[0]) {
        const handle = await sync.openDoc(docId);
        try {
          inbox.read(docId, handle.doc);
        } finally {
          handle.release();
        }
      }
    } catch (error) {
      console.warn('Baton could not bring its catch-up inbox up to date; it tries again when a mark or a page changes', error);
    } finally {
      rereading = false;
    }
  };

  const onMarks = () => {
    if (!seen) return;
    inbox.setMarks(readSeenMarks(seen.doc));
    void reread();
  };
  const unsubscribe = [
    sync.docLoaded.subscribe(({ docId, doc }) => watch(docId, doc)),
    sync.docSynced.subscribe(({ docId, doc }) => read(docId, doc)),
    inbox.changes.subscribe(schedulePersist),
    inbox.marked.subscribe((marks) => {
      if (seen) keepSeenMarks(seen.doc, marks);
      else waitingMarks.push(...marks);
    }),
  ];
  sync.index.on('update', options);
  window.addEventListener('pagehide', persist);

  void store.read(key).then((saved) => {
    if (stopped) return;
    inbox.load(saved);
    void reread();
  });
  void sync.openDoc(seenDocId(me)).then((handle) => {
    if (stopped) return handle.release();
    seen = handle;
    if (waitingMarks.length > 0) keepSeenMarks(handle.doc, waitingMarks.splice(0));
    handle.doc.getMap('marks').observe(onMarks);
    onMarks();
  });

  return () => {
    stopped = true;
    unsubscribe.forEach((off) => off());
    sync.index.off('update', options);
    window.removeEventListener('pagehide', persist);
    timers.forEach((timer) => clearTimeout(timer));
    seen?.doc.getMap('marks').unobserve(onMarks);
    seen?.release();
    persist();
  };
}
