import type { JournalReply, JournalRequest } from './journalProtocol';
import { WriteAheadLog } from './writeAheadLog';

/**
 * The write-ahead log of a doc: every update is journaled before the task that
 * made it ends, and forgotten once IndexedDB has committed it.
 *
 * The journal is a file written by a worker (journalWorker.ts). When the page
 * is cross-origin isolated it shares a counter with the worker and waits (at
 * most MAX_WAIT_MS) until the worker has written the update: the keystroke's
 * task, and so the browser's acknowledgement of the key, ends only once the
 * OS has the update, so even a browser killed right after a keystroke keeps it.
 * Where there is no such file system, localStorage is the journal, which a
 * reload keeps but a killed browser may not.
 */
export interface UpdateJournal {
  /** Returns the entry id, or null when the update could not be journaled. */
  append(update: Uint8Array): number | null;
  /** IndexedDB has committed the entry. */
  confirm(id: number): void;
  /**
   * Every update journaled for this doc by an earlier run. Apply them, then
   * call `done`: they are journaled again as this run's, and the old entries go.
   */
  takeAll(): Promise<{ updates: Uint8Array[]; done(): void }>;
  close(): void;
}

/** A wait longer than this means a stalled disk; the page goes on rather than freeze. */
const MAX_WAIT_MS = 250;

type Message = JournalRequest extends infer R ? (R extends JournalRequest ? Omit<R, 'seq'> : never) : never;

interface Worker_ {
  /** Sends a message; `onFailure` runs if the worker could not handle it, or has failed altogether. */
  post(message: Message, onFailure?: () => void): number;
  /** Returns once the worker has handled message `seq` (or the wait gave up). */
  waitFor(seq: number): void;
  /** Message `seq` needs no failure handler any more. */
  forget(seq: number): void;
  taken: Map<number, (reply: { names: string[]; updates: Uint8Array[] }) => void>;
}

let shared: Worker_ | null | undefined;

function journalWorker(): Worker_ | null {
  if (shared !== undefined) return shared;
  if (!isSecureContext || typeof Worker === 'undefined' || typeof navigator.storage?.getDirectory !== 'function') return (shared = null);
  const worker = new Worker(new URL('./journalWorker.ts', import.meta.url), { type: 'module', name: 'baton-journal' });
  const progress = crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
  let seq = 0;
  const taken = new Map<number, (reply: { names: string[]; updates: Uint8Array[] }) => void>();
  const failures = new Map<number, () => void>();
  let failed = false;
  worker.onmessage = (event: MessageEvent<JournalReply>) => {
    const reply = event.data;
    if (reply.type === 'taken') {
      taken.get(reply.request)?.(reply);
      taken.delete(reply.request);
      return;
    }
    console.warn(`Baton's journal could not handle message ${reply.seq}: ${reply.reason}`);
    failures.get(reply.seq)?.();
    failures.delete(reply.seq);
  };
  const post = (message: Message, onFailure?: () => void) => {
    seq += 1;
    if (failed) onFailure?.();
    else {
      worker.postMessage({ ...message, seq });
      if (onFailure) failures.set(seq, onFailure);
    }
    return seq;
  };
  // After a wait that gave up (or a worker that failed to start), the page stops waiting until
  // the worker has caught up, so a stalled disk costs one pause, not one per keystroke.
  let behindUntil = 0;
  worker.onerror = (event) => {
    console.warn("Baton's journal worker failed; IndexedDB and localStorage keep the changes", event.message);
    failed = true;
    behindUntil = Infinity;
    for (const onFailure of failures.values()) onFailure();
    failures.clear();
  };
  const waitFor = (target: number) => {
    if (!progress || Atomics.load(progress, 0) < behindUntil) return;
    const deadline = performance.now() + MAX_WAIT_MS;
    // The page may not block on Atomics.wait, so it spins; the write takes well under a millisecond.
    while (Atomics.load(progress, 0) < target) {
      if (performance.now() > deadline) {
        behindUntil = target;
        console.warn(`Baton's journal took over ${MAX_WAIT_MS} ms to write; typing goes on without waiting for it until it catches up`);
        return;
      }
    }
  };
  if (progress) post({ type: 'start', doc: '', instance: '', progress: progress.buffer as SharedArrayBuffer });
  shared = { post, waitFor, forget: (done) => failures.delete(done), taken };
  return shared;
}

let nextRequest = 0;

class FileJournal implements UpdateJournal {
  private next = 0;
  private readonly instance = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  /** Set when the journal file cannot be opened (no file system for this origin): localStorage journals instead. */
  private fallback: StorageJournal | null = null;
  private readonly opened: number;

  constructor(
    private readonly worker: Worker_,
    private readonly doc: string,
  ) {
    this.opened = worker.post({ type: 'open', doc, instance: this.instance }, () => {
      this.fallback = new StorageJournal(doc);
    });
  }

  append(update: Uint8Array): number | null {
    if (this.fallback) return this.fallback.append(update);
    const id = this.next++;
    this.worker.waitFor(this.worker.post({ type: 'append', doc: this.doc, instance: this.instance, id, update }));
    return id;
  }

  confirm(id: number): void {
    if (this.fallback) this.fallback.confirm(id);
    else this.worker.post({ type: 'confirm', doc: this.doc, instance: this.instance, id });
  }

  takeAll(): Promise<{ updates: Uint8Array[]; done(): void }> {
    const request = nextRequest++;
    // localStorage may hold entries too: from an earlier version of Baton, or from this fallback.
    const stored = new StorageJournal(this.doc).takeAll();
    const fromFiles = new Promise<{ updates: Uint8Array[]; done(): void }>((resolve) => {
      this.worker.taken.set(request, ({ names, updates }) => {
        this.worker.forget(sent);
        resolve({ updates, done: () => void (names.length > 0 && this.worker.post({ type: 'drop', doc: this.doc, instance: this.instance, names })) });
      });
      // A doc must open even when its journal cannot be read.
      const sent = this.worker.post({ type: 'take', doc: this.doc, instance: this.instance, request }, () => {
        this.worker.taken.delete(request);
        resolve({ updates: [], done: () => undefined });
      });
    });
    return Promise.all([stored, fromFiles]).then(([local, files]) => ({ updates: [...local.updates, ...files.updates], done: files.done }));
  }

  close(): void {
    this.worker.forget(this.opened);
    this.worker.post({ type: 'close', doc: this.doc, instance: this.instance });
  }
}

class StorageJournal implements UpdateJournal {
  private readonly log: WriteAheadLog;

  constructor(doc: string) {
    this.log = new WriteAheadLog(doc);
  }

  append(update: Uint8Array): number | null {
    return this.log.append(update);
  }

  confirm(id: number): void {
    this.log.remove(id);
  }

  takeAll(): Promise<{ updates: Uint8Array[]; done(): void }> {
    return Promise.resolve({ updates: this.log.takeAll(), done: () => undefined });
  }

  close(): void {}
}

export function openJournal(doc: string): UpdateJournal {
  const worker = journalWorker();
  return worker ? new FileJournal(worker, doc) : new StorageJournal(doc);
}
