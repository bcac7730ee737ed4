import type * as Y from 'yjs';
import { forwardLateEdits, getPage, IndexKey, listPages, settleMovedTasks } from '../../../shared/model';
import type { WorkspaceSync } from '../../../shared/sync';
import { summarizeList, type TaskIndex } from '../../../shared/tasks';
import { Mark, markOnce } from '../../shared/marks';
import { readAfterChanges } from '../../../shared/inbox';
import { readSavedIndex, writeSavedIndex } from './taskIndexStore';

const PERSIST_AFTER_MS = 500;
const READ_AFTER_MS = 200;

/** Where earlier versions kept the index, removed on start so localStorage stays small. */
function oldIndexKey(workspaceId: string): string {
  return `baton:task-index:${workspaceId}`;
}

/**
 * Keeps the workspace's task index (shared/tasks/taskIndex.ts) in step with this device's docs:
 * every task list the sync engine loads or brings into step is read, every change of a loaded
 * list is read (a moment later, so typing a title is not read per key), lists the index lacks or
 * whose doc changed on this device since (its version, WorkspaceSync.docVersion) are opened one at
 * a time and read (once the saved index is in), and
 * the index is written to IndexedDB after changes and when the window goes away.
 */
export function keepTaskIndex(sync: WorkspaceSync, workspaceId: string, index: TaskIndex): () => void {
  const watched = new WeakSet<Y.Doc>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;
  let persistTimer: ReturnType<typeof setTimeout> | null = null;

  const persist = () => {
    if (persistTimer) clearTimeout(persistTimer);
    persistTimer = null;
    // Not before the saved index is in: an index of only the lists read so far would replace it.
    if (index.isLoaded()) void writeSavedIndex(workspaceId, index.serialize());
  };
  const schedulePersist = () => {
    if (!persistTimer) persistTimer = setTimeout(persist, PERSIST_AFTER_MS);
  };
  // Reading the saved index back is no change to write again (at 10,000 tasks, ~150 ms of
  // serializing just after start); lists read from their docs before it came in are.
  let loading = false;
  let changedBeforeLoad = false;
  const onIndexChanged = () => {
    if (!index.isLoaded()) changedBeforeLoad = true;
    if (!loading) schedulePersist();
  };

  // Tasks moved between lists are mended where they are read (shared/model/taskMoves.ts): copies
  // that lost a race of moves are hidden, edits made where a task used to be follow it.
  const forwarding = new Set<string>();
  const settle = (listId: string, doc: Y.Doc) => {
    if (sync.state.readOnly) return;
    for (const { taskId, home } of settleMovedTasks(sync.index, { id: listId, doc })) {
      const key = `${listId}/${taskId}`;
      if (forwarding.has(key)) continue;
      forwarding.add(key);
      void sync
        .openDoc(home)
        .then((handle) => {
          try {
            forwardLateEdits({ id: listId, doc }, { id: home, doc: handle.doc }, taskId);
          } finally {
            handle.release();
          }
        })
        .catch((error: unknown) => console.warn('Baton could not carry an edit to the list a task moved to; it tries again when the list changes', error))
        .finally(() => forwarding.delete(key));
    }
  };

  const loaded = new Map<string, Y.Doc>();
  const read = (docId: string, doc: Y.Doc) => {
    if (stopped) return;
    const page = getPage(sync.index, docId);
    if (!page || page.kind !== 'tasks' || page.deletedAt !== null) return;
    settle(docId, doc);
    index.put(docId, sync.docVersion(docId), summarizeList(docId, doc));
  };
  const watch = (docId: string, doc: Y.Doc) => {
    read(docId, doc);
    if (watched.has(doc)) return;
    watched.add(doc);
    loaded.set(docId, doc);
    doc.once('destroy', () => loaded.get(docId) === doc && loaded.delete(docId));
    readAfterChanges(doc, READ_AFTER_MS, () => read(docId, doc), timers);
  };

  // Lists the index lacks, or that changed since it read them: opened one at a time.
  let rebuilding = false;
  let again = false;
  const rebuild = async () => {
    if (rebuilding) {
      again = true;
      return;
    }
    rebuilding = true;
    try {
      do {
        again = false;
        for (const listId of index.staleLists(listPages(sync.index), (page) => sync.docVersion(page.id))) {
          if (stopped) return;
          const handle = await sync.openDoc(listId);
          try {
            read(listId, handle.doc);
          } finally {
            handle.release();
          }
        }
      } while (again && !stopped);
    } catch (error) {
      console.warn('Baton could not bring its task index up to date; it tries again when the workspace changes', error);
    } finally {
      rebuilding = false;
    }
  };
  let rebuildTimer: ReturnType<typeof setTimeout> | null = null;
  const onIndexChange = () => {
    if (rebuildTimer) clearTimeout(rebuildTimer);
    rebuildTimer = setTimeout(() => void rebuild(), 1_000);
  };

  const unsubscribe = [
    sync.docLoaded.subscribe(({ docId, doc }) => watch(docId, doc)),
    sync.docSynced.subscribe(({ docId, doc }) => read(docId, doc)),
    index.subscribe(onIndexChanged),
  ];
  sync.index.on('update', onIndexChange);
  // A move decided elsewhere can make a copy in an open list a stray without that list changing.
  const moves = sync.index.getMap(IndexKey.taskMoves);
  const onMoves = () => loaded.forEach((doc, docId) => read(docId, doc));
  moves.observe(onMoves);
  window.addEventListener('pagehide', persist);
  const saved = readSavedIndex(workspaceId).then((value) => {
    if (stopped) return;
    loading = true;
    index.load(value);
    loading = false;
    markOnce(Mark.taskIndexRead, 'now');
    if (changedBeforeLoad) schedulePersist();
  });
  void Promise.all([sync.ready, saved]).then(() => rebuild());
  try {
    localStorage.removeItem(oldIndexKey(workspaceId));
  } catch {
    // Nothing to free.
  }

  return () => {
    stopped = true;
    unsubscribe.forEach((off) => off());
    sync.index.off('update', onIndexChange);
    moves.unobserve(onMoves);
    window.removeEventListener('pagehide', persist);
    if (rebuildTimer) clearTimeout(rebuildTimer);
    timers.forEach((timer) => clearTimeout(timer));
    persist();
  };
}
