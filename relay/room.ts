/**
 * One loaded document: its Y.Doc and the peers connected to it. The room is the
 * server half of the y-websocket protocol and owns the order "apply, persist,
 * then broadcast" ([R2]); its parts each do one job and are tested alone:
 * - `awareness-relay.ts`: cursors and names, their owners and batching ([R8]);
 * - `integrate.ts`: applying a client's update and what of it to store ([R26], [R30]);
 * - `serial-queue.ts`: the order of work behind an asynchronous load or store ([S3]);
 * - `compaction-policy.ts`: when the stored rows are merged into one ([R7], [R20]);
 * - `load-doc.ts`: the doc from the stored rows, bad rows left out ([R31]).
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import { messageYjsSyncStep2 } from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode, MESSAGE_SYNC } from '../shared/protocol';
import { AwarenessRelay } from './awareness-relay';
import { CompactionPolicy } from './compaction-policy';
import { RelayError, malformed } from './errors';
import type { Capture } from './integrate';
import { integrate, noteTransaction } from './integrate';
import { loadDoc } from './load-doc';
import type { Logger } from './log';
import type { ClientMessage } from './messages';
import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './messages';
import { assertNestingBounded } from './nesting';
import type { Peer } from './peer';
import { SerialQueue } from './serial-queue';
import type { AnyDocStore, AsyncDocStore, DocStore, StoredUpdate } from './storage';
import { BackendUnavailableError, isAsyncStore } from './storage';
import type { ChangeStamp } from './storage/changes';
import { hasChangeLog } from './storage/changes';

export interface RoomOptions {
  store: AnyDocStore;
  logger: Logger;
  /** Compact the room's rows into one once it has more than this many ([R7]). */
  compactThreshold: number;
  /** Called once if the room can no longer guarantee durability (or could not load) and shut itself down. */
  onBroken?: (room: Room, error: RelayError) => void;
  /** Called once the stored state is loaded (at once when it is read synchronously). */
  onLoaded?: (room: Room) => void;
  /**
   * Read a synchronous store's rows with its `loadUpdatesAsync`, if it has one:
   * the event loop runs on while they are read, and the room queues its work
   * behind the load as on an asynchronous store ([R5]). The relay's rooms do.
   */
  loadAsync?: boolean;
}

/** What a multiplexed channel asks when it opens a doc ([R38]). */
export interface ChannelOpen {
  /** The client's state vector (validated): its sync step 1. */
  stateVector: Uint8Array;
  /** Follow the step 2 with the room's own step 1. */
  answer: boolean;
  /** The catch-up cursor the client reached; 0 for none ([R39]). */
  since: number;
}

/** Sync step 2 with an update holding nothing: no structs, no delete set ([R39]). */
const EMPTY_STEP2 = new Uint8Array([MESSAGE_SYNC, messageYjsSyncStep2, 2, 0, 0]);

/** Origin of updates another instance stored ([S4]): broadcast here, never stored again. */
const REMOTE_ORIGIN = Symbol('remote');

export class Room {
  private currentDoc!: Y.Doc;
  private readonly awarenessRelay: AwarenessRelay;
  private readonly queue = new SerialQueue();
  private readonly compaction: CompactionPolicy;
  /** The effective update of the transaction that just ran (only what was new). */
  private readonly capture: Capture = { update: null, deleted: false, misplaced: false };
  private lastSeq = 0;
  private destroyed = false;
  /** The last compaction started on an asynchronous store; settled when none runs. */
  private compacting: Promise<void> = Promise.resolve();

  private constructor(
    readonly name: string,
    private readonly options: RoomOptions,
  ) {
    this.compaction = new CompactionPolicy(options.compactThreshold);
    this.attach(new Y.Doc());
    this.awarenessRelay = new AwarenessRelay(this.awareness, (error) => options.logger.error('awareness states could not be relayed', { room: name, error }));
  }

  get doc(): Y.Doc {
    return this.currentDoc;
  }

  get awareness(): awarenessProtocol.Awareness {
    return this.currentAwareness;
  }

  private currentAwareness!: awarenessProtocol.Awareness;

  /** The room's doc; a load replaces the empty one it started with, before anyone was sent anything. */
  private attach(doc: Y.Doc, previous?: awarenessProtocol.Awareness): void {
    this.currentDoc = doc;
    doc.on('update', (update: Uint8Array) => (this.capture.update = update));
    doc.on('afterTransaction', (transaction: Y.Transaction) => noteTransaction(this.capture, transaction));
    this.currentAwareness = new awarenessProtocol.Awareness(doc);
    // A doc reloaded under connected peers keeps their cursors; applied before the relay listens, so nothing is relayed.
    const states = previous ? Array.from(previous.getStates().keys()).filter((id) => id !== previous.clientID) : [];
    if (previous && states.length > 0) awarenessProtocol.applyAwarenessUpdate(this.currentAwareness, awarenessProtocol.encodeAwarenessUpdate(previous, states), null);
    // Absent only while the constructor runs; it then starts on this awareness.
    this.awarenessRelay?.attach(this.currentAwareness);
  }

  /**
   * Loads a room from the store. The only way a Room is created ([R5]: one loading path).
   * An asynchronous store (or `loadAsync` on a store that can read without blocking)
   * returns the room at once with its load as the first queued task; if that load
   * fails, the room fails like a broken store ([R12]).
   */
  static load(name: string, options: RoomOptions): Room {
    const room = new Room(name, options);
    const { store } = options;
    if (isAsyncStore(store) || (options.loadAsync && store.loadUpdatesAsync)) {
      const loading = isAsyncStore(store) ? store.loadUpdates(name) : store.loadUpdatesAsync!(name);
      room.queue.track(
        loading.then(
          (rows) => {
            if (room.destroyed) return;
            room.replay(rows);
            options.onLoaded?.(room);
          },
          (error: unknown) => room.fail(new RelayError('load-failed', `could not load room ${name}`, { cause: error })),
        ),
      );
      return room;
    }
    try {
      room.replay(store.loadUpdates(name));
    } catch (error) {
      room.doc.destroy();
      throw new RelayError('load-failed', `could not load room ${name}`, { cause: error });
    }
    options.onLoaded?.(room);
    return room;
  }

  private replay(rows: StoredUpdate[]): void {
    const replaced = this.doc;
    this.attach(loadDoc(this.name, rows, this.options.logger), this.currentAwareness);
    replaced.destroy();
    this.lastSeq = rows.reduce((max, row) => Math.max(max, row.seq), 0);
    this.compaction.loaded(
      rows.length,
      rows.reduce((sum, row) => sum + row.data.length, 0),
    );
  }

  get peerCount(): number {
    return this.awarenessRelay.peerCount;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Number of rows the store holds for this room (for tests and metrics). */
  get storedRowCount(): number {
    return this.compaction.storedRows;
  }

  join(peer: Peer): void {
    this.assertAlive();
    this.awarenessRelay.add(peer);
    this.queue
      .run(() => {
        if (this.destroyed || !this.awarenessRelay.has(peer)) return;
        peer.send(encodeSyncStep1(this.doc));
        const greeting = this.awarenessRelay.greeting();
        if (greeting) peer.send(greeting);
      })
      .catch(() => {});
  }

  /**
   * [R38] A multiplexed channel joins: no greeting; in the room's order of work, sync
   * step 2 from the client's state vector, then the room's step 1 if it asked for an
   * answer, then the awareness states if it asked for presence.
   */
  open(peer: Peer, request: ChannelOpen): void {
    this.assertAlive();
    this.awarenessRelay.add(peer);
    this.queue.run(() => this.answerOpen(peer, request)).catch(() => {});
  }

  private answerOpen(peer: Peer, request: ChannelOpen): void | Promise<void> {
    if (this.destroyed || !this.awarenessRelay.has(peer)) return;
    const { store } = this.options;
    if (request.since === 0 || !hasChangeLog(store)) return this.sendOpenAnswer(peer, request, null);
    let stamp: ChangeStamp | Promise<ChangeStamp>;
    try {
      stamp = store.changeStamp(this.name);
    } catch (error) {
      this.options.logger.warn('change stamp unreadable; sending a full step 2', { room: this.name, error });
      return this.sendOpenAnswer(peer, request, null);
    }
    if (!(stamp instanceof Promise)) return this.sendOpenAnswer(peer, request, stamp);
    // Read in the room's order of work: an update stored after the read reaches the peer as an update.
    return stamp.then(
      (read) => this.sendOpenAnswer(peer, request, read),
      () => this.sendOpenAnswer(peer, request, null),
    );
  }

  private sendOpenAnswer(peer: Peer, request: ChannelOpen, stamp: ChangeStamp | null): void {
    if (this.destroyed || !this.awarenessRelay.has(peer)) return;
    // [R39] Empty only when provable: the doc has a stamp, no later one, and the cursor is one this store could have handed out.
    const unchanged = stamp !== null && stamp.doc > 0 && stamp.doc <= request.since && request.since <= stamp.workspace;
    this.reply(peer, () => {
      const frames = [unchanged ? EMPTY_STEP2 : encodeSyncStep2(this.doc, request.stateVector)];
      if (request.answer) frames.push(encodeSyncStep1(this.doc));
      const greeting = AwarenessRelay.present(peer) ? this.awarenessRelay.greeting() : null;
      if (greeting) frames.push(greeting);
      return frames;
    });
  }

  leave(peer: Peer): void {
    this.awarenessRelay.remove(peer);
  }

  /**
   * Handles one decoded message; throws a `malformed` RelayError for bad content.
   * Behind an asynchronous store the message may wait in the queue ([S3]): then
   * the returned promise settles once it is handled, and rejects instead of throwing.
   */
  receive(peer: Peer, message: ClientMessage): void | Promise<void> {
    if (this.queue.busy) return this.queue.run(() => this.handle(peer, message));
    const result = this.handle(peer, message);
    return result instanceof Promise ? this.queue.track(result) : result;
  }

  /** An update another instance stored ([S4]): applied and sent to every peer, not stored again. */
  applyRemote(update: Uint8Array): void {
    this.queue
      .run(() => {
        if (this.destroyed) return;
        this.capture.update = null;
        try {
          Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
        } catch (error) {
          // It is stored already; another load will meet it again. Nothing to send.
          this.options.logger.warn('remote update failed to apply', { room: this.name, error });
        }
        const effective = this.capture.update;
        this.capture.update = null;
        this.compaction.appendedElsewhere();
        if (effective !== null) this.broadcast(encodeSyncUpdate(effective));
      })
      .catch(() => {});
  }

  private handle(peer: Peer, message: ClientMessage): void | Promise<void> {
    if (this.destroyed || !this.awarenessRelay.has(peer)) return;
    switch (message.type) {
      case 'sync-step1':
        // [R3] Diff first, then our own state vector: the client answers with
        // what we lack, and learns from the vector which of its edits we hold.
        // A multiplexed channel asks for the step 1 in its OPEN when it wants it ([R38]).
        if (peer.channel) return this.reply(peer, () => [encodeSyncStep2(this.doc, message.stateVector)]);
        return this.reply(peer, () => [encodeSyncStep2(this.doc, message.stateVector), encodeSyncStep1(this.doc)]);
      case 'sync-step2':
      case 'sync-update':
        return this.applyFromPeer(peer, message.update, message.types);
      case 'awareness':
        // [R38] A channel without presence neither hears nor sends awareness.
        if (!AwarenessRelay.present(peer)) return;
        return this.awarenessRelay.receive(peer, message.update);
      case 'query-awareness':
        if (!AwarenessRelay.present(peer)) return;
        return this.reply(peer, () => [this.awarenessRelay.everyState()]);
    }
  }

  /**
   * Encodes replies to a valid request. If the room's state cannot be encoded
   * (Yjs failing on odd pending structs), the requester is not to blame: the
   * room is dropped and reloaded from the store on the next connection ([R12]),
   * instead of answering every request with an error.
   */
  private reply(peer: Peer, encode: () => Uint8Array[]): void {
    let frames: Uint8Array[];
    try {
      frames = encode();
    } catch (error) {
      this.fail(new RelayError('state-unencodable', `room ${this.name} cannot encode its state`, { cause: error }));
      return;
    }
    for (const frame of frames) peer.send(frame);
  }

  private applyFromPeer(peer: Peer, update: Uint8Array, types: number | undefined): void | Promise<void> {
    // [R26] Only updates that bring types can deepen the tree; none is left waiting to do it later.
    if (types !== 0) assertNestingBounded(this.doc, update);
    const { effective, toStore, failure, dirty } = integrate(this.doc, update, peer, this.capture, types);
    if (dirty) {
      // [R26] Nothing of it is stored or sent, and the doc goes back to what is stored.
      this.reloadFromStore(failure);
      throw malformed('invalid Yjs update', failure);
    }
    const finish = (stored: boolean): void => {
      if (!stored) return;
      if (effective !== null) this.broadcast(encodeSyncUpdate(effective), peer);
      if (failure !== null) throw malformed('invalid Yjs update', failure);
    };
    if (toStore === null) return finish(true);
    const { store } = this.options;
    if (isAsyncStore(store)) return this.persistAsync(store, toStore).then(finish);
    return finish(this.persist(toStore));
  }

  /** [R2] Appends to the store; on failure the room shuts down and returns false. */
  private persist(update: Uint8Array): boolean {
    try {
      this.lastSeq = (this.options.store as DocStore).appendUpdate(this.name, update);
    } catch (error) {
      this.fail(new RelayError('persist-failed', `could not persist update to ${this.name}`, { cause: error }));
      return false;
    }
    if (this.compaction.appended(update.length)) this.compact();
    return true;
  }

  /** [R2][S2] The same, awaited: the caller broadcasts only once the append is durable. */
  private async persistAsync(store: AsyncDocStore, update: Uint8Array): Promise<boolean> {
    try {
      this.lastSeq = Math.max(this.lastSeq, await store.appendUpdate(this.name, update));
    } catch (error) {
      this.fail(new RelayError('persist-failed', `could not persist update to ${this.name}`, { cause: error }));
      return false;
    }
    if (this.destroyed) return false;
    if (this.compaction.appended(update.length)) this.compact();
    return true;
  }

  /**
   * [R4][R26] A refused update changed the doc (Yjs threw halfway, or a relay
   * rule refused what Yjs applied): the doc is rebuilt from the store, which
   * never saw it, keeping peers and their awareness. Peers were sent nothing
   * of it, so they stay in step. Several instances share rooms through the
   * store, and reading a room again there would race its subscription: on
   * them the room closes and reloads like a failed store ([R12]).
   */
  private reloadFromStore(cause: unknown): void {
    const { store } = this.options;
    if (isAsyncStore(store)) {
      this.fail(new RelayError('state-unencodable', `room ${this.name} took part of a refused update`, { cause }));
      return;
    }
    this.options.logger.warn('a refused update changed the room; reloading it from the store', { room: this.name, error: cause });
    const reload = (rows: StoredUpdate[]) => {
      if (!this.destroyed) this.replay(rows);
    };
    const failed = (error: unknown) => this.fail(new RelayError('load-failed', `could not reload room ${this.name}`, { cause: error }));
    if (this.options.loadAsync && store.loadUpdatesAsync) {
      this.queue.track(store.loadUpdatesAsync(this.name).then(reload, failed)).catch(() => {});
      return;
    }
    try {
      reload(store.loadUpdates(this.name));
    } catch (error) {
      failed(error);
    }
  }

  /** Settles once the compaction in flight (asynchronous stores, [S6]) has finished or failed. */
  whenCompacted(): Promise<void> {
    return this.compacting;
  }

  /** [R7] Replaces every stored row with one update holding the whole doc. */
  compact(): void {
    if (this.destroyed || this.compaction.storedRows <= 1) return;
    const { store } = this.options;
    if (isAsyncStore(store)) {
      // [S6] Merged from what is stored, in the background: rows stay valid until it commits.
      this.compaction.compactionStarted();
      this.compacting = store.compact(this.name, this.lastSeq).then(
        (mergedBytes) => {
          if (mergedBytes !== null) this.compaction.mergedSize(mergedBytes);
        },
        (error: unknown) => {
          // [S7] An outage is logged once by the store, not once per room.
          if (!(error instanceof BackendUnavailableError)) this.options.logger.error('compaction failed', { room: this.name, error });
        },
      );
      return;
    }
    try {
      const merged = Y.encodeStateAsUpdate(this.doc);
      store.compact(this.name, merged, this.lastSeq);
      this.compaction.compacted(merged.length);
    } catch (error) {
      // The rows are untouched (one transaction), so nothing is lost; try again later.
      this.options.logger.error('compaction failed', { room: this.name, error });
    }
  }

  private broadcast(frame: Uint8Array, except?: Peer): void {
    for (const peer of this.awarenessRelay.all()) {
      if (peer !== except) peer.send(frame);
    }
  }

  /** Idle unload or relay shutdown: compact, close peers, free the doc. */
  shutdown(closeCode: number = CloseCode.goingAway, reason = 'relay shutting down'): void {
    if (this.destroyed) return;
    this.compact();
    this.destroy(closeCode, reason);
  }

  private fail(error: RelayError): void {
    // [S7] The store logged its outage once; every room it fails still closes, without a line of its own.
    const reported = error.cause instanceof BackendUnavailableError;
    if (this.destroyed) {
      if (reported) return;
      this.options.logger.error('store failed after the room closed', { room: this.name, reason: error.reason, error: error.cause ?? error });
      return;
    }
    if (!reported) this.options.logger.error('room failed', { room: this.name, reason: error.reason, error: error.cause ?? error });
    // Drop the doc without compacting: it may hold what the store refused,
    // and the next load must reflect the store, not memory.
    this.destroy(CloseCode.internal, error.reason);
    this.options.onBroken?.(this, error);
  }

  private destroy(closeCode: number, reason: string): void {
    this.destroyed = true;
    const peers = this.awarenessRelay.close();
    this.options.store.release?.(this.name);
    for (const peer of peers) peer.close(closeCode, reason);
    this.doc.destroy();
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error(`room ${this.name} is destroyed`);
  }
}
