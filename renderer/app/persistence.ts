import { IndexeddbPersistence, PREFERRED_TRIM_SIZE, storeState } from 'y-indexeddb';
import * as Y from 'yjs';
import type { PersistedDoc, Persistence } from '../../shared/sync';
import { openJournal } from './journal';

/**
 * Writes one update as y-indexeddb would, but commits its transaction at once.
 * Left to auto-commit, the transaction only commits after the add's result has
 * come back to the page, a round trip later: a browser killed in that window
 * loses the keystroke. Relaxed durability: on disk once the OS has it, which a
 * killed browser does not undo.
 */
function storeUpdateNow(store: IndexeddbPersistence, db: IDBDatabase, update: Uint8Array): IDBTransaction {
  const transaction = db.transaction('updates', 'readwrite', { durability: 'relaxed' });
  transaction.objectStore('updates').add(update);
  transaction.commit();
  // y-indexeddb's own compaction, unchanged: merge the log into one entry once it grows long.
  if (++store._dbsize >= PREFERRED_TRIM_SIZE) {
    if (store._storeTimeoutId !== null) clearTimeout(store._storeTimeoutId);
    store._storeTimeoutId = setTimeout(() => {
      void storeState(store, false);
      store._storeTimeoutId = null;
    }, store._storeTimeout);
  }
  return transaction;
}

/**
 * Loading what the device stored is not a change, but Yjs encodes every transaction as an 'update'
 * for whoever listens, and each listener here ignores one from the store: at 1,000 pages that
 * re-encoding was ~40% of opening the workspace's index. While y-indexeddb applies what it read as
 * the doc opens (one transaction, before anyone outside the sync engine holds the doc), nobody
 * listens; the listeners are back (and any added meanwhile kept) before the next task. Later reads
 * (y-indexeddb merging its log) may bring another tab's writes, and are heard as before.
 */
function quietWhileStoreApplies(doc: Y.Doc, store: IndexeddbPersistence): void {
  const onTransaction = (transaction: Y.Transaction) => {
    if (transaction.origin !== store) return;
    doc.off('beforeTransaction', onTransaction);
    const listeners = doc._observers.get('update');
    if (!listeners) return;
    doc._observers.delete('update');
    queueMicrotask(() => {
      const added = doc._observers.get('update');
      if (added) for (const listener of added) listeners.add(listener);
      doc._observers.set('update', listeners);
    });
  };
  doc.on('beforeTransaction', onTransaction);
}

/** Applies journaled updates; one that cannot be read must not keep the doc from opening. */
function replay(doc: Y.Doc, updates: Uint8Array[], origin: object): void {
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(updates), origin);
  } catch {
    for (const update of updates) {
      try {
        Y.applyUpdate(doc, update, origin);
      } catch (error) {
        console.warn('Baton skipped a damaged journal entry', error);
      }
    }
  }
}

/**
 * Every doc lives in its own IndexedDB database, named after workspace and doc.
 *
 * Each change is written to the doc's journal (journal.ts: a file written by a
 * worker, or localStorage where there is no such file system) before the task
 * that made it ends, and handed to IndexedDB in the same task. The journal
 * entry is dropped once that transaction completes; whatever is left on the
 * next start is replayed.
 */
export const indexedDbPersistence: Persistence = {
  open(name: string, doc: Y.Doc): PersistedDoc {
    const store = new IndexeddbPersistence(name, doc);
    // Updates go through storeUpdateNow instead of y-indexeddb's own listener.
    doc.off('update', store._storeUpdate);
    const log = openJournal(name);
    const replayOrigin = { replay: name };
    const beforeOpen: number[] = [];
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === store) return;
      const id = log.append(update);
      const db = store.db;
      if (!db) {
        // y-indexeddb stores the whole doc as it opens the database.
        if (id !== null) beforeOpen.push(id);
        return;
      }
      const transaction = storeUpdateNow(store, db, update);
      if (id !== null) transaction.oncomplete = () => log.confirm(id);
    };
    doc.on('update', onUpdate);
    quietWhileStoreApplies(doc, store);
    const whenLoaded = store.whenSynced.then(async () => {
      // A transaction opened now completes after the one that stored the doc on opening.
      const settled = store.db?.transaction('updates', 'readonly');
      const early = beforeOpen.splice(0);
      if (settled) settled.oncomplete = () => early.forEach((id) => log.confirm(id));
      const leftovers = await log.takeAll();
      if (leftovers.updates.length > 0) replay(doc, leftovers.updates, replayOrigin);
      leftovers.done();
    });
    return {
      whenLoaded,
      getMeta: (key) => store.get(key) as Promise<unknown>,
      setMeta: async (key, value) => {
        await store.set(key, value as string);
      },
      close: async () => {
        doc.off('update', onUpdate);
        log.close();
        await store.destroy();
      },
    };
  },
};
