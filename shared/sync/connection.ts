import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { tokenSubprotocols } from '../protocol/members';
import { CloseCode, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../protocol/wire';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { Emitter } from './emitter';
import type { RelayConfig, SocketFactory, SocketLike, SyncErrorReason, SyncState } from './types';

const OPEN = 1;
/** Ask for confirmation this long after the last local change, to batch typing. */
const PROBE_DELAY_MS = 150;
/** An idle connection still proves it is alive this often... */
const KEEPALIVE_MS = 20_000;
/** ...and is replaced when nothing at all arrived for this long. */
const SILENCE_TIMEOUT_MS = 50_000;

export interface ConnectionOptions {
  doc: Y.Doc;
  room: string;
  relay: RelayConfig;
  WebSocket: SocketFactory;
  awareness?: awarenessProtocol.Awareness;
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
 * One doc kept in sync with one relay room over the y-websocket protocol.
 *
 * Confirmation: the relay handles a connection's messages in order and
 * persists an update before it handles the next message, so when it answers
 * a sync step 1 we sent, everything we sent before that step 1 is held by the
 * relay. That is how `pending` falls to zero without a protocol extension; it
 * counts local transactions, not bytes.
 */
export class RelayConnection {
  readonly changes = new Emitter<SyncState>();
  private state: SyncState;
  private socket: SocketLike | null = null;
  private wantConnected: boolean;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private keepaliveTimer: ReturnType<typeof setInterval> | null = null;
  private lastMessageAt = 0;
  private handshakeDone = false;
  /** Local transactions not yet written to an open socket. */
  private unsent: number;
  /** Written since the last probe. */
  private sentSinceProbe = 0;
  /** Probes awaiting the relay's answer, each with the count it confirms. */
  private probes: number[] = [];
  private destroyed = false;
  private relay: RelayConfig;

  constructor(private readonly options: ConnectionOptions) {
    this.relay = options.relay;
    this.unsent = options.initialPending ?? 0;
    this.wantConnected = options.connect ?? true;
    this.state = { status: 'offline', pending: this.unsent, lastSyncedAt: null, error: null };
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

  connect(): void {
    if (this.destroyed) return;
    this.wantConnected = true;
    this.state = { ...this.state, error: null };
    if (!this.socket) {
      this.clearRetry();
      this.attempt = 0;
      this.open();
    }
  }

  /** Retry now instead of waiting out the backoff (e.g. the OS says we are back online). */
  reconnectNow(): void {
    if (!this.wantConnected || this.socket || this.destroyed || this.state.error) return;
    this.clearRetry();
    this.open();
  }

  disconnect(): void {
    this.wantConnected = false;
    this.clearRetry();
    const socket = this.socket;
    this.dropSocket();
    closeQuietly(socket, CloseCode.normal);
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

  /**
   * The token rides in the subprotocol list, never in the URL: browsers print
   * the URL of a failed connection in the console, and proxies log it.
   */
  private url(): string {
    return `${this.relay.url.replace(/\/+$/, '')}/${this.options.room}`;
  }

  private open(): void {
    let socket: SocketLike;
    try {
      const protocols = tokenSubprotocols(this.relay.token);
      socket = protocols.length > 0 ? new this.options.WebSocket(this.url(), protocols) : new this.options.WebSocket(this.url());
    } catch {
      this.scheduleRetry();
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    let opened = false;
    this.update({ status: 'connecting' });
    socket.onopen = () => {
      opened = true;
      this.lastMessageAt = Date.now();
      this.handshakeDone = false;
      this.update({ status: 'syncing' });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, this.options.doc);
      this.probes.push(0);
      this.send(encoding.toUint8Array(encoder));
      const awareness = this.options.awareness;
      if (awareness && awareness.getLocalState() !== null) {
        this.sendAwareness([awareness.clientID]);
      }
      this.keepaliveTimer = setInterval(this.keepalive, KEEPALIVE_MS);
    };
    socket.onmessage = (event) => this.onMessage(event.data);
    socket.onerror = () => {
      // onclose follows and decides about retrying.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.dropSocket();
      const fatal = closeReason(event.code);
      if (fatal) {
        this.wantConnected = false;
        this.update({ status: 'offline', error: fatal });
        this.options.onRefusedOrUnreachable?.(true);
        return;
      }
      if (event.code === CloseCode.roleChanged) {
        // Not a failure: the relay already goes by the new role, so no backoff.
        this.options.onRoleChanged?.();
        if (this.wantConnected) this.open();
        return;
      }
      if (this.wantConnected) this.scheduleRetry();
      if (!opened) this.options.onRefusedOrUnreachable?.(false);
    };
  }

  private keepalive = (): void => {
    if (Date.now() - this.lastMessageAt > SILENCE_TIMEOUT_MS) {
      // The network vanished without a close (a sleeping laptop): start over.
      const socket = this.socket;
      this.dropSocket();
      closeQuietly(socket);
      this.scheduleRetry();
      return;
    }
    this.sendProbe();
  };

  private dropSocket(): void {
    const socket = this.socket;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      // Keep an error listener: `ws` emits one when a connecting socket is aborted.
      socket.onerror = () => undefined;
    }
    this.socket = null;
    this.handshakeDone = false;
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = null;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    // What was sent but not confirmed may not have arrived; the next handshake resends it.
    this.unsent += this.sentSinceProbe + this.probes.reduce((sum, count) => sum + count, 0);
    this.sentSinceProbe = 0;
    this.probes = [];
    const awareness = this.options.awareness;
    if (awareness) {
      const others = [...awareness.getStates().keys()].filter((client) => client !== awareness.clientID);
      awarenessProtocol.removeAwarenessStates(awareness, others, this);
    }
    if (!this.destroyed) this.update({ status: 'offline' });
  }

  private scheduleRetry(): void {
    this.socket = null;
    if (!this.wantConnected || this.destroyed) return;
    this.update({ status: 'offline' });
    const delay = backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.wantConnected && !this.socket) this.open();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private send(message: Uint8Array): void {
    if (this.socket?.readyState === OPEN) this.socket.send(message);
  }

  private onMessage(data: unknown): void {
    this.lastMessageAt = Date.now();
    const bytes = toBytes(data);
    if (!bytes) return;
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
      closeQuietly(this.socket, CloseCode.malformed);
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
      if (this.unsent > 0) {
        this.sentSinceProbe += this.unsent;
        this.unsent = 0;
        this.scheduleProbe(0);
      }
    } else if (kind === syncProtocol.messageYjsSyncStep2) {
      // Answers come in the order probes were sent: the oldest one is confirmed.
      this.probes.shift();
      this.handshakeDone = true;
      // Only a completed exchange resets the backoff: a relay that accepts and
      // then closes (storage down, a catch-up over its limits) must not be
      // hammered every half second.
      this.attempt = 0;
      this.settle();
    }
  }

  private settle(): void {
    const synced = this.handshakeDone && this.pendingCount() === 0;
    this.update({ status: synced ? 'synced' : 'syncing', lastSyncedAt: synced ? Date.now() : this.state.lastSyncedAt });
  }

  private pendingCount(): number {
    return this.unsent + this.sentSinceProbe + this.probes.reduce((sum, count) => sum + count, 0);
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (origin === this) return;
    if (!transaction.local) {
      // Arrived from elsewhere (storage, another relay connection): forward, but it is not ours to count.
      if (this.handshakeDone) this.sendUpdate(update);
      return;
    }
    if (this.handshakeDone && this.socket?.readyState === OPEN) {
      this.sendUpdate(update);
      this.sentSinceProbe++;
      this.scheduleProbe(PROBE_DELAY_MS);
    } else {
      this.unsent++;
    }
    this.update({ status: this.socket ? 'syncing' : this.state.status });
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
    if (this.socket?.readyState !== OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.options.doc);
    this.probes.push(this.sentSinceProbe);
    this.sentSinceProbe = 0;
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
    const next: SyncState = { ...this.state, ...patch, pending: this.pendingCount() };
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

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return data;
  return null;
}

function closeReason(code: number): SyncErrorReason | null {
  if (code === CloseCode.unauthorized) return 'unauthorized';
  if (code === CloseCode.forbidden) return 'forbidden';
  return null;
}

/** Closing a socket that is still connecting throws in some implementations; either way it is gone. */
function closeQuietly(socket: SocketLike | null, code?: number): void {
  try {
    socket?.close(code);
  } catch {
    // already closed or never opened
  }
}
