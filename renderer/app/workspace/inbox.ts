import { getCheckInSchedule, keepSeenMarks, readSeenMarks, seenDocId } from '../../../shared/model';
import { feedInbox, workspaceScope, type Inbox } from '../../../shared/inbox';
import type { DocHandle, WorkspaceSync } from '../../../shared/sync';
import { savedValues } from './savedValues';

const store = savedValues('baton-inbox', 'inboxes');
/**
 * What the inbox noted should be on the device about as soon as the docs are: the first change after
 * a quiet spell is saved at once, a burst at most this often. (A save started as the page goes away
 * may never finish, so the last news must not wait for it.)
 */
const PERSIST_EVERY_MS = 250;

/**
 * Keeps a person's catch-up inbox (shared/inbox/inbox.ts) in step with this device's docs (fed by
 * shared/inbox/feed.ts: pages and months of check-ins, as loaded and as synced). The person's seen
 * doc is kept open: marks made here are written to it, marks made on their other devices come from it. The inbox is saved on the device after
 * changes and when the window goes away, and read back before anything is taken from the engine.
 */
export function keepInbox(sync: WorkspaceSync, workspaceId: string, inbox: Inbox, me: string): () => void {
  const key = `${workspaceId}/${me}`;
  // An IndexedDB write started as the page goes away (a reload, a closed window) may never finish;
  // localStorage is written at once. The copy left there is the newest, taken back on the next start.
  const leftKey = `baton-inbox-left:${key}`;
  let stopped = false;
  let seen: DocHandle | null = null;
  const waitingMarks: [string, Uint8Array][] = [];
  let persistTimer: ReturnType<typeof setTimeout> | null = null;

  let persistedAt = -Infinity;
  const persist = () => {
    if (persistTimer) clearTimeout(persistTimer);
    persistTimer = null;
    if (!inbox.isLoaded()) return;
    persistedAt = performance.now();
    void store.write(key, inbox.serialize());
  };
  const schedulePersist = () => {
    persistTimer ??= setTimeout(persist, Math.max(0, persistedAt + PERSIST_EVERY_MS - performance.now()));
  };

  inbox.expectMarks();
  const options = () => {
    const blocked = getCheckInSchedule(sync.index).questions.filter((question) => question.kind === 'blocked').map((question) => question.id);
    inbox.setOptions({ me, blockedQuestions: new Set(blocked) });
  };
  options();

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
    feedInbox(sync, inbox, workspaceScope(sync.index, me)),
    inbox.changes.subscribe(schedulePersist),
    inbox.marked.subscribe((marks) => {
      if (seen) keepSeenMarks(seen.doc, marks);
      else waitingMarks.push(...marks);
    }),
  ];
  const leave = () => {
    persist();
    if (!inbox.isLoaded()) return;
    try {
      localStorage.setItem(leftKey, inbox.serialize());
    } catch {
      // Full: the IndexedDB write above is all there is.
    }
  };
  sync.index.on('update', options);
  window.addEventListener('pagehide', leave);

  void store.read(key).then((stored) => {
    if (stopped) return;
    const left = localStorage.getItem(leftKey);
    inbox.load(left ?? stored);
    if (left !== null) {
      persist();
      localStorage.removeItem(leftKey);
    }
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
    window.removeEventListener('pagehide', leave);
    seen?.doc.getMap('marks').unobserve(onMarks);
    seen?.release();
    persist();
  };
}
