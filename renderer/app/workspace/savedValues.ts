/**
 * Values a device keeps per workspace beside its docs (the task index, the catch-up inbox): one
 * IndexedDB object store each, read and written off the main thread's critical path. Not
 * localStorage, which every page load reads whole before any script may use it.
 */
export interface SavedValues {
  /** The value kept for `key`, or null (none, or storage unavailable: the caller rebuilds it). */
  read(key: string): Promise<string | null>;
  /** Keeps `value`; a full or unavailable store is no error (the value is rebuilt next time). */
  write(key: string, value: string): Promise<void>;
}

export function savedValues(databaseName: string, storeName: string): SavedValues {
  let opened: Promise<IDBDatabase> | null = null;
  const database = () =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(databaseName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(storeName);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB would not open'));
    }));
  const run = async <T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await database();
    return new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(storeName, mode);
      const request = act(transaction.objectStore(storeName));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    });
  };
  return {
    async read(key) {
      try {
        const value = await run<unknown>('readonly', (store) => store.get(key));
        return typeof value === 'string' ? value : null;
      } catch {
        return null;
      }
    },
    async write(key, value) {
      try {
        await run('readwrite', (store) => store.put(value, key));
      } catch {
        // Full or unavailable: rebuilt from the docs next time.
      }
    },
  };
}
