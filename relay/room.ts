/**
 * One loaded document: its Y.Doc, its awareness and the peers connected to it.
 * The room implements the server half of the y-websocket protocol and owns the
 * order "apply, persist, then broadcast" ([R2]).
 *
 * With a synchronous store everything happens in the calling tick. With an
 * asynchronous one ([S3]) the room runs a serial queue: while a load or an
 * append is in flight, every later message, greeting and remote update waits
 * its turn, so nobody sees (or is told the relay holds) what is not stored yet.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol';
import { RelayError, malformed } from './errors';
import type { Logger } from './log';
import type { ClientMessage } from './messages';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate, filterAwarenessUpdate } from './messages';
import { assertNestingBounded } from './nesting';
import { validateUpdate } from './validate-update';
import type { AnyDocStore, AsyncDocStore, DocStore, StoredUpdate } from './storage';
import { BackendUnavailableError, isAsyncStore } from './storage';

/** A connected client as the room sees it; the websocket stays in server.ts. */
export interface Peer {
  readonly id: string;
  /**
   * Who the connection speaks for (its token's id). Peers with the same identity may
   * take over each other's awareness client ids — the same device reconnecting before
   * its old socket is gone; others may not ([R8]). Undefined without auth: all alike.
   */
  readonly identity?: string;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RoomOptions {
  store: AnyDocStore;
  logger: Logger;
  /** Compact the room's rows into one once it has more than this many ([R7]). */
  compactThreshold: number;
  /** Called once if the room can no longer guarantee durability (or could not load) and shut itself down. */
  onBroken?: (room: Room, error: RelayError) => void;
  /** Called once the stored state is loaded (at once with a synchronous store). */
  onLoaded?: (room: Room) => void;
}

/** Origin of transactions that replay stored rows; they must not be stored again. */
const LOAD_ORIGIN = Symbol('load');
/** Origin of updates another instance stored ([S4]): broadcast here, never stored again. */
const REMOTE_ORIGIN = Symbol('remote');

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
/** Awareness client ids waiting to be relayed, each with the peer that sent it (undefined: the relay itself). */
type HeldStates = Map<number, Peer | undefined>;

/**
 * [R8] How long the relay may hold a renewal (a client announcing its unchanged
 * state again) before relaying it. Stock clients renew every 15 to 18 s and drop
 * a state they have not heard of for 30 s, so a second's wait costs nothing, and
 * the renewals of a room that arrive within it leave as one frame per peer.
 */
export const RENEWAL_DELAY_MS = 1_000;

/**
 * [R8] A room relays awareness changes at most once per this many ms: the first
 * change after a quiet spell at once, the changes that follow within the window
 * together when it ends, as one frame per peer holding only the latest states.
 * Cursors move on every keystroke and clients that connected together announce
 * themselves together; a room of n people would otherwise send n frames to each
 * of them in such a moment (and stock clients echo every one back).
 */
export const AWARENESS_WINDOW_MS = 50;

export class Room {
  private currentDoc!: Y.Doc;
  private currentAwareness!: awarenessProtocol.Awareness;
  /** Each peer with the awareness client ids it announced, removed when it leaves. */
  private readonly peers = new Map<Peer, Set<number>>();
  /** The peer that announced each awareness client id last ([R8]). */
  private readonly owners = new Map<number, Peer>();
  private lastSeq = 0;
  private storedRows = 0;
  /** Bytes appended since the last compaction, and the size of what that compaction wrote. */
  private appendedBytes = 0;
  private compactedBytes = 0;
  /** The effective update of the transaction that just ran (only what was new). */
  private captured: Uint8Array | null = null;
  private destroyed = false;
  /** Client ids whose state the update being applied changed (not just renewed). */
  private readonly changedStates = new Set<number>();
  /** Client ids renewed and not yet relayed, with the peer that sent each; sent together when the timer fires ([R8]). */
  private readonly renewals: HeldStates = new Map();
  private renewalTimer: NodeJS.Timeout | null = null;
  /** Changed client ids held until the awareness window ends, with their senders; the timer runs while the window is open ([R8]). */
  private readonly heldChanges: HeldStates = new Map();
  private awarenessWindow: NodeJS.Timeout | null = null;
  /** The last compaction started on an asynchronous store; settled when none runs. */
  private compaction: Promise<void> = Promise.resolve();
  /** Whether structs pending in the doc may hold shared types ([R26] nesting). */
  private pendingTypes = false;
  /** Settles when the last queued task has run; null when the queue is empty ([S3]). */
  private tail: Promise<void> | null = null;

  private constructor(
    readonly name: string,
    private readonly options: RoomOptions,
  ) {
    this.attach(new Y.Doc());
  }

  get doc(): Y.Doc {
    return this.currentDoc;
  }

  get awareness(): awarenessProtocol.Awareness {
    return this.currentAwareness;
  }

  /** A room has one doc; a load that has to start over ([R31]) replaces it before anyone saw it. */
  private attach(doc: Y.Doc): void {
    this.currentDoc = doc;
    this.currentAwareness = new awarenessProtocol.Awareness(doc);
    // The relay is not a participant: it must not show up as a cursor.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== LOAD_ORIGIN) this.captured = update;
    });
    // Yjs emits 'change' (states that differ) just before 'update' (those and the renewals).
    this.awareness.on('change', ({ updated }: AwarenessChange) => {
      for (const id of updated) this.changedStates.add(id);
    });
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.onAwareness(change, origin));
  }

  /**
   * Loads a room from the store. The only way a Room is created ([R5]: one loading path).
   * An asynchronous store returns the room at once with its load as the first queued
   * task; if that load fails, the room fails like a broken store ([R12]).
   */
  static load(name: string, options: RoomOptions): Room {
    const room = new Room(name, options);
    const { store } = options;
    if (isAsyncStore(store)) {
      room.track(
        store.loadUpdates(name).then(
          (rows) => {
            room.replay(rows);
            if (!room.destroyed) options.onLoaded?.(room);
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
    if (this.destroyed) return;
    // [R31] A row the relay would refuse from a client today (stored before a
    // rule existed, or damaged on disk) is skipped, not applied: it stays
    // stored for inspection until a compaction replaces the rows, and the rest
    // of the room loads.
    const usable = rows.filter((row) => this.usableRow(row));
    if (!this.replayAll(usable)) {
      // Something Yjs only notices while integrating: start over on a new doc,
      // one row per transaction, and leave out each row that fails.
      this.doc.destroy();
      this.attach(new Y.Doc());
      this.replayOneByOne(usable);
    }
    this.lastSeq = rows.reduce((max, row) => Math.max(max, row.seq), 0);
    this.storedRows = rows.length;
    this.appendedBytes = rows.reduce((sum, row) => sum + row.data.length, 0);
  }

  private usableRow(row: StoredUpdate): boolean {
    try {
      if (validateUpdate(row.data).types > 0) assertNestingBounded(this.doc, row.data);
      return true;
    } catch (error) {
      this.options.logger.error('stored update refused', { room: this.name, seq: row.seq, error });
      return false;
    }
  }

  /** All rows in one transaction: the fast path. False if anything failed. */
  private replayAll(rows: StoredUpdate[]): boolean {
    try {
      this.doc.transact(() => {
        for (const row of rows) Y.applyUpdate(this.doc, row.data, LOAD_ORIGIN);
      }, LOAD_ORIGIN);
      return true;
    } catch (error) {
      this.options.logger.error('stored updates failed to apply together; loading them one by one', { room: this.name, error });
      return false;
    }
  }

  /** One row per transaction; a row that fails is left out, and the doc rebuilt without what it integrated. */
  private replayOneByOne(rows: StoredUpdate[]): void {
    const applied: StoredUpdate[] = [];
    for (const row of rows) {
      try {
        Y.applyUpdate(this.doc, row.data, LOAD_ORIGIN);
        applied.push(row);
      } catch (error) {
        this.options.logger.error('stored update failed to apply', { room: this.name, seq: row.seq, error });
        this.doc.destroy();
        this.attach(new Y.Doc());
        for (const good of applied) Y.applyUpdate(this.doc, good.data, LOAD_ORIGIN);
      }
    }
  }

  get peerCount(): number {
    return this.peers.size;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Number of rows the store holds for this room (for tests and metrics). */
  get storedRowCount(): number {
    return this.storedRows;
  }

  join(peer: Peer): void {
    this.assertAlive();
    this.peers.set(peer, new Set());
    this.run(() => {
      if (this.destroyed || !this.peers.has(peer)) return;
      peer.send(encodeSyncStep1(this.doc));
      const states = this.awareness.getStates();
      if (states.size > 0) peer.send(encodeAwareness(this.awareness, Array.from(states.keys())));
    }).catch(() => {});
  }

  leave(peer: Peer): void {
    const clients = this.peers.get(peer);
    if (!clients) return;
    this.peers.delete(peer);
    for (const id of clients) this.owners.delete(id);
    if (!this.destroyed && clients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(clients), null);
    }
  }

  /**
   * Handles one decoded message; throws a `malformed` RelayError for bad content.
   * Behind an asynchronous store the message may wait in the queue ([S3]): then
   * the returned promise settles once it is handled, and rejects instead of throwing.
   */
  receive(peer: Peer, message: ClientMessage): void | Promise<void> {
    if (this.tail !== null) return this.run(() => this.handle(peer, message));
    const result = this.handle(peer, message);
    return result instanceof Promise ? this.track(result) : result;
  }

  /** An update another instance stored ([S4]): applied and sent to every peer, not stored again. */
  applyRemote(update: Uint8Array): void {
    this.run(() => {
      if (this.destroyed) return;
      this.captured = null;
      try {
        Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
      } catch (error) {
        // It is stored already; another load will meet it again. Nothing to send.
        this.options.logger.warn('remote update failed to apply', { room: this.name, error });
      }
      const effective = this.captured;
      this.captured = null;
      this.storedRows += 1;
      if (effective !== null) this.broadcast(encodeSyncUpdate(effective));
    }).catch(() => {});
  }

  /** Runs `task` now if nothing is queued, else after everything queued before it. */
  private run(task: () => void | Promise<void>): Promise<void> {
    if (this.tail === null) {
      try {
        const result = task();
        return result instanceof Promise ? this.track(result) : Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.track(this.tail.then(task));
  }

  private track(work: Promise<void>): Promise<void> {
    const tail = work.then(
      () => {},
      () => {},
    );
    this.tail = tail;
    void tail.then(() => {
      if (this.tail === tail) this.tail = null;
    });
    return work;
  }

  private handle(peer: Peer, message: ClientMessage): void | Promise<void> {
    if (this.destroyed || !this.peers.has(peer)) return;
    switch (message.type) {
      case 'sync-step1':
        // [R3] Diff first, then our own state vector: the client answers with
        // what we lack, and learns from the vector which of its edits we hold.
        return this.reply(peer, () => [encodeSyncStep2(this.doc, message.stateVector), encodeSyncStep1(this.doc)]);
      case 'sync-step2':
      case 'sync-update':
        this.checkNesting(message.update, message.types);
        return this.applyFromPeer(peer, message.update);
      case 'awareness': {
        // [R8] Entries for another identity's client ids (someone else's cursor and name)
        // are dropped, not relayed. Stock clients echo other clients' states too, so
        // this is no reason to close the connection.
        try {
          const own = filterAwarenessUpdate(message.update, (id) => {
            const owner = this.owners.get(id);
            return owner === undefined || owner === peer || owner.identity === peer.identity;
          });
          if (own !== null) awarenessProtocol.applyAwarenessUpdate(this.awareness, own, peer);
        } catch (error) {
          throw malformed('invalid awareness update', error);
        }
        return;
      }
      case 'query-awareness':
        return this.reply(peer, () => [encodeAwareness(this.awareness, Array.from(this.awareness.getStates().keys()))]);
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

  /**
   * [R26] Refuses an update that would nest shared types too deep, before Yjs
   * sees it. Only updates that bring types can deepen the tree, and the
   * structs still pending, once they integrate; the rest skip the check.
   */
  private checkNesting(update: Uint8Array, types: number | undefined): void {
    if (this.doc.store.pendingStructs === null) this.pendingTypes = false;
    if (types === 0 && !this.pendingTypes) return;
    assertNestingBounded(this.doc, update);
    if (types !== 0) this.pendingTypes = true;
  }

  private applyFromPeer(peer: Peer, update: Uint8Array): void | Promise<void> {
    this.captured = null;
    let failure: unknown = null;
    const pendingBefore = snapshotPending(this.doc);
    const bytesBefore = pendingBytes(this.doc);
    const stateBefore = stateVectorOf(this.doc);
    try {
      Y.applyUpdate(this.doc, update, peer);
    } catch (error) {
      failure = error;
    }
    const bytesAfter = pendingBytes(this.doc);
    if (failure !== null) {
      // A refused update leaves nothing waiting for dependencies ([R30]).
      restorePending(this.doc, pendingBefore);
    } else if (bytesAfter > bytesBefore && bytesAfter > MAX_PENDING_BYTES) {
      // [R30] Structs waiting for dependencies the relay never saw are kept,
      // merged into every sync step 1 answer and every compaction: a client
      // that keeps sending them could grow a room without bound. Honest clients
      // leave almost nothing pending, so past the cap the update is refused.
      restorePending(this.doc, pendingBefore);
      failure = new Error(`update leaves more than ${MAX_PENDING_BYTES} bytes waiting for missing dependencies`);
    }
    let effective: Uint8Array | null = this.captured;
    this.captured = null;
    if (failure !== null && !sameStateVector(stateBefore, stateVectorOf(this.doc)) && !appliesCleanly(this.doc)) {
      // [R26] What Yjs integrated before failing left a state a stock client
      // cannot apply. Nothing of it is stored or sent: the room reloads from the store.
      this.fail(new RelayError('state-unencodable', `room ${this.name} cannot encode its state`, { cause: failure }));
      throw malformed('invalid Yjs update', failure);
    }
    if (failure !== null && effective === null && !sameStateVector(stateBefore, stateVectorOf(this.doc))) {
      // Yjs can integrate structs and then fail in its own cleanup before it
      // emits the update: what it integrated is in the doc but in no update.
      // Store exactly that, so nothing is forwarded that is not stored ([R2]).
      try {
        effective = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(stateBefore));
      } catch (error) {
        this.fail(new RelayError('state-unencodable', `room ${this.name} cannot encode its state`, { cause: error }));
        throw malformed('invalid Yjs update', failure);
      }
    }
    // An update waiting for a missing dependency is not in `effective` yet;
    // store the raw frame so a restart still has it ([R6]) — only when this
    // update is what added to the waiting part.
    const toStore = failure === null && bytesAfter !== bytesBefore ? update : effective;
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
    this.stored(update.length);
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
    this.stored(update.length);
    return true;
  }

  /**
   * [R7][R20] Compacting rewrites the whole doc, so doing it every N rows costs
   * O(doc) per N edits — quadratic for a large document. Instead compact once
   * the rows appended since the last compaction outweigh what it wrote: storage
   * stays under about twice the compacted doc, and the rewrite cost is
   * amortised over at least as many bytes of edits. A cap on rows keeps loads quick.
   */
  private stored(bytes: number): void {
    this.storedRows += 1;
    this.appendedBytes += bytes;
    const { compactThreshold } = this.options;
    if (this.storedRows <= compactThreshold) return;
    if (this.appendedBytes > this.compactedBytes || this.storedRows > compactThreshold * 20) this.compact();
  }

  /** Settles once the compaction in flight (asynchronous stores, [S6]) has finished or failed. */
  whenCompacted(): Promise<void> {
    return this.compaction;
  }

  /** [R7] Replaces every stored row with one update holding the whole doc. */
  compact(): void {
    if (this.destroyed || this.storedRows <= 1) return;
    const { store } = this.options;
    if (isAsyncStore(store)) {
      // [S6] Merged from what is stored, in the background: rows stay valid until it commits.
      // [R20] Until it says how big the merged row is, what is stored now bounds it.
      this.compactedBytes += this.appendedBytes;
      this.compaction = store.compact(this.name, this.lastSeq).then(
        (mergedBytes) => {
          if (mergedBytes !== null) this.compactedBytes = mergedBytes;
        },
        (error: unknown) => {
          // [S7] An outage is logged once by the store, not once per room.
          if (!(error instanceof BackendUnavailableError)) this.options.logger.error('compaction failed', { room: this.name, error });
        },
      );
      this.storedRows = 1;
      this.appendedBytes = 0;
      return;
    }
    try {
      const merged = Y.encodeStateAsUpdate(this.doc);
      store.compact(this.name, merged, this.lastSeq);
      this.storedRows = 1;
      this.appendedBytes = 0;
      this.compactedBytes = merged.length;
    } catch (error) {
      // The rows are untouched (one transaction), so nothing is lost; try again later.
      this.options.logger.error('compaction failed', { room: this.name, error });
    }
  }

  private onAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    // Destroying the doc removes the relay's own (null) state; there is no one left to tell.
    if (this.destroyed) return;
    const peer = origin as Peer;
    const peerClients = origin !== null ? this.peers.get(peer) : undefined;
    if (peerClients) {
      // The last peer to announce a state owns it: when an old socket of the same
      // device closes later, it no longer takes the new socket's cursor with it.
      for (const id of added.concat(updated)) {
        const previous = this.owners.get(id);
        if (previous !== undefined && previous !== peer) this.peers.get(previous)?.delete(id);
        this.owners.set(id, peer);
        peerClients.add(id);
      }
      for (const id of removed) {
        peerClients.delete(id);
        if (this.owners.get(id) === peer) this.owners.delete(id);
      }
    }
    const changed = added.concat(removed);
    const renewed: number[] = [];
    for (const id of updated) (this.changedStates.has(id) ? changed : renewed).push(id);
    this.changedStates.clear();
    for (const id of changed) this.renewals.delete(id);
    const from = peerClients ? peer : undefined;
    if (changed.length > 0) this.relayChanges(changed, from);
    if (renewed.length > 0) this.holdRenewals(renewed, from);
  }

  /** [R8] At once unless the room relayed changes less than a window ago; then with the others when that window ends. */
  private relayChanges(ids: number[], from: Peer | undefined): void {
    if (this.awarenessWindow !== null) {
      for (const id of ids) this.heldChanges.set(id, from);
      return;
    }
    // Not back to the sender, which knows its own state.
    this.broadcast(encodeAwareness(this.awareness, ids), from);
    this.openAwarenessWindow();
  }

  private openAwarenessWindow(): void {
    this.awarenessWindow = setTimeout(() => {
      this.awarenessWindow = null;
      if (this.heldChanges.size === 0) return;
      // Encoded now: a state that changed twice leaves once, as it is; a removed one as removed.
      this.relayStates(this.heldChanges);
      this.heldChanges.clear();
      this.openAwarenessWindow();
    }, AWARENESS_WINDOW_MS);
    this.awarenessWindow.unref();
  }

  /**
   * [R8] Every client renews its state every 15 s, so a busy room would relay a
   * frame to every peer per client per renewal, in bursts (clients that connected
   * together renew together). Renewals wait up to RENEWAL_DELAY_MS instead and
   * leave together: one frame per peer, without the peer's own states.
   */
  private holdRenewals(ids: number[], from: Peer | undefined): void {
    for (const id of ids) this.renewals.set(id, from);
    if (this.renewalTimer !== null) return;
    this.renewalTimer = setTimeout(() => this.relayRenewals(), RENEWAL_DELAY_MS);
    this.renewalTimer.unref();
  }

  private relayRenewals(): void {
    this.renewalTimer = null;
    const states = this.awareness.getStates();
    // A state removed meanwhile was relayed as removed; it is not renewed after that.
    for (const id of this.renewals.keys()) if (!states.has(id)) this.renewals.delete(id);
    if (this.renewals.size > 0) this.relayStates(this.renewals);
    this.renewals.clear();
  }

  /** The current states of `held`, one frame per peer, each without what the peer sent itself or owns. */
  private relayStates(held: HeldStates): void {
    const ids = Array.from(held.keys());
    let toAll: Uint8Array | null = null;
    for (const [peer, own] of this.peers) {
      const others = ids.filter((id) => held.get(id) !== peer && !own.has(id));
      if (others.length === ids.length) peer.send((toAll ??= encodeAwareness(this.awareness, ids)));
      else if (others.length > 0) peer.send(encodeAwareness(this.awareness, others));
    }
  }

  private broadcast(frame: Uint8Array, except?: Peer): void {
    for (const peer of this.peers.keys()) {
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
    if (this.renewalTimer !== null) clearTimeout(this.renewalTimer);
    if (this.awarenessWindow !== null) clearTimeout(this.awarenessWindow);
    this.renewalTimer = null;
    this.awarenessWindow = null;
    this.options.store.release?.(this.name);
    const peers = Array.from(this.peers.keys());
    this.peers.clear();
    for (const peer of peers) peer.close(closeCode, reason);
    this.doc.destroy();
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error(`room ${this.name} is destroyed`);
  }
}

/** Bytes of updates a room holds that cannot integrate until their dependencies arrive ([R30]). */
export const MAX_PENDING_BYTES = 4 * 2 ** 20;

interface PendingSnapshot {
  structs: { missing: Map<number, number>; update: Uint8Array } | null;
  ds: Uint8Array | null;
}

/**
 * The doc's state vector as a map, read from its struct store: what
 * `Y.encodeStateVector` encodes, without encoding and sorting it on every update.
 */
function stateVectorOf(doc: Y.Doc): Map<number, number> {
  const vector = new Map<number, number>();
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    if (last) vector.set(client, last.id.clock + last.length);
  }
  return vector;
}

/** Whether a fresh doc (a stock client) can apply the doc's whole state and encode it again. */
function appliesCleanly(doc: Y.Doc): boolean {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    Y.encodeStateAsUpdate(copy);
    return true;
  } catch {
    return false;
  } finally {
    copy.destroy();
  }
}

function sameStateVector(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}

function pendingBytes(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.length ?? 0) + (doc.store.pendingDs?.length ?? 0);
}

/** Yjs mutates the pending record in place, so keep a copy to go back to. */
function snapshotPending(doc: Y.Doc): PendingSnapshot {
  const structs = doc.store.pendingStructs;
  return { structs: structs ? { missing: new Map(structs.missing), update: structs.update } : null, ds: doc.store.pendingDs };
}

function restorePending(doc: Y.Doc, snapshot: PendingSnapshot): void {
  doc.store.pendingStructs = snapshot.structs;
  doc.store.pendingDs = snapshot.ds;
}
