/**
 * [R8] The awareness half of a room: who announced which client id (and may
 * change it), and when changes and renewals are relayed. Cursors move on every
 * keystroke and clients renew their state every 15 s, so relaying each one to
 * every peer at once would send a busy room n frames per peer per moment;
 * changes leave at most once per window and renewals once per second, each
 * as one frame per peer without that peer's own states.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import { malformed } from './errors';
import { encodeAwareness, filterAwarenessUpdate } from './messages';
import type { Peer } from './peer';

/**
 * How long the relay may hold a renewal (a client announcing its unchanged
 * state again) before relaying it. Stock clients renew every 15 to 18 s and drop
 * a state they have not heard of for 30 s, so a second's wait costs nothing, and
 * the renewals of a room that arrive within it leave as one frame per peer.
 */
export const RENEWAL_DELAY_MS = 1_000;

/**
 * A room relays awareness changes at most once per this many ms: the first
 * change after a quiet spell at once, the changes that follow within the window
 * together when it ends, as one frame per peer holding only the latest states.
 * Clients that connected together announce themselves together, and stock
 * clients echo every state they hear back.
 */
export const AWARENESS_WINDOW_MS = 50;

/**
 * Client ids one connection may announce. A browser tab announces one; a few
 * more cover a device that reconnects or opens a page twice. Without a cap one
 * connection could fill a room's awareness with thousands of states (a frame
 * may hold 64 KiB of them), each relayed to everyone and kept after it leaves.
 */
export const MAX_CLIENTS_PER_CONNECTION = 16;

/** Removed clients whose clocks a room keeps before it drops those already relayed. */
const FORGET_AFTER = 256;

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
/** Awareness client ids waiting to be relayed, each with the peer that sent it (undefined: the relay itself). */
type HeldStates = Map<number, Peer | undefined>;

export class AwarenessRelay {
  /** Each peer with the client ids it announced, removed when it leaves. */
  private readonly peers = new Map<Peer, Set<number>>();
  /** The peer that announced each client id last. */
  private readonly owners = new Map<number, Peer>();
  /** How many client ids nobody had announced before each peer announced them (capped). */
  private readonly firstAnnounced = new Map<Peer, number>();
  /** Client ids whose state the update being applied changed (not just renewed). */
  private readonly changedStates = new Set<number>();
  /** Client ids renewed and not yet relayed, with their senders; sent together when the timer fires. */
  private readonly renewals: HeldStates = new Map();
  private renewalTimer: NodeJS.Timeout | null = null;
  /** Changed client ids held until the window ends, with their senders; the timer runs while the window is open. */
  private readonly heldChanges: HeldStates = new Map();
  private window: NodeJS.Timeout | null = null;
  private closed = false;
  private awareness!: awarenessProtocol.Awareness;

  /** `onError`: a held state could not be encoded when its timer fired; nothing thrown there may end the process. */
  constructor(
    awareness: awarenessProtocol.Awareness,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.attach(awareness);
  }

  /** Follows a new awareness (a room whose load started over on a new doc, before anyone joined). */
  attach(awareness: awarenessProtocol.Awareness): void {
    this.awareness = awareness;
    // The relay is not a participant: it must not show up as a cursor.
    awareness.setLocalState(null);
    // Yjs emits 'change' (states that differ) just before 'update' (those and the renewals).
    // An awareness this relay no longer follows (its doc replaced) is not heard.
    awareness.on('change', ({ updated }: AwarenessChange) => {
      if (awareness === this.awareness) for (const id of updated) this.changedStates.add(id);
    });
    awareness.on('update', (change: AwarenessChange, origin: unknown) => {
      if (awareness === this.awareness) this.onUpdate(change, origin);
    });
  }

  get peerCount(): number {
    return this.peers.size;
  }

  has(peer: Peer): boolean {
    return this.peers.has(peer);
  }

  /** Whether the peer hears and sends awareness: a multiplexed channel only with presence ([R38]). */
  static present(peer: Peer): boolean {
    return peer.channel?.presence ?? true;
  }

  /** Every connected peer; the room broadcasts document updates to them too. */
  all(): Iterable<Peer> {
    return this.peers.keys();
  }

  add(peer: Peer): void {
    this.peers.set(peer, new Set());
  }

  /** What a newcomer is told: every known state, or null if there is none. */
  greeting(): Uint8Array | null {
    const states = this.awareness.getStates();
    return states.size > 0 ? encodeAwareness(this.awareness, Array.from(states.keys())) : null;
  }

  /** The answer to a query-awareness message: every known state. */
  everyState(): Uint8Array {
    return encodeAwareness(this.awareness, Array.from(this.awareness.getStates().keys()));
  }

  /** The peer left: the states it announced are removed, and the removal relayed. */
  remove(peer: Peer): void {
    const clients = this.peers.get(peer);
    if (!clients) return;
    this.peers.delete(peer);
    this.firstAnnounced.delete(peer);
    for (const id of clients) this.owners.delete(id);
    if (!this.closed && clients.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(clients), null);
    this.forgetRemoved();
  }

  /**
   * y-protocols keeps a clock for every client id it ever heard of, removed
   * ones included, so a room's awareness grows with every client that came and
   * went. Once a removal has been relayed (nothing of it is held), its clock
   * is dropped; a stale copy of that state can then come back only from
   * another connection, which owns it as a new one.
   */
  private forgetRemoved(): void {
    const { meta, states } = this.awareness;
    if (meta.size <= states.size + FORGET_AFTER) return;
    for (const id of meta.keys()) {
      if (!states.has(id) && !this.heldChanges.has(id) && !this.renewals.has(id)) meta.delete(id);
    }
  }

  /**
   * Applies a peer's awareness update. Entries for another identity's client ids
   * (someone else's cursor and name) are dropped, not relayed. Stock clients echo
   * other clients' states too, so this is no reason to close the connection.
   */
  receive(peer: Peer, update: Uint8Array): void {
    let first = this.firstAnnounced.get(peer) ?? 0;
    try {
      const own = filterAwarenessUpdate(update, (id) => {
        const owner = this.owners.get(id);
        if (owner === peer) return true;
        // Another connection's: its own device's (or, without auth, anyone's) echo, never counted.
        if (owner !== undefined) return owner.identity === peer.identity;
        // A client id nobody announced yet counts against the connection's cap.
        if (first >= MAX_CLIENTS_PER_CONNECTION) return false;
        first += 1;
        return true;
      });
      this.firstAnnounced.set(peer, first);
      if (own !== null) awarenessProtocol.applyAwarenessUpdate(this.awareness, own, peer);
    } catch (error) {
      throw malformed('invalid awareness update', error);
    }
  }

  /** Stops every timer and relays nothing more; returns the peers that were connected. */
  close(): Peer[] {
    this.closed = true;
    if (this.renewalTimer !== null) clearTimeout(this.renewalTimer);
    if (this.window !== null) clearTimeout(this.window);
    this.renewalTimer = null;
    this.window = null;
    const peers = Array.from(this.peers.keys());
    this.peers.clear();
    return peers;
  }

  private onUpdate({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    // Destroying the doc removes the relay's own (null) state; there is no one left to tell.
    if (this.closed) return;
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

  /** At once unless the room relayed changes less than a window ago; then with the others when that window ends. */
  private relayChanges(ids: number[], from: Peer | undefined): void {
    if (this.window !== null) {
      for (const id of ids) this.heldChanges.set(id, from);
      return;
    }
    // Not back to the sender, which knows its own state.
    const frame = encodeAwareness(this.awareness, ids);
    for (const peer of this.peers.keys()) if (peer !== from && AwarenessRelay.present(peer)) peer.send(frame);
    this.openWindow();
  }

  private openWindow(): void {
    this.window = setTimeout(() => {
      this.window = null;
      if (this.heldChanges.size === 0) return;
      // Encoded now: a state that changed twice leaves once, as it is; a removed one as removed.
      this.relayStates(this.heldChanges);
      this.heldChanges.clear();
      this.forgetRemoved();
      this.openWindow();
    }, AWARENESS_WINDOW_MS);
    this.window.unref();
  }

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
    try {
      this.sendStates(held);
    } catch (error) {
      this.onError(error);
    }
  }

  private sendStates(held: HeldStates): void {
    // A doc reloaded from the store ([R4]) has a new awareness holding the states that were live; held ids beyond those are gone.
    const ids = Array.from(held.keys()).filter((id) => this.awareness.meta.has(id));
    if (ids.length === 0) return;
    let toAll: Uint8Array | null = null;
    for (const [peer, own] of this.peers) {
      if (!AwarenessRelay.present(peer)) continue;
      const others = ids.filter((id) => held.get(id) !== peer && !own.has(id));
      if (others.length === ids.length) peer.send((toAll ??= encodeAwareness(this.awareness, ids)));
      else if (others.length > 0) peer.send(encodeAwareness(this.awareness, others));
    }
  }
}
