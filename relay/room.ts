/**
 * One loaded document: its Y.Doc, its awareness and the peers connected to it.
 * The room implements the server half of the y-websocket protocol and owns the
 * order "apply, persist, then broadcast" ([R2]).
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol';
import { RelayError, malformed } from './errors';
import type { Logger } from './log';
import type { ClientMessage } from './messages';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './messages';
import type { DocStore } from './storage';

/** A connected client as the room sees it; the websocket stays in server.ts. */
export interface Peer {
  readonly id: string;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RoomOptions {
  store: DocStore;
  logger: Logger;
  /** Compact the room's rows into one once it has more than this many ([R7]). */
  compactThreshold: number;
  /** Called once if the room can no longer guarantee durability and shut itself down. */
  onBroken?: (room: Room) => void;
}

/** Origin of transactions that replay stored rows; they must not be stored again. */
const LOAD_ORIGIN = Symbol('load');

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Each peer with the awareness client ids it announced, removed when it leaves. */
  private readonly peers = new Map<Peer, Set<number>>();
  private lastSeq = 0;
  private storedRows = 0;
  /** The effective update of the transaction that just ran (only what was new). */
  private captured: Uint8Array | null = null;
  private destroyed = false;

  private constructor(
    readonly name: string,
    private readonly options: RoomOptions,
  ) {
    // The relay is not a participant: it must not show up as a cursor.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== LOAD_ORIGIN) this.captured = update;
    });
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.onAwareness(change, origin));
  }

  /** Loads a room from the store. The only way a Room is created ([R5]: one loading path). */
  static load(name: string, options: RoomOptions): Room {
    const room = new Room(name, options);
    try {
      const rows = options.store.loadUpdates(name);
      room.doc.transact(() => {
        for (const row of rows) Y.applyUpdate(room.doc, row.data, LOAD_ORIGIN);
      }, LOAD_ORIGIN);
      room.lastSeq = rows.at(-1)?.seq ?? 0;
      room.storedRows = rows.length;
    } catch (error) {
      room.doc.destroy();
      throw new RelayError('load-failed', `could not load room ${name}`, { cause: error });
    }
    return room;
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
    peer.send(encodeSyncStep1(this.doc));
    const states = this.awareness.getStates();
    if (states.size > 0) peer.send(encodeAwareness(this.awareness, Array.from(states.keys())));
  }

  leave(peer: Peer): void {
    const clients = this.peers.get(peer);
    if (!clients) return;
    this.peers.delete(peer);
    if (!this.destroyed && clients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(clients), null);
    }
  }

  /** Handles one decoded message; throws a `malformed` RelayError for bad content. */
  receive(peer: Peer, message: ClientMessage): void {
    if (this.destroyed || !this.peers.has(peer)) return;
    switch (message.type) {
      case 'sync-step1':
        // [R3] Diff first, then our own state vector: the client answers with
        // what we lack, and learns from the vector which of its edits we hold.
        peer.send(encodeSyncStep2(this.doc, message.stateVector));
        peer.send(encodeSyncStep1(this.doc));
        return;
      case 'sync-step2':
      case 'sync-update':
        this.applyFromPeer(peer, message.update);
        return;
      case 'awareness':
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, peer);
        } catch (error) {
          throw malformed('invalid awareness update', error);
        }
        return;
      case 'query-awareness':
        peer.send(encodeAwareness(this.awareness, Array.from(this.awareness.getStates().keys())));
        return;
    }
  }

  private applyFromPeer(peer: Peer, update: Uint8Array): void {
    this.captured = null;
    let failure: unknown = null;
    try {
      Y.applyUpdate(this.doc, update, peer);
    } catch (error) {
      // Yjs integrates structs before it reads the delete set, so a frame can
      // fail half way after changing the doc; what changed is still committed
      // below, so memory and disk never disagree.
      failure = error;
    }
    const effective = this.captured;
    this.captured = null;
    const pending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    // An update waiting for a missing dependency is not in `effective` yet;
    // store the raw frame so a restart still has it ([R6]).
    const toStore = failure === null && pending ? update : effective;
    if (toStore !== null && !this.persist(toStore)) return;
    if (effective !== null) this.broadcast(encodeSyncUpdate(effective), peer);
    if (failure !== null) throw malformed('invalid Yjs update', failure);
  }

  /** [R2] Appends to the store; on failure the room shuts down and returns false. */
  private persist(update: Uint8Array): boolean {
    try {
      this.lastSeq = this.options.store.appendUpdate(this.name, update);
      this.storedRows += 1;
    } catch (error) {
      this.fail(new RelayError('persist-failed', `could not persist update to ${this.name}`, { cause: error }));
      return false;
    }
    if (this.storedRows > this.options.compactThreshold) this.compact();
    return true;
  }

  /** [R7] Replaces every stored row with one update holding the whole doc. */
  compact(): void {
    if (this.destroyed || this.storedRows <= 1) return;
    try {
      this.options.store.compact(this.name, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
      this.storedRows = 1;
    } catch (error) {
      // The rows are untouched (one transaction), so nothing is lost; try again later.
      this.options.logger.error('compaction failed', { room: this.name, error });
    }
  }

  private onAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const peerClients = origin !== null ? this.peers.get(origin as Peer) : undefined;
    if (peerClients) {
      for (const id of added) peerClients.add(id);
      for (const id of removed) peerClients.delete(id);
    }
    const changed = added.concat(updated, removed);
    if (changed.length > 0) this.broadcast(encodeAwareness(this.awareness, changed));
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
    this.options.logger.error('room failed', { room: this.name, reason: error.reason, error: error.cause ?? error });
    // Drop the doc without compacting: it may hold what the store refused,
    // and the next load must reflect the store, not memory.
    this.destroy(CloseCode.internal, error.reason);
    this.options.onBroken?.(this);
  }

  private destroy(closeCode: number, reason: string): void {
    this.destroyed = true;
    const peers = Array.from(this.peers.keys());
    this.peers.clear();
    for (const peer of peers) peer.close(closeCode, reason);
    this.doc.destroy();
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error(`room ${this.name} is destroyed`);
  }
}
