/**
 * The write-ahead journal's worker: appends each update to a file in the
 * origin-private file system through a synchronous access handle. Such a write
 * goes straight from this thread to the OS, which keeps it even if the browser
 * is killed a moment later; an IndexedDB commit takes a round trip through the
 * browser process and several milliseconds more.
 *
 * Messages are handled one at a time, in order, so the page can count how far
 * the journal has got (see journal.ts).
 */
import type { JournalReply, JournalRequest } from './journalProtocol';
import { decodeRecords, encodeRecord } from './journalRecords';

interface SyncAccessHandle {
  read(buffer: Uint8Array, options?: { at: number }): number;
  write(buffer: Uint8Array, options?: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  close(): void;
}
type SyncFileHandle = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> };

interface Journal {
  handle: SyncAccessHandle;
  size: number;
  /** Entries written that IndexedDB has not yet confirmed; the file is emptied when none are left. */
  unconfirmed: Set<number>;
  closing: boolean;
}

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<JournalRequest>) => void) | null;
  postMessage(message: JournalReply, transfer?: Transferable[]): void;
};

const journals = new Map<string, Journal>();
let progress: Int32Array | null = null;

async function journalRoot(): Promise<FileSystemDirectoryHandle> {
  return (await navigator.storage.getDirectory()).getDirectoryHandle('journal', { create: true });
}

async function folder(doc: string): Promise<FileSystemDirectoryHandle> {
  return (await journalRoot()).getDirectoryHandle(encodeURIComponent(doc), { create: true });
}

async function open(doc: string, instance: string): Promise<void> {
  const file = (await (await folder(doc)).getFileHandle(instance, { create: true })) as SyncFileHandle;
  const handle = await file.createSyncAccessHandle();
  journals.set(`${doc}/${instance}`, { handle, size: handle.getSize(), unconfirmed: new Set(), closing: false });
}

function append(journal: Journal, id: number, update: Uint8Array): void {
  const record = encodeRecord(update);
  journal.handle.write(record, { at: journal.size });
  journal.size += record.length;
  journal.unconfirmed.add(id);
}

async function settle(doc: string, instance: string, journal: Journal): Promise<void> {
  if (journal.unconfirmed.size > 0) return;
  journal.handle.truncate(0);
  journal.size = 0;
  if (!journal.closing) return;
  journal.handle.close();
  journals.delete(`${doc}/${instance}`);
  await (await folder(doc)).removeEntry(instance);
  // The background sweep opens every page in turn: leave no empty folder per page behind.
  // Another window's journal of the same doc keeps it (removing a folder that is not empty fails).
  await (await journalRoot()).removeEntry(encodeURIComponent(doc)).catch(() => undefined);
}

function readAll(handle: SyncAccessHandle): Uint8Array[] {
  const bytes = new Uint8Array(handle.getSize());
  handle.read(bytes, { at: 0 });
  return decodeRecords(bytes);
}

/** Journals of this doc left by earlier runs; one another window still holds is left to it. */
async function readOthers(doc: string, instance: string): Promise<{ names: string[]; updates: Uint8Array[] }> {
  const dir = await folder(doc);
  const names: string[] = [];
  const updates: Uint8Array[] = [];
  for await (const [name, entry] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
    if (name === instance || entry.kind !== 'file') continue;
    let handle: SyncAccessHandle;
    try {
      handle = await (entry as SyncFileHandle).createSyncAccessHandle();
    } catch {
      continue;
    }
    updates.push(...readAll(handle));
    handle.close();
    names.push(name);
  }
  return { names, updates };
}

async function handle(request: JournalRequest): Promise<void> {
  const key = `${request.doc}/${request.instance}`;
  switch (request.type) {
    case 'start':
      progress = new Int32Array(request.progress);
      return;
    case 'open':
      return open(request.doc, request.instance);
    case 'append': {
      const journal = journals.get(key);
      if (journal) append(journal, request.id, request.update);
      return;
    }
    case 'confirm': {
      const journal = journals.get(key);
      if (!journal) return;
      journal.unconfirmed.delete(request.id);
      return settle(request.doc, request.instance, journal);
    }
    case 'close': {
      const journal = journals.get(key);
      if (!journal) return;
      journal.closing = true;
      return settle(request.doc, request.instance, journal);
    }
    case 'take': {
      const { names, updates } = await readOthers(request.doc, request.instance);
      scope.postMessage({ type: 'taken', request: request.request, names, updates }, updates.map((update) => update.buffer));
      return;
    }
    case 'drop': {
      // The page has applied these, and so journaled them again as its own: the old files can go.
      const dir = await folder(request.doc);
      for (const name of request.names) await dir.removeEntry(name).catch(() => undefined);
      return;
    }
  }
}

let queue = Promise.resolve();
scope.onmessage = (event) => {
  const request = event.data;
  queue = queue
    .then(() => handle(request))
    .catch((error: unknown) => scope.postMessage({ type: 'failed', seq: request.seq, reason: error instanceof Error ? error.message : String(error) }))
    .finally(() => {
      if (progress) {
        Atomics.store(progress, 0, request.seq);
        Atomics.notify(progress, 0);
      }
    });
};
