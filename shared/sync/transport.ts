/**
 * What a RelayConnection (connection.ts) talks through: one doc's y-websocket messages over a
 * websocket of its own (roomSocket.ts, the room `<workspace>/<doc>`), or over a channel of the
 * device's one socket for the workspace (muxSocket.ts). The connection keeps the sync protocol,
 * what counts as confirmed and its state; the transport only carries bytes and says when a link
 * opens and closes.
 */
import type { RelayConfig } from './types';

export interface LinkRequest {
  docId: string;
  /** `<workspaceId>/<docId>`. */
  room: string;
  /** The relay and token in use now (a per-room socket dials it; a channel rides the shared socket). */
  relay: RelayConfig;
  /** The doc is open in the UI (or is the index): awareness is exchanged on this link. */
  presence: boolean;
}

export interface LinkClosed {
  code: number;
  /** The link had opened before it closed; a socket that never opened was refused or unreachable. */
  opened: boolean;
  /**
   * The connection brings the link back itself, after its backoff (its own socket closed, or the
   * relay ended this doc's channel). False: the shared socket went down, and reopens every channel
   * on its own when it is back.
   */
  retry: boolean;
  /** The transport already told the owner (so N docs on one socket cause one access check, not N). */
  reported: boolean;
}

export interface LinkHandlers {
  /** The shared socket is dialling again (a per-room socket is connecting from the start). */
  connecting(): void;
  /** The link carries messages now: the connection says hello. */
  opened(): void;
  message(bytes: Uint8Array): void;
  closed(event: LinkClosed): void;
}

export interface DocLink {
  /**
   * The connection's first sync step 1. `answer`: this doc holds changes the relay may lack. Returns
   * whether the relay will follow its answer with a step 1 of its own (which the connection answers
   * with what it holds): a per-room relay always does, a channel's only when asked to.
   */
  hello(stateVector: Uint8Array, answer: boolean): boolean;
  /** One y-websocket message of this doc; dropped while the link is not open. */
  send(message: Uint8Array): void;
  readonly isOpen: boolean;
  /** The connection lets go: no handler is called any more. */
  close(): void;
  /** The relay sent something unreadable: the link ends with `code` and `closed` reports it (retry: true). */
  fail(code: number): void;
}

export interface DocTransport {
  /** Per-room sockets prove themselves alive with probes; a shared socket pings once for all channels. */
  readonly keepalive: boolean;
  link(request: LinkRequest, handlers: LinkHandlers): DocLink;
}

export function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return data;
  return null;
}
