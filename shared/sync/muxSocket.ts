import { tokenSubprotocols } from '../protocol/members';
import { decodeMuxFrame, encodeMuxFrame, MAX_CHANNELS, MUX_SUBPROTOCOL, type MuxFrame } from '../protocol/mux';
import { CloseCode, isFatalClose, MESSAGE_SYNC } from '../protocol/wire';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { closeQuietly, silence } from './roomSocket';
import { toBytes, type DocLink, type DocTransport, type LinkHandlers, type LinkRequest } from './transport';
import type { RelayConfig, SocketFactory, SocketLike } from './types';

const OPEN = 1;

/**
 * How a shared socket notices a network that vanished without a close (a laptop that slept, a
 * Wi-Fi that stopped forwarding): after `pingAfterMs` with nothing heard it sends a ping, and a
 * ping unanswered for `pongTimeoutMs` drops the socket, which reconnects with the usual backoff.
 * The relay's own keepalive pong (every ~15 s on a socket it has sent nothing on) and every frame
 * count as heard, so a busy socket never pings. A dial that has not opened after both together is
 * given up and retried the same way. So a silent drop is noticed within 15 s of the last frame heard.
 */
export interface MuxKeepalive {
  pingAfterMs: number;
  pongTimeoutMs: number;
}

export const DEFAULT_MUX_KEEPALIVE: MuxKeepalive = { pingAfterMs: 10_000, pongTimeoutMs: 5_000 };

export interface MuxSocketOptions {
  workspaceId: string;
  relay: RelayConfig;
  WebSocket: SocketFactory;
  backoff?: BackoffOptions;
  keepalive?: MuxKeepalive;
  /** The catch-up cursor this device has reached (0: none), sent with the OPEN of `docId`. */
  since(docId: string): number;
  /** The socket opened: called before any channel says hello, so a catch-up request goes first. */
  onOpen?(): void;
  /** The relay named docs stored to: its answer to a catch-up (cursor > 0), or a live push (cursor 0). */
  onChanged?(cursor: number, docIds: string[]): void;
  /** The socket is gone (every channel with it). */
  onDown?(): void;
  /** As RelayConnection's: asked once per socket, whatever the number of channels on it. */
  onRefusedOrUnreachable?(closedForAccess: boolean): void;
  onRoleChanged?(): void;
}

/**
 * The device's one websocket to the relay for a workspace (shared/protocol/mux.ts): each doc in
 * sync is a channel of it (a DocLink), and catch-up questions and answers ride beside them. It
 * dials while any link wants it, says hello on every channel each time it (re)opens, pings when
 * the relay has been silent, and reconnects with backoff. A channel number is reused only after
 * the relay's CLOSE for it came in: frames still in flight for the old doc are never handed to a
 * new one.
 */
export class MuxSocket implements DocTransport {
  readonly keepalive = false;
  private readonly links = new Set<MuxLink>();
  /**
   * Channel → its link; a channel being closed keeps the doc it had until the relay's CLOSE for it
   * arrives (what the relay still sends on it meanwhile is news of that doc).
   */
  private readonly channels = new Map<number, MuxLink | { closing: string }>();
  private socket: SocketLike | null = null;
  private opened = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private livenessTimer: ReturnType<typeof setTimeout> | null = null;
  private lastHeard = 0;
  private pingSentAt: number | null = null;
  private idleCheck = false;
  private destroyed = false;
  private relay: RelayConfig;
  /** The most channels open at once, for tests and the bench. */
  peakChannels = 0;

  constructor(private readonly options: MuxSocketOptions) {
    this.relay = options.relay;
  }

  get isOpen(): boolean {
    return this.opened && this.socket?.readyState === OPEN;
  }

  /** Channels open (or closing) on the socket now. */
  get channelCount(): number {
    return this.channels.size;
  }

  link(request: LinkRequest, handlers: LinkHandlers): DocLink {
    const link = new MuxLink(this, request, handlers);
    this.links.add(link);
    this.dial();
    return link;
  }

  /** Asks which docs were stored to after `cursor`; false if the socket is not open. */
  catchUp(cursor: number): boolean {
    return this.sendFrame({ kind: 'catchUp', cursor });
  }

  /** New address or token: used from the next dial on. */
  setRelay(relay: RelayConfig): void {
    this.relay = relay;
  }

  /** Skip the remaining backoff (the OS says the network is back). */
  reconnectNow(): void {
    if (this.socket || this.destroyed || this.links.size === 0) return;
    this.clearRetry();
    this.dial();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.links.clear();
    this.clearRetry();
    const socket = this.detach();
    closeQuietly(socket, CloseCode.normal);
  }

  // ---- for MuxLink ----

  isLinked(link: MuxLink): boolean {
    return this.links.has(link);
  }

  openChannel(link: MuxLink, stateVector: Uint8Array, answer: boolean): void {
    if (!this.isOpen || !this.links.has(link) || link.channel !== null) return;
    let channel = 0;
    while (this.channels.has(channel)) channel++;
    // Never reached with bounded background work; the link waits for the next connection.
    if (channel >= MAX_CHANNELS) return;
    this.channels.set(channel, link);
    this.peakChannels = Math.max(this.peakChannels, this.channels.size);
    link.channel = channel;
    const { docId, presence } = link.request;
    this.sendFrame({ kind: 'open', channel, docId, presence, answer, since: this.options.since(docId), stateVector });
  }

  sendFrame(frame: MuxFrame): boolean {
    if (!this.isOpen || !this.socket) return false;
    this.socket.send(encodeMuxFrame(frame));
    return true;
  }

  /** The link is let go; its channel (if any) is closed with `code`. */
  unlink(link: MuxLink, code: number = CloseCode.normal): void {
    this.links.delete(link);
    const channel = link.channel;
    link.channel = null;
    if (channel !== null && this.channels.get(channel) === link) {
      this.channels.set(channel, { closing: link.request.docId });
      this.sendFrame({ kind: 'close', channel, code, reason: '' });
    }
    if (this.links.size === 0 && !this.idleCheck) {
      // Nothing wants the socket (the workspace stopped, or access was refused): it closes, unless
      // a link comes back within this tick (a connection replaced by another).
      this.idleCheck = true;
      void Promise.resolve().then(() => {
        this.idleCheck = false;
        if (this.links.size > 0 || !this.socket) return;
        this.clearRetry();
        closeQuietly(this.detach(), CloseCode.normal);
      });
    }
  }

  // ---- the socket ----

  private url(): string {
    return `${this.relay.url.replace(/\/+$/, '')}/${this.options.workspaceId}`;
  }

  private dial(): void {
    if (this.socket || this.retryTimer || this.destroyed || this.links.size === 0) return;
    let socket: SocketLike;
    try {
      socket = new this.options.WebSocket(this.url(), [MUX_SUBPROTOCOL, ...tokenSubprotocols(this.relay.token)]);
    } catch {
      this.scheduleRetry();
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.opened = false;
    for (const link of [...this.links]) link.handlers.connecting();
    // A dial that never opens (a network swallowing the upgrade) is given up like a silent socket.
    this.watch(this.keepaliveOptions.pingAfterMs + this.keepaliveOptions.pongTimeoutMs);
    socket.onopen = () => {
      this.opened = true;
      this.lastHeard = Date.now();
      this.pingSentAt = null;
      this.channels.clear();
      this.options.onOpen?.();
      for (const link of [...this.links]) if (this.socket === socket && this.links.has(link)) link.handlers.opened();
      this.watch(this.keepaliveOptions.pingAfterMs);
    };
    socket.onmessage = (event) => this.onMessage(event.data);
    socket.onerror = () => {
      // onclose follows and decides about retrying.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.down(event.code);
    };
  }

  private get keepaliveOptions(): MuxKeepalive {
    return this.options.keepalive ?? DEFAULT_MUX_KEEPALIVE;
  }

  private onMessage(data: unknown): void {
    this.lastHeard = Date.now();
    this.pingSentAt = null;
    const bytes = toBytes(data);
    if (!bytes) return;
    let frame: MuxFrame;
    try {
      frame = decodeMuxFrame(bytes);
    } catch {
      // A relay that sends garbage gets a fresh socket (with backoff), never a crash in the UI.
      const socket = this.socket;
      this.down(CloseCode.malformed);
      closeQuietly(socket, CloseCode.malformed);
      return;
    }
    switch (frame.kind) {
      case 'doc': {
        const link = this.channels.get(frame.channel);
        // Only a completed exchange resets the backoff: a relay that accepts and then closes must not be hammered.
        this.attempt = 0;
        if (link instanceof MuxLink) link.handlers.message(frame.message);
        // An update the relay sent before it heard of our CLOSE: no channel takes it, and the relay,
        // which counted the doc open, pushes no `changed` for it. Heard as one, it is synced again.
        else if (link && carriesChanges(frame.message)) this.options.onChanged?.(0, [link.closing]);
        break;
      }
      case 'close': {
        const link = this.channels.get(frame.channel);
        this.channels.delete(frame.channel);
        if (link instanceof MuxLink) {
          link.channel = null;
          this.links.delete(link);
          link.handlers.closed({ code: frame.code, opened: true, retry: true, reported: false });
        }
        break;
      }
      case 'changed':
        this.attempt = 0;
        this.options.onChanged?.(frame.cursor, frame.docIds);
        break;
      default:
        // pong (an answer, or the relay's keepalive): being heard is all it says.
        break;
    }
  }

  /** The socket is gone: every channel with it; access closes are reported once for all. */
  private down(code: number): void {
    const wasOpen = this.opened;
    this.detach();
    this.options.onDown?.();
    const links = [...this.links];
    for (const link of links) link.channel = null;
    const event = { code, opened: wasOpen, retry: false, reported: true };
    if (isFatalClose(code)) {
      // Each connection stops and lets its link go; nothing redials until one connects again.
      this.options.onRefusedOrUnreachable?.(true);
      for (const link of links) link.handlers.closed(event);
      return;
    }
    for (const link of links) link.handlers.closed(event);
    if (code === CloseCode.roleChanged) {
      // Not a failure: the relay already goes by the new role, so no backoff.
      this.options.onRoleChanged?.();
      this.dial();
      return;
    }
    this.scheduleRetry();
    if (!wasOpen) this.options.onRefusedOrUnreachable?.(false);
  }

  private detach(): SocketLike | null {
    const socket = this.socket;
    silence(socket);
    this.socket = null;
    this.opened = false;
    this.channels.clear();
    if (this.livenessTimer) clearTimeout(this.livenessTimer);
    this.livenessTimer = null;
    return socket;
  }

  private scheduleRetry(): void {
    if (this.destroyed || this.links.size === 0 || this.retryTimer) return;
    const delay = backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.dial();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private watch(delay: number): void {
    if (this.livenessTimer) clearTimeout(this.livenessTimer);
    this.livenessTimer = setTimeout(this.checkLiveness, Math.max(0, delay));
  }

  private checkLiveness = (): void => {
    this.livenessTimer = null;
    const socket = this.socket;
    if (!socket) return;
    const { pingAfterMs, pongTimeoutMs } = this.keepaliveOptions;
    const now = Date.now();
    const silentFor = now - this.lastHeard;
    const givenUp = !this.opened || (this.pingSentAt !== null && now - this.pingSentAt >= pongTimeoutMs);
    if (givenUp) {
      // The network vanished without a close: start over, with backoff.
      this.down(CloseCode.goingAway);
      closeQuietly(socket);
      return;
    }
    if (this.pingSentAt !== null) return this.watch(this.pingSentAt + pongTimeoutMs - now);
    if (silentFor >= pingAfterMs) {
      this.sendFrame({ kind: 'ping' });
      this.pingSentAt = now;
      return this.watch(pongTimeoutMs);
    }
    this.watch(pingAfterMs - silentFor);
  };
}

class MuxLink implements DocLink {
  channel: number | null = null;

  constructor(
    private readonly mux: MuxSocket,
    readonly request: LinkRequest,
    readonly handlers: LinkHandlers,
  ) {}

  get isOpen(): boolean {
    return this.mux.isOpen && this.mux.isLinked(this);
  }

  hello(stateVector: Uint8Array, answer: boolean): boolean {
    this.mux.openChannel(this, stateVector, answer);
    return answer;
  }

  send(message: Uint8Array): void {
    if (this.channel !== null) this.mux.sendFrame({ kind: 'doc', channel: this.channel, message });
  }

  close(): void {
    this.mux.unlink(this);
  }

  fail(code: number): void {
    this.mux.unlink(this, code);
    this.handlers.closed({ code, opened: true, retry: true, reported: false });
  }
}

/** A y-websocket sync message that may carry changes (a step 2 or an update), not a step 1 or awareness. */
function carriesChanges(message: Uint8Array): boolean {
  return message[0] === MESSAGE_SYNC && (message[1] === 1 || message[1] === 2);
}
