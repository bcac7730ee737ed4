/**
 * What every relay websocket does the same way, whether it carries one room
 * (connection.ts) or many channels (mux/): sending with the unread-replies cap
 * ([R31]), noting when it last sent (the keepalive's business, [R9]), counting
 * ([R27]), the rate limit ([R25]) and logging what ws itself refuses.
 */
import type { RawData, WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol';
import type { SendClock } from './keepalive';
import type { RelayLimits } from './limits';
import { RateLimiter } from './limits';
import type { Logger } from './log';
import type { RelayMetrics } from './metrics';

/** Limits and metrics of one connection ([R25], [R27]); absent in unit tests that only need the protocol. */
export interface ConnectionContext {
  ip: string;
  limits: RelayLimits;
  metrics: RelayMetrics;
}

export interface SocketSender {
  /** Sends one frame unless the socket is closing; past `bufferLimit()` unread bytes it closes the socket with 4429 instead. */
  send(frame: Uint8Array): void;
  /** Closes the socket once; later calls do nothing. */
  close(code: number, reason: string): void;
  readonly closing: boolean;
  /** The code the relay closed with, if it did. */
  readonly sentCode: number | undefined;
  /** Marks the socket closed by the client (ws 'close'): nothing more is sent. */
  closed(): void;
}

export function socketSender(ws: WebSocket, logger: Logger, log: Record<string, unknown>, metrics: RelayMetrics | undefined, bufferLimit: () => number): SocketSender {
  let closing = false;
  let sentCode: number | undefined;
  const sender: SocketSender = {
    send(frame) {
      if (closing || ws.readyState !== ws.OPEN) return;
      // [R31] A client that asks for replies (whole documents, awareness) and never
      // reads them would pile them up in this process; past the cap it is cut off.
      if (ws.bufferedAmount + frame.byteLength > bufferLimit()) {
        logger.warn('client is not reading, closing connection', { ...log, buffered: ws.bufferedAmount, code: CloseCode.rateLimited });
        sender.close(CloseCode.rateLimited, 'not reading');
        return;
      }
      ws.send(frame);
      // The keepalive adds its own message only to connections that heard nothing lately ([R9]).
      (ws as WebSocket & SendClock).lastSentAt = performance.now();
      metrics?.messagesOut.inc();
      metrics?.bytesOut.inc(undefined, frame.byteLength);
    },
    close(code, reason) {
      if (closing) return;
      closing = true;
      sentCode = code;
      ws.close(code, reason);
    },
    get closing() {
      return closing;
    },
    get sentCode() {
      return sentCode;
    },
    closed() {
      closing = true;
    },
  };
  // ws emits at most one 'error' per socket (it closes the socket itself, e.g. with
  // 1009 -> 4413 for an oversized message, see server.ts); logging it is all that is left.
  ws.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      sentCode = CloseCode.tooLarge;
      logger.warn('message too large, closing connection', { ...log, code: CloseCode.tooLarge });
    } else {
      logger.warn('websocket error', { ...log, error });
    }
  });
  return sender;
}

/** The unread replies one connection may leave: one whole-document reply in flight, a second one while the first is unread not ([R31]). */
export function replyBufferLimit(limits: RelayLimits): number {
  return limits.maxMessageBytes + 1024 * 1024;
}

/**
 * Counts an incoming frame and applies the connection's rate limit ([R25]); false
 * once the connection is over it, and then it has been closed with 4429.
 */
export function admitFrame(
  bytes: Uint8Array,
  rateLimiter: RateLimiter | null,
  sender: SocketSender,
  metrics: RelayMetrics | undefined,
  logger: Logger,
  log: Record<string, unknown>,
): boolean {
  metrics?.messagesIn.inc();
  metrics?.bytesIn.inc(undefined, bytes.byteLength);
  if (rateLimiter && !rateLimiter.allow(bytes.byteLength)) {
    // Only this connection pays for its flood; what it sent before is already handled.
    logger.warn('rate limit exceeded, closing connection', { ...log, code: CloseCode.rateLimited });
    sender.close(CloseCode.rateLimited, 'rate limit exceeded');
    return false;
  }
  return true;
}

export function rateLimiterFor(context: ConnectionContext | undefined): RateLimiter | null {
  return context ? new RateLimiter(context.limits) : null;
}

export function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
