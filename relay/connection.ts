/**
 * Binds one websocket to its room: frames in, frames out, and the rule that a
 * bad frame closes only this connection ([R4]).
 */
import { randomBytes } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import type { TokenRole } from '../shared/protocol';
import { CloseCode, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../shared/protocol';
import { mayRelay } from './auth';
import { RelayError } from './errors';
import type { SendClock } from './keepalive';
import type { RelayLimits } from './limits';
import { DEFAULT_LIMITS, RateLimiter } from './limits';
import type { Logger } from './log';
import type { ClientMessage } from './messages';
import { decodeClientMessage } from './messages';
import type { RelayMetrics } from './metrics';
import type { Peer } from './peer';
import type { Room } from './room';
import type { RoomRegistry } from './rooms';

/** Limits and metrics of one connection ([R25], [R27]); absent in unit tests that only need the protocol. */
export interface ConnectionContext {
  ip: string;
  limits: RelayLimits;
  metrics: RelayMetrics;
}

/** The role a token granted ([R17]); without one, a connection may edit. */
export interface ConnectionAccess {
  role: TokenRole;
  /** The token's id: whose awareness client ids this connection may change ([R8]). */
  identity?: string;
  /** Called for every message dropped because the role may not send it. */
  onDropped?: () => void;
}

export function openConnection(ws: WebSocket, roomName: string, registry: RoomRegistry, logger: Logger, context?: ConnectionContext, access?: ConnectionAccess): Peer | null {
  let closing = false;
  let sentCode: number | undefined;
  const metrics = context?.metrics;
  const rateLimiter = context ? new RateLimiter(context.limits) : null;
  // One whole-document reply may always be in flight; a second one while the first is unread may not.
  const sendBufferLimit = (context?.limits.maxMessageBytes ?? DEFAULT_LIMITS.maxMessageBytes) + 1024 * 1024;
  const peer: Peer = {
    // Flat from native code: randomUUID() builds its string by concatenation, a tree of
    // some fifteen strings kept as long as the connection.
    id: randomBytes(16).toString('hex'),
    identity: access?.identity,
    send(frame) {
      if (!closing && ws.readyState === ws.OPEN) {
        // [R31] A client that asks for replies (whole documents, awareness) and never
        // reads them would pile them up in this process; past the cap it is cut off.
        if (ws.bufferedAmount + frame.byteLength > sendBufferLimit) {
          logger.warn('client is not reading, closing connection', { ...log, buffered: ws.bufferedAmount, code: CloseCode.rateLimited });
          peer.close(CloseCode.rateLimited, 'not reading');
          return;
        }
        ws.send(frame);
        // The keepalive adds its own message only to connections that heard nothing lately ([R9]).
        (ws as WebSocket & SendClock).lastSentAt = performance.now();
        metrics?.messagesOut.inc();
        metrics?.bytesOut.inc(undefined, frame.byteLength);
      }
    },
    close(code, reason) {
      if (closing) return;
      closing = true;
      sentCode = code;
      ws.close(code, reason);
    },
  };
  const log = { room: roomName, peer: peer.id, ip: context?.ip };

  // ws emits at most one 'error' per socket (it closes the socket itself, e.g. with
  // 1009 -> 4413 for an oversized message, see server.ts); logging it is all that is left.
  ws.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      sentCode = CloseCode.tooLarge;
      logger.warn('message too large, closing connection', { ...log, limit: context?.limits.maxMessageBytes, code: CloseCode.tooLarge });
    } else {
      logger.warn('websocket error', { ...log, error });
    }
  });
  let room: Room | undefined;
  // One listener (ws emits 'close' once): the room is left, and the close is counted, labelled
  // with the code the relay sent when it closed; otherwise with what the client sent (1006: no close frame).
  ws.on('close', (code: number) => {
    closing = true;
    if (room) registry.leave(room, peer);
    metrics?.connectionsClosed.inc({ code: sentCode ?? code });
  });

  try {
    room = registry.join(roomName, peer);
  } catch (error) {
    // While a room backs off ([R12]) its registry logged the failure once; each refused connection would only repeat it.
    if (!(error instanceof RelayError && error.reason === 'load-backoff')) {
      logger.error('room load failed', { ...log, error: error instanceof RelayError ? (error.cause ?? error) : error });
    }
    peer.close(CloseCode.internal, 'room unavailable');
    return null;
  }
  const joined = room;
  let dropped = 0;

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (closing) return;
    const bytes = toBytes(data);
    metrics?.messagesIn.inc();
    metrics?.bytesIn.inc(undefined, bytes.byteLength);
    if (rateLimiter && !rateLimiter.allow(bytes.byteLength)) {
      // [R25] Only this connection pays for its flood; what it sent before is already handled.
      logger.warn('rate limit exceeded, closing connection', { ...log, code: CloseCode.rateLimited });
      peer.close(CloseCode.rateLimited, 'rate limit exceeded');
      return;
    }
    const type = isBinary ? frameType(bytes) : 'text';
    const count = (outcome: FrameOutcome) => metrics?.frames.inc({ type, outcome });
    let message: ClientMessage;
    try {
      if (!isBinary) throw new RelayError('malformed', 'text frame');
      message = decodeClientMessage(bytes);
    } catch (error) {
      count('undecodable');
      onFrameError(error);
      return;
    }
    if (access && !mayRelay(access.role, message)) {
      // [R17] Neither relayed nor stored; the client is not closed, it just reads.
      if (dropped++ === 0) logger.info('dropping messages from viewer', { ...log, type: message.type });
      access.onDropped?.();
      count('dropped');
      return;
    }
    const refused = (error: unknown) => {
      count('refused');
      onFrameError(error);
    };
    try {
      // Behind an asynchronous store the message may be handled later ([S3]).
      const handled = joined.receive(peer, message);
      if (handled) handled.then(() => count('accepted'), refused);
      else count('accepted');
    } catch (error) {
      refused(error);
    }
  });

  function onFrameError(error: unknown): void {
    if (error instanceof RelayError && error.reason === 'malformed') {
      logger.warn('malformed frame, closing connection', { ...log, detail: error.message });
      peer.close(CloseCode.malformed, 'malformed message');
    } else {
      logger.error('unexpected error handling frame', { ...log, error });
      peer.close(CloseCode.internal, 'internal error');
    }
  }
  return peer;
}

type FrameOutcome = 'accepted' | 'refused' | 'undecodable' | 'dropped';

const SYNC_TYPES = ['sync-step1', 'sync-step2', 'sync-update'];

/** The message type a frame claims in its first bytes, for metrics only (single-byte varints; anything else is `other`). */
function frameType(bytes: Uint8Array): string {
  switch (bytes[0]) {
    case MESSAGE_SYNC:
      return SYNC_TYPES[bytes[1] ?? -1] ?? 'sync-other';
    case MESSAGE_AWARENESS:
      return 'awareness';
    case MESSAGE_QUERY_AWARENESS:
      return 'query-awareness';
    default:
      return 'other';
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
