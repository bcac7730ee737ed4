import { emptyDevice, readLocalDevice, writeLocalDevice, type StoredDevice } from './device';

/**
 * The device record (profile, workspaces) in IndexedDB as well as localStorage.
 *
 * The browser keeps localStorage in memory and writes it to disk seconds
 * later, so a browser killed just after "Create workspace" came back to the
 * welcome screen. An IndexedDB transaction is on disk when it completes, and
 * the app moves on only then. localStorage stays as the copy a reload reads if
 * the window closed while the transaction was still open; the higher revision
 * wins.
 */
const DATABASE = 'baton-device';
const STORE = 'device';
const KEY = 'current';

let database: Promise<IDBDatabase | null> | null = null;

function openDatabase(): Promise<IDBDatabase | null> {
  database ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      // Without IndexedDB (a locked-down profile) localStorage alone keeps the record.
      request.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return database;
}

function readStored(db: IDBDatabase): Promise<StoredDevice | null> {
  return new Promise((resolve) => {
    const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY);
    request.onsuccess = () => {
      const value = request.result as StoredDevice | undefined;
      resolve(value && Array.isArray(value.state?.workspaces) ? value : null);
    };
    request.onerror = () => resolve(null);
  });
}

/** The newest saved device record, or an empty one on a first start. */
export async function loadDevice(): Promise<StoredDevice> {
  const local = readLocalDevice();
  const db = await openDatabase();
  const stored = db ? await readStored(db) : null;
  if (stored && (!local || stored.revision >= local.revision)) return stored;
  return local ?? { revision: 0, state: emptyDevice() };
}

/** Resolves once the record is on disk (or, without IndexedDB, in localStorage). */
export async function saveDevice(stored: StoredDevice): Promise<void> {
  writeLocalDevice(stored);
  const db = await openDatabase();
  if (!db) return;
  await new Promise<void>((resolve, reject) => {
    // Strict: flushed to the disk itself, since a new workspace or profile is rare and must outlast even the OS.
    const transaction = db.transaction(STORE, 'readwrite', { durability: 'strict' });
    transaction.objectStore(STORE).put(stored, KEY);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('the device record could not be saved'));
    transaction.onabort = () => reject(transaction.error ?? new Error('saving the device record was aborted'));
    transaction.commit();
  });
}

/** A small value of this device beside its record (the open page of a workspace); undefined when none or unreadable. */
export async function readDeviceValue(key: string): Promise<string | undefined> {
  const db = await openDatabase();
  if (!db) return undefined;
  return new Promise((resolve) => {
    const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(key);
    request.onsuccess = () => resolve(typeof request.result === 'string' ? request.result : undefined);
    request.onerror = () => resolve(undefined);
  });
}

/** Stores (or, with null, removes) such a value; on disk within milliseconds, and nothing waits for it. */
export async function writeDeviceValue(key: string, value: string | null): Promise<void> {
  const db = await openDatabase();
  if (!db) return;
  const transaction = db.transaction(STORE, 'readwrite', { durability: 'relaxed' });
  if (value === null) transaction.objectStore(STORE).delete(key);
  else transaction.objectStore(STORE).put(value, key);
  transaction.commit();
}
