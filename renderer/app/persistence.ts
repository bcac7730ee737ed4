import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { PersistedDoc, Persistence } from '../../shared/sync';

/** Every doc lives in its own IndexedDB database, named after workspace and doc. */
export const indexedDbPersistence: Persistence = {
  open(name: string, doc: Y.Doc): PersistedDoc {
    const store = new IndexeddbPersistence(name, doc);
    return {
      whenLoaded: store.whenSynced.then(() => undefined),
      getMeta: (key) => store.get(key) as Promise<unknown>,
      setMeta: async (key, value) => {
        await store.set(key, value as string);
      },
      close: () => store.destroy(),
    };
  },
};
