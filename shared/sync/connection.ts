import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../protocol/wire';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { Confirmations } from './confirmations';
import { Emitter } from './emitter';
import { RoomSocketTransport } from './roomSocket';
import type { DocLink, DocTransport, LinkClosed } from './transport';
import type { RelayConfig, SocketFactory, SyncErrorReason, SyncState } from './types';

/** Ask for confirmation this long after the last local change, to batch typing. */
const PROBE_DELAY_MS = 150;
/** An idle connection on a socket of its own still proves it is alive this often... */
const KEEPALIVE_MS = 20_000;
/** ...and is replaced when nothing at all arrived for this long. (A shared socket pings for all its channels: muxSocket.ts.) */
const SILENCE_TIMEOUT_MS = 50_000;

export interface ConnectionOptions {
  doc: Y.Doc;
  room: string;
  relay: RelayConfig;
  /** What carries the doc's messages; without it, a websocket of its own made with `WebSocket`. */
  transport?: DocTransport;
  WebSocket?: SocketFactory;
  /** Exchanged only when given: the doc is open in the UI (or is the index). */
  awareness?: awarenessProtocol.Awareness;
  /**
   * Each (re)connection also asks the relay what it holds, and offers what it lacks, though this
   * device has nothing unconfirmed: a relay restored from a backup has lost changes it confirmed.
   * (The rest ask only when they hold unconfirmed changes, which spares the relay's state vector.)
   */
  checkBothWays?: boolean;
  backoff?: BackoffOptions;
  /** Unconfirmed changes left over from an earlier run (persisted by the caller). */
  initialPending?: number;
  /** Start disconnected (tests, or a device known to be offline). */
  connect?: boolean;
  /**
   * A socket closed without ever opening, or the relay closed it for access
   * reasons. Browsers hide the HTTP status of a refused upgrade, so the owner
   * asks the relay why (and may call `fail`).
   */
  onRefusedOrUnreachable?: (closedForAccess: boolean) => void;
  /** An owner changed this member's role: the connection comes back at once, and the owner asks the relay for the new role. */
  onRoleChanged?: () => void;
  /**
   * What others changed, as the relay sent it, just before it is applied: its answer to the
   * handshake, then the updates it forwards. (The doc's own 'update' event says only what changed
   * here, so a deletion this device had made too is missing from it; the relay's later answers to
   * probes carry its whole delete set, this device's deletions included.) See shared/sync/mergeWatch.ts.
   */
  onRemoteUpdate?: (update: Uint8Array) => void;
}

/**
 * One doc kept in sync with one relay room over the y-websocket protocol, through a transport
 * (transport.ts): a socket of its own, or a channel of the device's shared socket.
 *
 * Confirmation: the relay handles a connection's messages in order and
 * persists an update before it handles the next message, so when it answers
 * a sync step 1 we sent, everything we sent before that step 1 is held by the
 * relay. That is how `pending` falls to zero without a protocol extension
 * (confirmations.ts).
 */
export class RelayConnection {
  readonly changes = new Emitter<SyncState>();
  private state: SyncState;
  private link: DocLink | null = null;
  private readonly transport: DocTransport;
  private wantConnected: boolean;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private keepaliveTimer: ReturnType<typeof setInterval> | null = null;
  private lastMessageAt = 0;
  private handshakeDone = false;
  /**
   * Updates made between the hello and the relay's answer, when the relay will not ask what it
   * lacks (a channel opened without `answer`): sent once the answer is in.
   */
  private sinceHello: Uint8Array[] | null = null;
  private readonly confirmations: Confirmations;
  private destroyed = false;
  private relay: RelayConfig;

  constructor(private readonly options: ConnectionOptions) {
    this.relay = options.relay;
    this.confirmations = new Confirmations(options.initialPending ?? 0);
    this.wantConnected = options.connect ?? true;
    if (options.transport) this.transport = options.transport;
    else if (options.WebSocket) this.transport = new RoomSocketTransport(options.WebSocket);
    else throw new Error('RelayConnection needs a transport or a WebSocket');
    this.state = { status: 'offline', pending: this.confirmations.pending, lastSyncedAt: null, error: null };
    options.doc.on('update', this.onDocUpdate);
    options.awareness?.on('update', this.onAwarenessUpdate);
    if (this.wantConnected) this.open();
  }

  get syncState(): SyncState {
    return this.state;
  }

  get room(): string {
    return this.options.room;
  }

  /** Awareness is exchanged on this connection (the doc is open in the UI, or is the index). */
  get presence(): boolean {
    return this.options.awareness !== undefined;
  }

  connect(): void {
    if (this.destroyed) return;
    this.wantConnected = true;
    this.state = { ...this.state, error: null };
    if (!this.link) {
      this.clearRetry();
      this.attempt = 0;
      this.open();
    }
  }

  /** Retry now instead of waiting out the backoff (e.g. the OS says we are back online). */
  reconnectNow(): void {
    if (!this.wantConnected || this.link || this.destroyed || this.state.error) return;
    this.clearRetry();
    this.open();
  }

  disconnect(): void {
    this.wantConnected = false;
    this.clearRetry();
    const link = this.link;
    this.dropLink();
    link?.close();
  }

  /** New address or token; used from the next (re)connection on. */
  setRelay(relay: RelayConfig): void {
    this.relay = relay;
  }

  /** Stops for good (until connect()) and reports why: access expired, revoked… */
  fail(reason: SyncErrorReason): void {
    this.disconnect();
    this.update({ status: 'offline', error: reason });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.disconnect();
    this.destroyed = true;
    this.options.doc.off('update', this.onDocUpdate);
    this.options.awareness?.off('update', this.onAwarenessUpdate);
  }

  private open(): void {
    const request = { docId: this.options.room.slice(this.options.room.indexOf('/') + 1), room: this.options.room, relay: this.relay, presence: this.presence };
    this.update({ status: 'connecting' });
    let link: DocLink | null = null;
    link = this.transport.link(request, {
      connecting: () => {
        if (this.link === link) this.update({ status: 'connecting' });
      },
      opened: () => {
        if (link && this.link === link) this.onOpened(link);
      },
      message: (bytes) => {
        if (this.link === link) this.onMessage(bytes);
      },
      closed: (event) => {
        if (this.link === link) this.onClosed(event);
      },
    });
    this.link = link;
    if (link.isOpen) this.onOpened(link);
  }

  private onOpened(link: DocLink): void {
    this.lastMessageAt = Date.now();
    this.handshakeDone = false;
    this.update({ status: 'syncing' });
    this.confirmations.probed(true);
    const answer = this.confirmations.hasUnsent || this.options.checkBothWays === true;
    const relayAsks = link.hello(Y.encodeStateVector(this.options.doc), answer);
    this.sinceHello = relayAsks ? null : [];
    const awareness = this.options.awareness;
    if (awareness && awareness.getLocalState() !== null) {
      this.sendAwareness([awareness.clientID]);
    }
    if (this.transport.keepalive) this.keepaliveTimer = setInterval(this.keepalive, KEEPALIVE_MS);
  }

  private onClosed(event: LinkClosed): void {
    this.dropLink(!event.retry);
    const fatal = closeReason(event.code);
    if (fatal) {
      this.wantConnected = false;
      // A shared socket keeps a link until it is let go; a refused one is let go here.
      this.link?.close();
      this.link = null;
      this.update({ status: 'offline', error: fatal });
      if (!event.reported) this.options.onRefusedOrUnreachable?.(true);
      return;
    }
    if (!event.retry) return; // the shared socket reopens this channel when it is back
    if (event.code === CloseCode.roleChanged) {
      // Not a failure: the relay already goes by the new role, so no backoff.
      if (!event.reported) this.options.onRoleChanged?.();
      if (this.wantConnected) this.open();
      return;
    }
    if (this.wantConnected) this.scheduleRetry();
    if (!event.opened && !event.reported) this.options.onRefusedOrUnreachable?.(false);
  }

  private keepalive = (): void => {
    if (Date.now() - this.lastMessageAt > SILENCE_TIMEOUT_MS) {
      // The network vanished without a close (a sleeping laptop): start over.
      const link = this.link;
      this.dropLink();
      link?.close();
      this.scheduleRetry();
      return;
    }
    this.sendProbe();
  };

  /** The link is down (`keep`: a channel of a shared socket, kept until the socket is back). */
  private dropLink(keep = false): void {
    if (!keep) this.link = null;
    this.handshakeDone = false;
    this.sinceHello = null;
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = null;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    this.confirmations.lost();
    const awareness = this.options.awareness;
    if (awareness) {
      const others = [...awareness.getStates().keys()].filter((client) => client !== awareness.clientID);
      awarenessProtocol.removeAwarenessStates(awareness, others, this);
    }
    if (!this.destroyed) this.update({ status: 'offline' });
  }

  private scheduleRetry(): void {
    this.link = null;
    if (!this.wantConnected || this.destroyed) return;
    this.update({ status: 'offline' });
    const delay = backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.wantConnected && !this.link) this.open();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private get linkOpen(): boolean {
    return this.link?.isOpen ?? false;
  }

  private send(message: Uint8Array): void {
    if (this.linkOpen) this.link?.send(message);
  }

  private onMessage(bytes: Uint8Array): void {
    this.lastMessageAt = Date.now();
    try {
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) this.onSyncMessage(decoder);
      else if (type === MESSAGE_AWARENESS && this.options.awareness) {
        awarenessProtocol.applyAwarenessUpdate(this.options.awareness, decoding.readVarUint8Array(decoder), this);
      } else if (type === MESSAGE_QUERY_AWARENESS && this.options.awareness) {
        this.sendAwareness([...this.options.awareness.getStates().keys()]);
      }
    } catch {
      // A relay that sends garbage gets a fresh connection, never a crash in the UI.
      this.link?.fail(CloseCode.malformed);
    }
  }

  private onSyncMessage(decoder: decoding.Decoder): void {
    if (this.options.onRemoteUpdate) peekUpdate(decoder, !this.handshakeDone, this.options.onRemoteUpdate);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    const kind = syncProtocol.readSyncMessage(decoder, encoder, this.options.doc, this);
    if (kind === syncProtocol.messageYjsSyncStep1) {
      // The relay asked what it lacks; our answer carries every unsent change.
      this.send(encoding.toUint8Array(encoder));
      // Probe only when the answer carried something of ours: the relay may
      // follow each of its answers with a step 1, and an unconditional probe
      // would make the two sides ping-pong forever.
      if (this.confirmations.flushed()) this.scheduleProbe(0);
    } else if (kind === syncProtocol.messageYjsSyncStep2) {
      this.confirmations.answered();
      this.handshakeDone = true;
      this.sendWhatCameSinceHello();
      // Only a completed exchange resets the backoff: a relay that accepts and
      // then closes (storage down, a catch-up over its limits) must not be
      // hammered every half second.
      this.attempt = 0;
      this.settle();
    }
  }

  /** The relay will not ask what it lacks: what changed here while the hello was under way goes now. */
  private sendWhatCameSinceHello(): void {
    const updates = this.sinceHello;
    this.sinceHello = null;
    if (!updates || updates.length === 0) return;
    this.sendUpdate(Y.mergeUpdates(updates));
    if (this.confirmations.flushed()) this.scheduleProbe(0);
  }

  private settle(): void {
    const synced = this.handshakeDone && this.confirmations.pending === 0;
    this.update({ status: synced ? 'synced' : 'syncing', lastSyncedAt: synced ? Date.now() : this.state.lastSyncedAt });
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (origin === this) return;
    if (this.sinceHello && !this.handshakeDone) this.sinceHello.push(update);
    if (!transaction.local) {
      // Arrived from elsewhere (storage, another relay connection): forward, but it is not ours to count.
      if (this.handshakeDone) this.sendUpdate(update);
      return;
    }
    if (this.handshakeDone && this.linkOpen) {
      this.sendUpdate(update);
      this.confirmations.wrote();
      this.scheduleProbe(PROBE_DELAY_MS);
    } else {
      this.confirmations.held();
    }
    this.update({ status: this.link ? 'syncing' : this.state.status });
  };

  private sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.send(encoding.toUint8Array(encoder));
  }

  private scheduleProbe(delay: number): void {
    if (this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      this.sendProbe();
    }, delay);
  }

  private sendProbe(): void {
    if (!this.linkOpen) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.options.doc);
    this.confirmations.probed();
    this.send(encoding.toUint8Array(encoder));
  }

  private onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    if (origin === this) return;
    this.sendAwareness([...added, ...updated, ...removed]);
  };

  private sendAwareness(clients: number[]): void {
    const awareness = this.options.awareness;
    if (!awareness || clients.length === 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
    this.send(encoding.toUint8Array(encoder));
  }

  private update(patch: Partial<SyncState>): void {
    const next: SyncState = { ...this.state, ...patch, pending: this.confirmations.pending };
    if (next.pending > 0 && next.status === 'synced') next.status = 'syncing';
    if (
      next.status === this.state.status &&
      next.pending === this.state.pending &&
      next.lastSyncedAt === this.state.lastSyncedAt &&
      next.error === this.state.error
    ) {
      return;
    }
    this.state = next;
    this.changes.emit(next);
  }
}

/** Hands an update (and a sync step 2 when `step2`) to `listener` without moving `decoder` on. */
function peekUpdate(decoder: decoding.Decoder, step2: boolean, listener: (update: Uint8Array) => void): void {
  const peek = decoding.clone(decoder);
  const kind = decoding.readVarUint(peek);
  if (kind === syncProtocol.messageYjsUpdate || (step2 && kind === syncProtocol.messageYjsSyncStep2)) listener(decoding.readVarUint8Array(peek).slice());
}

function closeReason(code: number): SyncErrorReason | null {
  if (code === CloseCode.unauthorized) return 'unauthorized';
  if (code === CloseCode.forbidden) return 'forbidden';
  return null;
}
