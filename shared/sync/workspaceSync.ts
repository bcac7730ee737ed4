import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { indexMaps, listPages } from '../model';
import { noteAuthor } from '../model/authors';
import { INDEX_DOC_ID, roomName } from '../protocol/rooms';
import { AccessKeeper } from './accessKeeper';
import type { FetchLike } from './access';
import { aggregateState, AggregateState, LOCAL_ONLY } from './aggregate';
import { PageAnnouncer } from './announce';
import type { BackoffOptions } from './backoff';
import { RelayConnection } from './connection';
import { DocLifetimes, type LoadedDoc } from './docs';
import { Emitter } from './emitter';
import { MergeWatch } from './mergeWatch';
import { RegistryStore, totalPending } from './registry';
import { BackgroundSweep, waitForState, type Cancellation } from './sweep';
import type { DocEvent, Persistence, RelayConfig, SocketFactory, SyncState } from './types';

/** A background doc that cannot finish in this time is retried later. */
const BACKGROUND_TIMEOUT_MS = 20_000;
/** A teammate's change reaches the index in bursts: one sweep for the burst. */
const SWEEP_AFTER_REMOTE_CHANGE_MS = 200;

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
  /** The person using this device: each doc they change notes which Yjs client is theirs (shared/model/authors.ts). */
  member?: string;
}

export interface DocHandle {
  docId: string;
  doc: Y.Doc;
  awareness: Awareness;
  state(): SyncState;
  subscribe(listener: (state: SyncState) => void): () => void;
  release(): void;
}

/**
 * Keeps every doc of a workspace on the device and in step with the relay,
 * without holding them all at once:
 * - the index doc (page tree, members) is always loaded and connected;
 * - docs the UI opens are loaded and connected while open (docs.ts);
 * - every other page is synced in the background, a few at a time (sweep.ts):
 *   after each (re)connection and whenever the index says a page changed since
 *   this device last synced it, the page is loaded, exchanged, and unloaded;
 * - edits announce their page through the index (announce.ts), the token is
 *   kept valid (accessKeeper.ts), and one state sums it all up (aggregate.ts).
 * This class wires those parts to the connections and the registry.
 */
export class WorkspaceSync {
  readonly index: Y.Doc;
  readonly ready: Promise<void>;
  /** The workspace's state; see aggregate.ts. */
  readonly changes: Emitter<SyncState>;
  /** A doc was read from the device (each time it is loaded): what this device held before any exchange. */
  readonly docLoaded = new Emitter<DocEvent>();
  /**
   * A doc came into step with the relay: it holds everything the relay had. Sent again each time it
   * comes back into step (after a reconnection, after local changes were confirmed), never while it stays so.
   */
  readonly docSynced = new Emitter<DocEvent>();
  private relay: RelayConfig | null;
  private readonly docs: DocLifetimes;
  private readonly indexEntry: LoadedDoc;
  private readonly registry: RegistryStore;
  private readonly sweep: BackgroundSweep;
  private readonly announcer: PageAnnouncer;
  private readonly access: AccessKeeper;
  private readonly aggregate = new AggregateState();
  /** Records what two sides changed differently while apart, once a page is back in step (mergeWatch.ts). */
  private readonly merges: MergeWatch;
  private destroyed = false;

  constructor(private readonly options: WorkspaceSyncOptions) {
    this.relay = options.relay;
    this.changes = this.aggregate.changes;
    this.merges = new MergeWatch({
      isPage: (docId) => indexMaps(this.index).pages.has(docId),
      watching: () => this.relay !== null && !this.access.readOnly,
    });
    this.docs = new DocLifetimes({
      persistence: options.persistence,
      namePrefix: `baton/${options.workspaceId}/`,
      hooks: {
        loaded: (entry) => {
          if (options.member && entry.docId !== INDEX_DOC_ID) noteAuthor(entry.doc, options.member);
          void this.merges.attach(entry);
          this.docLoaded.emit(docEvent(entry));
        },
        localChange: (entry) => {
          if (entry.docId !== INDEX_DOC_ID) this.announcer.schedule(entry.docId);
        },
        mayClose: (entry) => !this.sweep.isActive(entry.docId),
        closing: (entry) => {
          this.announcer.flush(entry.docId);
          this.merges.detach(entry);
        },
        closed: (entry, pending) => this.onClosed(entry, pending),
      },
    });
    this.indexEntry = this.docs.retain(INDEX_DOC_ID);
    this.index = this.indexEntry.doc;
    this.registry = new RegistryStore(this.indexEntry.persisted);
    this.announcer = new PageAnnouncer({
      index: this.index,
      // Our own edit: what this device holds is that version already.
      announced: (docId) => {
        if (this.docs.get(docId)?.connection?.syncState.status === 'synced') this.markSynced(docId);
      },
    });
    this.sweep = new BackgroundSweep({
      ready: () => this.indexEntry.connection?.syncState.status === 'synced',
      pages: () => listPages(this.index),
      registry: () => this.registry.data,
      isLive: (docId) => {
        const entry = this.docs.get(docId);
        return !!entry?.connection && !entry.background;
      },
      run: (docId, cancellation) => this.syncInBackground(docId, cancellation),
      changed: () => this.recompute(),
      ...(options.backgroundConcurrency ? { concurrency: options.backgroundConcurrency } : {}),
    });
    this.access = new AccessKeeper({
      workspaceId: options.workspaceId,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      relay: () => this.relay,
      readOnly: options.readOnly ?? false,
      refused: (reason) => {
        this.sweep.clearQueue();
        for (const entry of this.docs.values()) entry.connection?.fail(reason);
        this.recompute();
      },
      accepted: () => {
        // A connection closed for a token since renewed (or a false alarm): carry on with the current one.
        for (const entry of this.docs.values()) if (entry.connection?.syncState.error) entry.connection.connect();
        this.recompute();
      },
      readOnlyChanged: (readOnly) => {
        this.options.onAccessKnown?.(readOnly);
        this.recompute();
      },
      renewed: (relay) => {
        this.relay = relay;
        for (const entry of this.docs.values()) entry.connection?.setRelay(relay);
        if (relay.token) this.options.onTokenRenewed?.(relay.token);
      },
    });
    this.ready = this.indexEntry.loaded.then(async () => {
      await this.registry.load();
      this.connect(this.indexEntry);
      this.recompute();
      void this.access.check();
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
    return this.aggregate.current;
  }

  /** Sync state of one doc; docs not loaded report what the registry knows. */
  docState(docId: string): SyncState {
    return this.docs.get(docId)?.connection?.syncState ?? { ...LOCAL_ONLY, pending: this.registry.pending(docId) };
  }

  /** Opens a doc for the UI: loaded from the device first, then kept live with the relay. */
  async openDoc(docId: string): Promise<DocHandle> {
    await this.ready;
    const entry = this.docs.retain(docId);
    await entry.loaded;
    await this.merges.ready(entry);
    if (!entry.connection) this.connect(entry);
    let released = false;
    return {
      docId,
      doc: entry.doc,
      awareness: entry.awareness,
      state: () => entry.connection?.syncState ?? { ...LOCAL_ONLY, pending: this.registry.pending(docId) },
      subscribe: (listener) => entry.changes.subscribe(listener),
      release: () => {
        if (released) return;
        released = true;
        this.docs.release(entry);
      },
    };
  }

  /** Points every connection at another relay or token (joining, renewing access); null = local only. */
  setRelay(relay: RelayConfig | null): void {
    this.relay = relay;
    this.registry.forgetSynced();
    for (const entry of this.docs.values()) {
      entry.unsubscribe();
      entry.connection?.destroy();
      entry.connection = null;
      this.connect(entry);
    }
    this.recompute();
    void this.access.check();
  }

  /** The network is back (an OS hint): skip the remaining backoff. */
  reconnectNow(): void {
    for (const entry of this.docs.values()) entry.connection?.reconnectNow();
  }

  /** Resolves once every doc is synced and nothing is pending (or rejects after timeoutMs). */
  whenSynced(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        if (this.state.status !== 'synced') return false;
        clearTimeout(timer);
        unsubscribe();
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`workspace not synced after ${timeoutMs} ms (${this.state.status}, ${this.state.pending} pending)`));
      }, timeoutMs);
      const unsubscribe = this.changes.subscribe(done);
      done();
    });
  }

  /** Announces waiting edits, saves the registry, closes every doc; no timer is left behind. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    // Announce edits still waiting on their throttle before anything stops.
    this.announcer.flushAll();
    this.destroyed = true;
    this.announcer.dispose();
    this.access.dispose();
    this.sweep.dispose();
    this.index.off('update', this.onIndexUpdate);
    this.registry.dispose();
    await this.registry.save();
    await this.docs.closeAll();
  }

  private connect(entry: LoadedDoc): void {
    if (!this.relay || !this.options.WebSocket || this.destroyed) return;
    const connection = new RelayConnection({
      doc: entry.doc,
      room: roomName(this.options.workspaceId, entry.docId),
      relay: this.relay,
      WebSocket: this.options.WebSocket,
      awareness: entry.awareness,
      initialPending: this.registry.pending(entry.docId),
      onRefusedOrUnreachable: (closedForAccess) => void this.access.diagnose(closedForAccess),
      onRoleChanged: () => void this.access.roleChanged(),
      onRemoteUpdate: (update) => this.merges.remoteUpdate(entry, update),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
    });
    entry.connection = connection;
    const isPage = entry.docId !== INDEX_DOC_ID;
    let hadPending = connection.syncState.pending > 0;
    let wasSynced = false;
    entry.unsubscribe = connection.changes.subscribe((state) => {
      this.registry.setPending(entry.docId, state.pending);
      // Announce the page again once the relay holds all of it: teammates who
      // saw the first announcement before the content arrived fetch it again.
      if (isPage && hadPending && state.pending === 0) this.announcer.schedule(entry.docId);
      hadPending = state.pending > 0;
      const synced = state.status === 'synced';
      if (synced && isPage) this.markSynced(entry.docId);
      entry.changes.emit(state);
      // After this emission: what it records is a new change, with states of its own.
      if (isPage) void Promise.resolve().then(() => this.merges.stateChanged(entry, state));
      if (synced && !wasSynced) this.docSynced.emit(docEvent(entry));
      wasSynced = synced;
      if (synced && !isPage) this.sweep.schedule(0);
      this.recompute();
    });
  }

  private onClosed(entry: LoadedDoc, pending: number): void {
    this.registry.setPending(entry.docId, pending);
    // Closed with changes the relay has not confirmed: the background finishes the job
    // (unless it is the background job being closed, which re-queues itself).
    if (pending > 0 && !this.destroyed && !this.sweep.isActive(entry.docId)) this.sweep.enqueue(entry.docId);
    this.recompute();
  }

  private async syncInBackground(docId: string, cancellation: Cancellation): Promise<void> {
    const entry = this.docs.obtain(docId, true);
    await entry.loaded;
    await this.merges.ready(entry);
    if (cancellation.cancelled) return;
    if (!entry.connection) this.connect(entry);
    const connection = entry.connection;
    if (!connection) return;
    // markSynced() records the version once the connection reports synced.
    const done = (state: SyncState) => state.status === 'synced' || state.error !== null;
    await waitForState(connection, done, BACKGROUND_TIMEOUT_MS, cancellation);
    // Coming into step may have recorded a merge review (mergeWatch.ts): hand that over too before closing.
    if (!cancellation.cancelled && !done(connection.syncState)) await waitForState(connection, done, BACKGROUND_TIMEOUT_MS, cancellation);
    if (cancellation.cancelled) return;
    // Closed here unless the UI holds it; a page the UI opened and released meanwhile
    // was left open for this job, so it is closed here too.
    if (entry.refs === 0 && !entry.releaseTimer) await this.docs.close(entry);
  }

  private onIndexUpdate = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (!transaction.local) this.sweep.schedule(SWEEP_AFTER_REMOTE_CHANGE_MS);
  };

  private markSynced(docId: string): void {
    const version = indexMaps(this.index).pages.get(docId)?.get('updatedAt');
    if (typeof version === 'number') this.registry.markSynced(docId, version);
  }

  private recompute(): void {
    const index = this.indexEntry.connection?.syncState ?? null;
    const busy = this.sweep.busy || this.docs.values().some((entry) => entry.connection && entry.connection.syncState.status !== 'synced');
    const registry = this.registry.data;
    const input = { index, pending: totalPending(registry), busy, lastSyncedAt: registry.lastSyncedAt, readOnly: this.access.readOnly };
    const next = aggregateState(input, this.aggregate.current, Date.now());
    this.registry.setLastSyncedAt(next.lastSyncedAt);
    this.aggregate.set(next);
  }
}

function docEvent(entry: LoadedDoc): DocEvent {
  return { docId: entry.docId, doc: entry.doc, background: entry.background };
}
