import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { tokenSubprotocols } from '../protocol/members';
import { CloseCode, MESSAGE_SYNC } from '../protocol/wire';
import { toBytes, type DocLink, type DocTransport, type LinkHandlers, type LinkRequest } from './transport';
import type { SocketFactory, SocketLike } from './types';

const OPEN = 1;

/**
 * A websocket per doc, on the room `<workspace>/<doc>` (what stock y-websocket clients do, and
 * Baton's `per-doc` transport). The token rides in the subprotocol list, never in the URL: browsers
 * print the URL of a failed connection in the console, and proxies log it.
 */
export class RoomSocketTransport implements DocTransport {
  readonly keepalive = true;

  constructor(private readonly WebSocket: SocketFactory) {}

  link(request: LinkRequest, handlers: LinkHandlers): DocLink {
    return new RoomSocketLink(this.WebSocket, request, handlers);
  }
}

class RoomSocketLink implements DocLink {
  private socket: SocketLike | null = null;

  constructor(WebSocket: SocketFactory, request: LinkRequest, private readonly handlers: LinkHandlers) {
    const url = `${request.relay.url.replace(/\/+$/, '')}/${request.room}`;
    let socket: SocketLike;
    try {
      const protocols = tokenSubprotocols(request.relay.token);
      socket = protocols.length > 0 ? new WebSocket(url, protocols) : new WebSocket(url);
    } catch {
      // Reported once the caller holds the link.
      void Promise.resolve().then(() => handlers.closed({ code: CloseCode.goingAway, opened: false, retry: true, reported: false }));
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    let opened = false;
    handlers.connecting();
    socket.onopen = () => {
      opened = true;
      handlers.opened();
    };
    socket.onmessage = (event) => {
      const bytes = toBytes(event.data);
      if (bytes) handlers.message(bytes);
    };
    socket.onerror = () => {
      // onclose follows and decides about retrying.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.detach();
      handlers.closed({ code: event.code, opened, retry: true, reported: false });
    };
  }

  get isOpen(): boolean {
    return this.socket?.readyState === OPEN;
  }

  hello(stateVector: Uint8Array): boolean {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(encoder, stateVector);
    this.send(encoding.toUint8Array(encoder));
    // The relay follows every answer on a room socket with its own step 1.
    return true;
  }

  send(message: Uint8Array): void {
    if (this.socket?.readyState === OPEN) this.socket.send(message);
  }

  close(): void {
    const socket = this.detach();
    closeQuietly(socket, CloseCode.normal);
  }

  fail(code: number): void {
    // The close event still reaches onclose, which reports it.
    closeQuietly(this.socket, code);
  }

  private detach(): SocketLike | null {
    const socket = this.socket;
    silence(socket);
    this.socket = null;
    return socket;
  }
}

/** Nothing the socket does reaches its owner any more. */
export function silence(socket: SocketLike | null): void {
  if (!socket) return;
  socket.onopen = socket.onmessage = socket.onclose = null;
  // Keep an error listener: `ws` emits one when a connecting socket is aborted.
  socket.onerror = () => undefined;
}

/** Closing a socket that is still connecting throws in some implementations; either way it is gone. */
export function closeQuietly(socket: SocketLike | null, code?: number): void {
  try {
    socket?.close(code);
  } catch {
    // already closed or never opened
  }
}
