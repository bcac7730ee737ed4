/**
 * Where the device keeps each workspace's task index: IndexedDB, read and written off the main
 * thread's critical path. (It was localStorage, which every page load reads whole before any script
 * may use it: at 10,000 tasks that was 5.7 MB and ~140 ms of every start.)
 */
const DATABASE = 'baton-task-index';
const STORE = 'indexes';

let opened: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB would not open'));
  });
  return opened;
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  return new Promise<T>((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = act(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
  });
}

let early: { workspaceId: string; read: Promise<string | null> } | null = null;

/**
 * Starts reading the saved index while the workspace's docs load, so it is there when the
 * workspace is (the next readSavedIndex for the same workspace takes it). At 10,000 tasks the
 * read is ~3 MB, done by the browser off the main thread meanwhile.
 */
export function readSavedIndexEarly(workspaceId: string): void {
  early = { workspaceId, read: readFromStore(workspaceId) };
}

/** The index this device last wrote for `workspaceId`, or null (none, or storage unavailable: it is rebuilt). */
export function readSavedIndex(workspaceId: string): Promise<string | null> {
  const started = early?.workspaceId === workspaceId ? early.read : null;
  early = null;
  return started ?? readFromStore(workspaceId);
}

async function readFromStore(workspaceId: string): Promise<string | null> {
  try {
    const value = await run<unknown>('readonly', (store) => store.get(workspaceId));
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

export async function writeSavedIndex(workspaceId: string, serialized: string): Promise<void> {
  try {
    await run('readwrite', (store) => store.put(serialized, workspaceId));
  } catch {
    // Full or unavailable: the index is rebuilt from the docs next time.
  }
}
