import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { RelayConnection } from './connection';
import { Emitter } from './emitter';
import type { PersistedDoc, Persistence, SyncState } from './types';

/** A doc released by the UI stays loaded this long, so switching back is instant. */
export const RELEASE_GRACE_MS = 3_000;

/** One doc held in memory: loaded from the device, and connected once the owner says so. */
export interface LoadedDoc {
  readonly docId: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly persisted: PersistedDoc;
  /** Resolves once the device's stored updates are applied to `doc`. */
  readonly loaded: Promise<void>;
  /** The doc's own sync state, for handles the UI subscribes to. */
  readonly changes: Emitter<SyncState>;
  connection: RelayConnection | null;
  /** Stops listening to `connection`. */
  unsubscribe: () => void;
  /** Handles the UI holds on this doc. */
  refs: number;
  /** Loaded for background sync only, never handed to the UI. */
  background: boolean;
  releaseTimer: ReturnType<typeof setTimeout> | null;
}

/** What the owner of the docs learns about their lives. */
export interface DocLifetimeHooks {
  /** The device's stored updates are applied: the doc reads as this device last left it. */
  loaded(entry: LoadedDoc): void;
  /** A transaction made on this device (not one applied from storage or a relay). */
  localChange(entry: LoadedDoc): void;
  /** The doc changed after it was loaded: a local edit, or what a relay sent. */
  changed?(entry: LoadedDoc): void;
  /** The grace period of a released doc ended: false keeps it (a background job still uses it). */
  mayClose(entry: LoadedDoc): boolean;
  /** The doc is about to close (still held and connected): last chance to read it or flush what waits on it. */
  closing(entry: LoadedDoc): void;
  /** The doc is closed; `pending` is what its connection had not had confirmed. */
  closed(entry: LoadedDoc, pending: number): void;
}

export interface DocLifetimesOptions {
  persistence: Persistence;
  /** Store names are `<prefix><docId>`. */
  namePrefix: string;
  hooks: DocLifetimeHooks;
  graceMs?: number;
}

/**
 * The docs of a workspace held in memory, each at most once: the UI's handles
 * are counted, a doc no handle holds is closed after a grace period, and a
 * background job may hold one without a handle.
 */
export class DocLifetimes {
  private readonly docs = new Map<string, LoadedDoc>();

  constructor(private readonly options: DocLifetimesOptions) {}

  get(docId: string): LoadedDoc | undefined {
    return this.docs.get(docId);
  }

  values(): LoadedDoc[] {
    return [...this.docs.values()];
  }

  get size(): number {
    return this.docs.size;
  }

  /** The doc if held, else a new one loading from the device. */
  obtain(docId: string, background: boolean): LoadedDoc {
    return this.docs.get(docId) ?? this.create(docId, background);
  }

  /** The UI takes a handle: the doc is no longer a background one, and a pending close is called off. */
  retain(docId: string): LoadedDoc {
    const entry = this.obtain(docId, false);
    entry.refs++;
    entry.background = false;
    if (entry.releaseTimer) clearTimeout(entry.releaseTimer);
    entry.releaseTimer = null;
    return entry;
  }

  /** The UI dropped a handle; the last one starts the grace period. */
  release(entry: LoadedDoc): void {
    entry.refs = Math.max(0, entry.refs - 1);
    if (entry.refs > 0 || entry.releaseTimer) return;
    entry.releaseTimer = setTimeout(() => {
      entry.releaseTimer = null;
      if (entry.refs === 0 && this.options.hooks.mayClose(entry)) void this.close(entry);
    }, this.options.graceMs ?? RELEASE_GRACE_MS);
  }

  /** Disconnects, hands every write to the store, and forgets the doc. */
  async close(entry: LoadedDoc): Promise<void> {
    if (this.docs.get(entry.docId) !== entry) return;
    if (entry.releaseTimer) clearTimeout(entry.releaseTimer);
    entry.releaseTimer = null;
    // Still held while the hook runs: what it flushes may ask about this doc (is it synced?).
    this.options.hooks.closing(entry);
    this.docs.delete(entry.docId);
    entry.unsubscribe();
    const pending = entry.connection?.syncState.pending ?? 0;
    entry.connection?.destroy();
    entry.awareness.destroy();
    await entry.persisted.close();
    entry.doc.destroy();
    this.options.hooks.closed(entry, pending);
  }

  closeAll(): Promise<void> {
    return Promise.all(this.values().map((entry) => this.close(entry))).then(() => undefined);
  }

  private create(docId: string, background: boolean): LoadedDoc {
    const doc = new Y.Doc();
    const persisted = this.options.persistence.open(`${this.options.namePrefix}${docId}`, doc);
    const { hooks } = this.options;
    let loaded = false;
    const entry: LoadedDoc = {
      docId,
      doc,
      awareness: new Awareness(doc),
      persisted,
      // Announced only while still held: a doc closed before it finished loading was never in use.
      loaded: persisted.whenLoaded.then(() => {
        loaded = true;
        if (this.docs.get(docId) === entry) hooks.loaded(entry);
      }),
      changes: new Emitter<SyncState>(),
      connection: null,
      unsubscribe: () => undefined,
      refs: 0,
      background,
      releaseTimer: null,
    };
    doc.on('update', (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (transaction.local) hooks.localChange(entry);
      if (loaded) hooks.changed?.(entry);
    });
    this.docs.set(docId, entry);
    return entry;
  }
}
