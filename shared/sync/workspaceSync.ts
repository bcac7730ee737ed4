import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { indexMaps, listPages, Origin, write } from '../model';
import { INDEX_DOC_ID, roomName } from '../protocol/rooms';
import { checkAccess, renewAccess, renewalDelay, type FetchLike } from './access';
import type { BackoffOptions } from './backoff';
import { RelayConnection } from './connection';
import { Emitter } from './emitter';
import { emptyRegistry, parseRegistry, REGISTRY_KEY, totalPending, type RegistryData } from './registry';
import type { PersistedDoc, Persistence, RelayConfig, SocketFactory, SyncErrorReason, SyncState } from './types';

/** Background sync holds at most this many page docs (and sockets) at once. */
const DEFAULT_BACKGROUND_CONCURRENCY = 3;
/** A background doc that cannot finish in this time is retried on the next sweep. */
const BACKGROUND_TIMEOUT_MS = 20_000;
const BACKGROUND_RETRY_MS = 15_000;
/** Edits mark their page as changed at most this often (trailing edge included). */
const TOUCH_INTERVAL_MS = 5_000;
/** A doc released by the UI stays loaded this long, so switching back is instant. */
const RELEASE_GRACE_MS = 3_000;
const REGISTRY_SAVE_DELAY_MS = 300;
/** Asking the relay why connections fail happens at most this often. */
const ACCESS_CHECK_INTERVAL_MS = 10_000;
const RENEW_RETRY_MS = 60_000;

export interface WorkspaceSyncOptions {
  workspaceId: string;
  relay: RelayConfig | null;
  persistence: Persistence;
  /** The websocket implementation; null keeps the workspace local only. */
  WebSocket: SocketFactory | null;
  backgroundConcurrency?: number;
  backoff?: BackoffOptions;
  /** HTTP for the relay's access endpoints; without it tokens are neither checked nor renewed. */
  fetch?: FetchLike;
  /** Called with each renewed token, so the caller can store it in place of the old one. */
  onTokenRenewed?: (token: string) => void;
  /** Last known access of this device (remembered by the caller), used until the relay answers. */
  readOnly?: boolean;
  /** Called when the relay says whether this device may write, so the caller can remember it offline. */
  onAccessKnown?: (readOnly: boolean) => void;
}

export interface DocHandle {
  docId: string;
  doc: Y.Doc;
  awareness: Awareness;
  state(): SyncState;
  subscribe(listener: (state: SyncState) => void): () => void;
  release(): void;
}

interface Entry {
  docId: string;
  doc: Y.Doc;
  awareness: Awareness;
  persisted: PersistedDoc;
  connection: RelayConnection | null;
  loaded: Promise<void>;
  refs: number;
  background: boolean;
  releaseTimer: ReturnType<typeof setTimeout> | null;
  touchTimer: ReturnType<typeof setTimeout> | null;
  lastTouch: number;
  changes: Emitter<SyncState>;
  unsubscribe: () => void;
}

const LOCAL_ONLY: SyncState = { status: 'offline', pending: 0, lastSyncedAt: null, error: null };

/**
 * Keeps every doc of a workspace on the device and in step with the relay,
 * without holding them all at once:
 * - the index doc (page tree, members) is always loaded and connected;
 * - docs the UI opens are loaded and connected while open;
 * - every other page is synced in the background, a few at a time: after each
 *   (re)connection and whenever the index says a page changed since this
 *   device last synced it, the page is loaded, exchanged, and unloaded again.
 */
export class WorkspaceSync {
  readonly index: Y.Doc;
  readonly changes = new Emitter<SyncState>();
  readonly ready: Promise<void>;
  private relay: RelayConfig | null;
  private readonly entries = new Map<string, Entry>();
  private registry: RegistryData = emptyRegistry();
  private registryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly queue = new Set<string>();
  private readonly active = new Set<string>();
  private sweepTimer: ReturnType<typeof setTimeout> | null = null;
  private aggregate: SyncState = LOCAL_ONLY;
  private destroyed = false;
  private readonly indexEntry: Entry;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;
  private lastAccessCheck = 0;
  private readOnly: boolean;
  /** Until the stored registry is read, saving would overwrite it with an empty one. */
  private registryLoaded = false;

  constructor(private readonly options: WorkspaceSyncOptions) {
    this.relay = options.relay;
    this.readOnly = options.readOnly ?? false;
    this.indexEntry = this.createEntry(INDEX_DOC_ID, false);
    this.indexEntry.refs = 1;
    this.index = this.indexEntry.doc;
    this.ready = this.indexEntry.loaded.then(async () => {
      this.registry = parseRegistry(await this.indexEntry.persisted.getMeta(REGISTRY_KEY));
      this.registryLoaded = true;
      this.connectEntry(this.indexEntry);
      this.recompute();
      void this.keepAccess();
    });
    this.index.on('update', this.onIndexUpdate);
  }

  get workspaceId(): string {
    return this.options.workspaceId;
  }

  get relayConfig(): RelayConfig | null {
    return this.relay;
  }

  get state(): SyncState {
    return this.aggregate;
  }

  /** Sync state of one doc; docs not loaded report what the registry knows. */
  docState(docId: string): SyncState {
    const entry = this.entries.get(docId);
    if (entry?.connection) return entry.connection.syncState;
    return { ...LOCAL_ONLY, pending: this.registry.pending[docId] ?? 0 };
  }

  /** Opens a doc for the UI: loaded from the device first, then kept live with the relay. */
  async openDoc(docId: string): Promise<DocHandle> {
    await this.ready;
    let entry = this.entries.get(docId);
    if (!entry) entry = this.createEntry(docId, false);
    entry.refs++;
    entry.background = false;
    if (entry.releaseTimer) clearTimeout(entry.releaseTimer);
    entry.releaseTimer = null;
    await entry.loaded;
    if (!entry.connection) this.connectEntry(entry);
    const current = entry;
    let released = false;
    return {
      docId,
      doc: current.doc,
      awareness: current.awareness,
      state: () => current.connection?.syncState ?? { ...LOCAL_ONLY, pending: this.registry.pending[docId] ?? 0 },
      subscribe: (listener) => current.changes.subscribe(listener),
      release: () => {
        if (released) return;
        released = true;
        this.release(current);
      },
    };
  }

  /** Points every connection at another relay or token (joining, renewing access); null = local only. */
  setRelay(relay: RelayConfig | null): void {
    this.relay = relay;
    this.registry.synced = {};
    for (const entry of this.entries.values()) {
      entry.unsubscribe();
      entry.connection?.destroy();
      entry.connection = null;
      this.connectEntry(entry);
    }
    this.recompute();
    void this.keepAccess();
  }

  /** The network is back (an OS hint): skip the remaining backoff. */
  reconnectNow(): void {
    for (const entry of this.entries.values()) entry.connection?.reconnectNow();
  }

  /** Resolves once every doc is synced and nothing is pending (or rejects after timeoutMs). */
  whenSynced(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        if (this.aggregate.status !== 'synced') return false;
        clearTimeout(timer);
        unsubscribe();
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`workspace not synced after ${timeoutMs} ms (${this.aggregate.status}, ${this.aggregate.pending} pending)`));
      }, timeoutMs);
      const unsubscribe = this.changes.subscribe(done);
      done();
    });
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    // Announce edits still waiting on their throttle before anything stops.
    for (const entry of this.entries.values()) {
      if (entry.touchTimer) {
        clearTimeout(entry.touchTimer);
        entry.touchTimer = null;
        this.touch(entry);
      }
    }
    this.destroyed = true;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.index.off('update', this.onIndexUpdate);
    this.queue.clear();
    await this.saveRegistry();
    await Promise.all([...this.entries.values()].map((entry) => this.closeEntry(entry)));
  }

  // ---- entries ----------------------------------------------------------

  private createEntry(docId: string, background: boolean): Entry {
    const doc = new Y.Doc();
    const persisted = this.options.persistence.open(`baton/${this.options.workspaceId}/${docId}`, doc);
    const entry: Entry = {
      docId,
      doc,
      awareness: new Awareness(doc),
      persisted,
      connection: null,
      loaded: persisted.whenLoaded,
      refs: 0,
      background,
      releaseTimer: null,
      touchTimer: null,
      lastTouch: 0,
      changes: new Emitter<SyncState>(),
      unsubscribe: () => undefined,
    };
    if (docId !== INDEX_DOC_ID) {
      doc.on('update', (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
        if (transaction.local) this.scheduleTouch(entry);
      });
    }
    this.entries.set(docId, entry);
    return entry;
  }

  private connectEntry(entry: Entry): void {
    if (!this.relay || !this.options.WebSocket || this.destroyed) return;
    const connection = new RelayConnection({
      doc: entry.doc,
      room: roomName(this.options.workspaceId, entry.docId),
      relay: this.relay,
      WebSocket: this.options.WebSocket,
      awareness: entry.awareness,
      initialPending: this.registry.pending[entry.docId] ?? 0,
      onRefusedOrUnreachable: (closedForAccess) => void this.diagnose(closedForAccess),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
    });
    entry.connection = connection;
    let hadPending = connection.syncState.pending > 0;
    entry.unsubscribe = connection.changes.subscribe((state) => {
      this.setPending(entry.docId, state.pending);
      // Announce the page again once the relay holds all of it: teammates who
      // saw the first announcement before the content arrived fetch it again.
      if (hadPending && state.pending === 0 && entry.docId !== INDEX_DOC_ID) this.scheduleTouch(entry);
      hadPending = state.pending > 0;
      if (state.status === 'synced' && entry.docId !== INDEX_DOC_ID) this.markSynced(entry.docId);
      entry.changes.emit(state);
      if (entry === this.indexEntry && state.status === 'synced') this.scheduleSweep(0);
      this.recompute();
    });
  }

  private release(entry: Entry): void {
    entry.refs = Math.max(0, entry.refs - 1);
    if (entry.refs > 0 || entry.releaseTimer) return;
    entry.releaseTimer = setTimeout(() => {
      entry.releaseTimer = null;
      if (entry.refs === 0 && !this.active.has(entry.docId)) void this.closeEntry(entry);
    }, RELEASE_GRACE_MS);
  }

  private async closeEntry(entry: Entry): Promise<void> {
    if (this.entries.get(entry.docId) !== entry) return;
    this.entries.delete(entry.docId);
    if (entry.releaseTimer) clearTimeout(entry.releaseTimer);
    if (entry.touchTimer) {
      clearTimeout(entry.touchTimer);
      this.touch(entry);
    }
    entry.unsubscribe();
    const pending = entry.connection?.syncState.pending ?? 0;
    entry.connection?.destroy();
    entry.awareness.destroy();
    await entry.persisted.close();
    entry.doc.destroy();
    this.setPending(entry.docId, pending);
    // Closed with changes the relay has not confirmed: the background finishes the job
    // (unless it is the background job being closed, which re-queues itself).
    if (pending > 0 && !this.destroyed && !this.active.has(entry.docId)) this.enqueue(entry.docId);
    this.recompute();
  }

  // ---- access: tokens are checked, renewed before they lapse, refusals explained ----

  /** Checks the token now and schedules its renewal. */
  private async keepAccess(): Promise<void> {
    const { fetch: fetchFn } = this.options;
    const relay = this.relay;
    if (!fetchFn || !relay?.token || this.destroyed) return;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = null;
    this.lastAccessCheck = Date.now();
    const check = await checkAccess(fetchFn, relay, this.options.workspaceId);
    if (this.relay !== relay || this.destroyed) return;
    if (check.kind === 'refused') this.failAll(check.reason);
    else if (check.kind === 'valid') {
      // A connection closed for a token since renewed (or a false alarm): carry on with the current one.
      this.resumeAll();
      if (this.readOnly !== (check.role === 'viewer')) {
        this.readOnly = check.role === 'viewer';
        this.options.onAccessKnown?.(this.readOnly);
      }
      this.recompute();
      this.scheduleRenewal(renewalDelay(check.expiresAt, Date.now()));
    }
    else if (check.kind === 'unreachable') this.scheduleRenewal(RENEW_RETRY_MS, false);
  }

  private scheduleRenewal(delay: number, renew = true): void {
    if (this.destroyed) return;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(() => {
      this.renewTimer = null;
      void (renew ? this.renew() : this.keepAccess());
    }, delay);
  }

  private async renew(): Promise<void> {
    const { fetch: fetchFn } = this.options;
    const relay = this.relay;
    if (!fetchFn || !relay?.token) return;
    const result = await renewAccess(fetchFn, relay, this.options.workspaceId);
    if (this.relay !== relay || this.destroyed) return;
    if (result.kind === 'renewed') {
      this.relay = { ...relay, token: result.token };
      for (const entry of this.entries.values()) entry.connection?.setRelay(this.relay);
      this.options.onTokenRenewed?.(result.token);
      this.scheduleRenewal(renewalDelay(result.expiresAt, Date.now()));
    } else if (result.kind === 'refused') this.failAll(result.reason);
    else if (result.kind === 'unreachable') this.scheduleRenewal(RENEW_RETRY_MS);
  }

  /**
   * A connection was refused or never opened: ask the relay whether access is
   * the reason. Closes for access stop reconnecting, so they are always
   * explained; plain failures are asked about at most every few seconds.
   */
  private async diagnose(closedForAccess: boolean): Promise<void> {
    if (!closedForAccess && Date.now() - this.lastAccessCheck < ACCESS_CHECK_INTERVAL_MS) return;
    await this.keepAccess();
  }

  private resumeAll(): void {
    for (const entry of this.entries.values()) {
      if (entry.connection?.syncState.error) entry.connection.connect();
    }
  }

  private failAll(reason: SyncErrorReason): void {
    this.queue.clear();
    for (const entry of this.entries.values()) entry.connection?.fail(reason);
    this.recompute();
  }

  // ---- page edits are announced through the index -----------------------

  private scheduleTouch(entry: Entry): void {
    if (entry.touchTimer) return;
    const wait = Math.max(0, entry.lastTouch + TOUCH_INTERVAL_MS - Date.now());
    entry.touchTimer = setTimeout(() => {
      entry.touchTimer = null;
      this.touch(entry);
    }, wait);
  }

  private touch(entry: Entry): void {
    entry.lastTouch = Date.now();
    const record = indexMaps(this.index).pages.get(entry.docId);
    if (!record || this.destroyed) return;
    const updatedAt = Math.max(Date.now(), (record.get('updatedAt') as number | undefined ?? 0) + 1);
    write(this.index, Origin.sync, () => record.set('updatedAt', updatedAt));
    // Our own edit: what this device holds is that version already.
    if (entry.connection?.syncState.status === 'synced') this.markSynced(entry.docId);
  }

  // ---- background sync ----------------------------------------------------

  private onIndexUpdate = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (!transaction.local) this.scheduleSweep(200);
  };

  private scheduleSweep(delay: number): void {
    if (this.sweepTimer || this.destroyed) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = null;
      this.sweep();
    }, delay);
  }

  /** Queues every page this device has not synced at its current version, pending ones first. */
  private sweep(): void {
    if (this.indexEntry.connection?.syncState.status !== 'synced') return;
    const stale = listPages(this.index)
      .filter((page) => (this.registry.pending[page.id] ?? 0) > 0 || this.registry.synced[page.id] !== page.updatedAt)
      .sort((a, b) => (this.registry.pending[b.id] ?? 0) - (this.registry.pending[a.id] ?? 0) || b.updatedAt - a.updatedAt);
    for (const page of stale) this.enqueue(page.id);
    this.recompute();
  }

  private enqueue(docId: string): void {
    const entry = this.entries.get(docId);
    if (entry?.connection && !entry.background) return; // open in the UI: already live
    this.queue.add(docId);
    this.pump();
  }

  private pump(): void {
    const limit = this.options.backgroundConcurrency ?? DEFAULT_BACKGROUND_CONCURRENCY;
    if (this.indexEntry.connection?.syncState.status !== 'synced') return;
    for (const docId of this.queue) {
      if (this.active.size >= limit || this.destroyed) break;
      this.queue.delete(docId);
      this.active.add(docId);
      void this.syncInBackground(docId).finally(() => {
        this.active.delete(docId);
        // Could not hand everything over this time (relay slow or gone): try again later, not in a loop.
        if ((this.registry.pending[docId] ?? 0) > 0 && !this.destroyed) setTimeout(() => this.enqueue(docId), BACKGROUND_RETRY_MS);
        this.recompute();
        this.pump();
      });
    }
  }

  private async syncInBackground(docId: string): Promise<void> {
    let entry = this.entries.get(docId);
    if (!entry) entry = this.createEntry(docId, true);
    await entry.loaded;
    if (!entry.connection) this.connectEntry(entry);
    const connection = entry.connection;
    if (!connection) return;
    // markSynced() records the version once the connection reports synced.
    await waitForState(connection, (state) => state.status === 'synced' || state.error !== null, BACKGROUND_TIMEOUT_MS);
    // Closed here unless the UI holds it; a page the UI opened and released meanwhile
    // was left open for this job, so it is closed here too.
    if (entry.refs === 0 && !entry.releaseTimer) await this.closeEntry(entry);
  }

  // ---- registry and aggregate state -------------------------------------------

  private markSynced(docId: string): void {
    const version = indexMaps(this.index).pages.get(docId)?.get('updatedAt');
    if (typeof version === 'number' && this.registry.synced[docId] !== version) {
      this.registry.synced[docId] = version;
      this.scheduleRegistrySave();
    }
  }

  private setPending(docId: string, pending: number): void {
    const current = this.registry.pending[docId] ?? 0;
    if (current === pending) return;
    if (pending === 0) delete this.registry.pending[docId];
    else this.registry.pending[docId] = pending;
    this.scheduleRegistrySave();
  }

  private scheduleRegistrySave(): void {
    if (this.registryTimer || this.destroyed) return;
    this.registryTimer = setTimeout(() => void this.saveRegistry(), REGISTRY_SAVE_DELAY_MS);
  }

  private async saveRegistry(): Promise<void> {
    if (this.registryTimer) clearTimeout(this.registryTimer);
    this.registryTimer = null;
    if (!this.registryLoaded) return;
    await this.indexEntry.persisted.setMeta(REGISTRY_KEY, this.registry);
  }

  private recompute(): void {
    const pending = totalPending(this.registry);
    const index = this.indexEntry.connection?.syncState;
    let next: SyncState;
    if (!index) {
      next = { ...LOCAL_ONLY, pending: 0, lastSyncedAt: this.registry.lastSyncedAt };
    } else {
      const busy =
        this.sweepTimer !== null ||
        this.queue.size > 0 ||
        this.active.size > 0 ||
        pending > 0 ||
        [...this.entries.values()].some((entry) => entry.connection && entry.connection.syncState.status !== 'synced');
      const status = index.status === 'offline' || index.status === 'connecting' ? index.status : busy ? 'syncing' : 'synced';
      if (status === 'synced' && (this.aggregate.status !== 'synced' || this.aggregate.pending !== pending)) {
        this.registry.lastSyncedAt = Date.now();
        this.scheduleRegistrySave();
      }
      next = { status, pending, lastSyncedAt: this.registry.lastSyncedAt, error: index.error, readOnly: this.readOnly };
    }
    const prev = this.aggregate;
    if (
      prev.status === next.status &&
      prev.pending === next.pending &&
      prev.error === next.error &&
      prev.lastSyncedAt === next.lastSyncedAt &&
      prev.readOnly === next.readOnly
    ) {
      return;
    }
    this.aggregate = next;
    this.changes.emit(next);
  }
}

function waitForState(connection: RelayConnection, predicate: (state: SyncState) => boolean, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (predicate(connection.syncState)) return resolve(true);
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(false);
    }, timeoutMs);
    const unsubscribe = connection.changes.subscribe((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(true);
    });
  });
}
