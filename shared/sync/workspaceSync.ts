import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { indexMaps, listPages } from '../model';
import { noteAuthor } from '../model/authors';
import { INDEX_DOC_ID } from '../protocol/rooms';
import { AccessKeeper } from './accessKeeper';
import type { FetchLike } from './access';
import { aggregateState, AggregateState, LOCAL_ONLY, whenSynced } from './aggregate';
import type { BackoffOptions } from './backoff';
import { connectDoc, reconnectDoc, wantsPresence, type DocConnectionContext } from './docConnection';
import { DocLifetimes, type LoadedDoc } from './docs';
import { Emitter } from './emitter';
import { IndexAnnouncements } from './indexAnnouncements';
import { WorkspaceLinks, type TransportKind } from './links';
import { MergeWatch } from './mergeWatch';
import type { MuxKeepalive } from './muxSocket';
import { RegistryStore, totalPending } from './registry';
import { BackgroundSweep, MUX_BACKGROUND_CONCURRENCY, untilInStep, type Cancellation } from './sweep';
import type { DocEvent, Persistence, RelayConfig, SocketFactory, SyncState } from './types';


export interface WorkspaceSyncOptions {
  workspaceId: string;
  relay: RelayConfig | null;
  persistence: Persistence;
  /** The websocket implementation; null keeps the workspace local only. */
  WebSocket: SocketFactory | null;
  /** One socket for the workspace (default), or one per doc (kept to compare against): see links.ts. */
  transport?: TransportKind;
  /** Background docs synced at once (default 12 over one socket, 3 with a socket per doc). */
  backgroundConcurrency?: number;
  backoff?: BackoffOptions;
  /** How the shared socket notices a network that vanished without a close (muxSocket.ts). */
  keepalive?: MuxKeepalive;
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
  /**
   * Stay off the network until start(): a caller that builds local indexes from docLoaded and
   * docSynced subscribes first, so no doc is loaded and synced before it is listening.
   */
  deferConnect?: boolean;
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
 * - every other doc is synced in the background, a few at a time (sweep.ts),
 *   loaded, exchanged, and unloaded: those holding unsent changes, and those
 *   the relay names as changed since this device's catch-up cursor
 *   (catchUp.ts), all as channels of one socket (muxSocket.ts, links.ts);
 * - the token is kept valid (accessKeeper.ts), and one state sums it all up
 *   (aggregate.ts).
 * With `transport: 'per-doc'` each doc has a socket of its own, and edits
 * announce their page through the index (announce.ts) instead of the cursor.
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
  /** Per-doc transport only: over one socket the relay says which docs changed. */
  private readonly announcements: IndexAnnouncements | null;
  private readonly access: AccessKeeper;
  private links: WorkspaceLinks | null = null;
  private readonly aggregate = new AggregateState();
  /** Records what two sides changed differently while apart, once a page is back in step (mergeWatch.ts). */
  private readonly merges: MergeWatch;
  private destroyed = false;
  /** Until start() (with `deferConnect`): nothing connects. */
  private held: boolean;

  constructor(private readonly options: WorkspaceSyncOptions) {
    this.held = options.deferConnect ?? false;
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
          this.announcements?.changed(entry.docId);
          // No relay to count it for: whichever relay comes later is offered the whole doc.
          if (!entry.connection) this.registry.markUnshared(entry.docId);
        },
        changed: (entry) => {
          if (entry.docId !== INDEX_DOC_ID) this.registry.bumpVersion(entry.docId);
        },
        mayClose: (entry) => !this.sweep.isActive(entry.docId),
        closing: (entry) => {
          this.announcements?.flush(entry.docId);
          this.merges.detach(entry);
        },
        closed: (entry, pending) => this.onClosed(entry, pending),
      },
    });
    this.indexEntry = this.docs.retain(INDEX_DOC_ID);
    this.index = this.indexEntry.doc;
    this.registry = new RegistryStore(this.indexEntry.persisted);
    const mux = this.mux;
    this.sweep = new BackgroundSweep({
      // The index first, on either transport: a page synced before its record arrived would be no page
      // to whatever reads pages as they sync (the inbox, the task index), and would be read never again.
      ready: () => (!mux || this.links?.open === true) && this.indexEntry.connection?.syncState.status === 'synced',
      pages: () => listPages(this.index),
      registry: () => this.registry.data,
      ...(mux
        ? {
            stale: () => this.links?.stale() ?? [],
            unfinished: (docId: string) => this.registry.pending(docId) > 0 || this.links?.catchUp?.isOutstanding(docId) === true,
          }
        : {}),
      isLive: (docId) => {
        const entry = this.docs.get(docId);
        return !!entry?.connection && !entry.background;
      },
      run: (docId, cancellation) => this.syncInBackground(docId, cancellation),
      changed: () => this.recompute(),
      concurrency: options.backgroundConcurrency ?? (mux ? MUX_BACKGROUND_CONCURRENCY : undefined),
    });
    this.announcements = mux
      ? null
      : new IndexAnnouncements({
          index: this.index,
          registry: this.registry,
          sweep: this.sweep,
          inStep: (docId) => this.docs.get(docId)?.connection?.syncState.status === 'synced',
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
        this.links?.renewed(relay);
        for (const entry of this.docs.values()) entry.connection?.setRelay(relay);
        if (relay.token) this.options.onTokenRenewed?.(relay.token);
      },
    });
    this.ready = this.indexEntry.loaded.then(async () => {
      await this.registry.load();
      // setRelay() may have come first.
      this.links ??= this.createLinks();
      if (!this.indexEntry.connection) this.connect(this.indexEntry);
      this.recompute();
      void this.access.check();
    });
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

  /**
   * When the doc last changed on this device (a local edit or what the relay sent), as a number
   * that only moves forward; 0 if it has not changed since this device began keeping it. Local
   * indexes note it when they read a doc, and read the doc again once it moved.
   */
  docVersion(docId: string): number {
    return this.registry.version(docId);
  }

  /** Open channels on the shared socket now (index, UI docs, background docs); null with a socket per doc. */
  get channelCount(): number | null {
    return this.links?.mux?.channelCount ?? null;
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
    // Synced in the background without presence: the UI's doc shows who else is here.
    else if (!entry.connection.presence && wantsPresence(entry, { presenceForAll: !this.mux })) reconnectDoc(entry, this.connectionContext());
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
    // A relay at another address may hold none of it: every doc known here is offered to it.
    if (relay && relay.url !== this.relay?.url) this.offerEverything();
    this.relay = relay;
    this.registry.forgetSynced();
    this.links?.destroy();
    this.links = this.createLinks();
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
    this.links?.reconnectNow();
    for (const entry of this.docs.values()) entry.connection?.reconnectNow();
  }

  /** Resolves once every doc is synced and nothing is pending (or rejects after timeoutMs). */
  whenSynced(timeoutMs = 30_000): Promise<void> {
    return whenSynced(this.aggregate, timeoutMs);
  }

  /** Announces waiting edits, saves the registry, closes every doc; no timer is left behind. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    // Announce edits still waiting on their throttle before anything stops.
    this.announcements?.dispose();
    this.destroyed = true;
    this.access.dispose();
    this.sweep.dispose();
    this.links?.destroy();
    this.registry.dispose();
    await this.registry.save();
    await this.docs.closeAll();
  }

  /** Docs known on this device: the index, every page, and every doc that changed here. */
  private offerEverything(): void {
    const docs = [INDEX_DOC_ID, ...listPages(this.index).map((page) => page.id), ...Object.keys(this.registry.data.versions)];
    for (const docId of docs) this.registry.markUnshared(docId);
  }

  private get mux(): boolean {
    return (this.options.transport ?? 'mux') === 'mux';
  }

  private createLinks(): WorkspaceLinks | null {
    if (!this.relay || !this.options.WebSocket || this.destroyed) return null;
    return new WorkspaceLinks({
      kind: this.options.transport ?? 'mux',
      workspaceId: this.options.workspaceId,
      relay: this.relay,
      WebSocket: this.options.WebSocket,
      registry: this.registry,
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      ...(this.options.keepalive ? { keepalive: this.options.keepalive } : {}),
      onRefusedOrUnreachable: (closedForAccess) => void this.access.diagnose(closedForAccess),
      onRoleChanged: () => void this.access.roleChanged(),
      opened: () => this.sweep.sweep(),
      enqueue: (docIds) => docIds.forEach((docId) => this.sweep.enqueue(docId)),
      inStep: (docId) => this.docs.get(docId)?.connection?.syncState.status === 'synced',
      changed: () => this.recompute(),
    });
  }

  private connectionContext(): DocConnectionContext {
    const links = this.links!;
    return {
      workspaceId: this.options.workspaceId,
      relay: this.relay!,
      transport: links.transport,
      presenceForAll: !links.isMux,
      registry: this.registry,
      merges: this.merges,
      announcements: this.announcements,
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      onRefusedOrUnreachable: (closedForAccess) => void this.access.diagnose(closedForAccess),
      onRoleChanged: () => void this.access.roleChanged(),
      synced: (entry) => {
        // What the catch-up named waits for the index (see the sweep's `ready`).
        if (entry.docId === INDEX_DOC_ID && links.isMux) this.sweep.sweep();
        this.docSynced.emit(docEvent(entry));
      },
      settled: (entry) => links.catchUp?.settled(entry.docId),
      changed: (entry, state) => {
        if (state.status === 'synced') this.announcements?.synced(entry.docId);
        this.recompute();
      },
    };
  }

  /** Goes online (see `deferConnect`): the index and every doc loaded meanwhile connect. */
  start(): void {
    if (!this.held) return;
    this.held = false;
    void this.ready.then(() => {
      for (const entry of this.docs.values()) if (!entry.connection) this.connect(entry);
      this.recompute();
    });
  }

  private connect(entry: LoadedDoc): void {
    if (this.held || !this.relay || !this.links || this.destroyed) return;
    connectDoc(entry, this.connectionContext());
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
    if (!entry.connection) return;
    await untilInStep(entry, cancellation);
    if (cancellation.cancelled) return;
    // Closed here unless the UI holds it; a page the UI opened and released meanwhile
    // was left open for this job, so it is closed here too.
    if (entry.refs === 0 && !entry.releaseTimer) await this.docs.close(entry);
  }

  private recompute(): void {
    const index = this.indexEntry.connection?.syncState ?? null;
    const busy = this.sweep.busy || (this.links?.busy ?? false) || this.docs.values().some((entry) => entry.connection && entry.connection.syncState.status !== 'synced');
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
