import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import type { PersistedDoc, Persistence } from '../../shared/sync';
import { WriteAheadLog } from './writeAheadLog';

/**
 * Every doc lives in its own IndexedDB database, named after workspace and doc.
 *
 * IndexedDB writes are asynchronous, and a transaction still in flight when
 * the window closes or reloads can be aborted. So each change is also put in
 * a small synchronous write-ahead log (localStorage) until IndexedDB has
 * committed it; whatever is left there on the next start is replayed.
 */
export const indexedDbPersistence: Persistence = {
  open(name: string, doc: Y.Doc): PersistedDoc {
    const store = new IndexeddbPersistence(name, doc);
    const log = new WriteAheadLog(name);
    const replayOrigin = { replay: name };
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === store) return;
      const id = log.append(update);
      // A transaction opened after y-indexeddb's write on the same store completes after it.
      const db = store.db;
      if (id === null || !db) return;
      const check = db.transaction('updates', 'readonly');
      check.oncomplete = () => log.remove(id);
    };
    doc.on('update', onUpdate);
    const whenLoaded = store.whenSynced.then(() => {
      const leftovers = log.takeAll();
      if (leftovers.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(leftovers), replayOrigin);
    });
    return {
      whenLoaded,
      getMeta: (key) => store.get(key) as Promise<unknown>,
      setMeta: async (key, value) => {
        await store.set(key, value as string);
      },
      close: async () => {
        doc.off('update', onUpdate);
        await store.destroy();
      },
    };
  },
};
