/**
 * Binds one websocket to its room: frames in, frames out, and the rule that a
 * bad frame closes only this connection ([R4]). What a message does in the
 * room is doc-messages.ts, shared with the channels of multiplexed sockets.
 */
import { randomBytes } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { CloseCode } from '../shared/protocol';
import type { ConnectionAccess, DocMessageTarget } from './doc-messages';
import { docMessageFailed, receiveDocMessage } from './doc-messages';
import { RelayError, malformed } from './errors';
import { DEFAULT_LIMITS } from './limits';
import type { Logger } from './log';
import type { Peer } from './peer';
import type { Room } from './room';
import type { RoomRegistry } from './rooms';
import type { ConnectionContext } from './socket-io';
import { admitFrame, rateLimiterFor, replyBufferLimit, socketSender, toBytes } from './socket-io';

export type { ConnectionAccess } from './doc-messages';
export type { ConnectionContext } from './socket-io';

/** A fresh peer id, flat from native code: randomUUID() builds its string by concatenation, a tree of some fifteen strings kept as long as the connection. */
export function peerId(): string {
  return randomBytes(16).toString('hex');
}

export function openConnection(ws: WebSocket, roomName: string, registry: RoomRegistry, logger: Logger, context?: ConnectionContext, access?: ConnectionAccess): Peer | null {
  const metrics = context?.metrics;
  const rateLimiter = rateLimiterFor(context);
  const sendBufferLimit = replyBufferLimit(context?.limits ?? DEFAULT_LIMITS);
  const id = peerId();
  const log = { room: roomName, peer: id, ip: context?.ip };
  const sender = socketSender(ws, logger, log, metrics, () => sendBufferLimit);
  const peer: Peer = { id, identity: access?.identity, send: sender.send, close: sender.close };

  let room: Room | undefined;
  // One listener (ws emits 'close' once): the room is left, and the close is counted, labelled
  // with the code the relay sent when it closed; otherwise with what the client sent (1006: no close frame).
  ws.on('close', (code: number) => {
    sender.closed();
    if (room) registry.leave(room, peer);
    metrics?.connectionsClosed.inc({ code: sender.sentCode ?? code });
  });

  try {
    room = registry.join(roomName, peer);
  } catch (error) {
    logJoinFailure(logger, log, error);
    peer.close(CloseCode.internal, 'room unavailable');
    return null;
  }
  const target: DocMessageTarget = { room, peer, access, metrics, logger, log, end: sender.close, what: 'connection', dropped: 0 };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (sender.closing) return;
    const bytes = toBytes(data);
    if (!admitFrame(bytes, rateLimiter, sender, metrics, logger, log)) return;
    if (isBinary) return receiveDocMessage(target, bytes);
    metrics?.frames.inc({ type: 'text', outcome: 'undecodable' });
    docMessageFailed(target, malformed('text frame'));
  });
  return peer;
}

/** While a room backs off ([R12]) its registry logged the failure once; each refused connection would only repeat it. */
export function logJoinFailure(logger: Logger, log: Record<string, unknown>, error: unknown): void {
  if (error instanceof RelayError && error.reason === 'load-backoff') return;
  logger.error('room load failed', { ...log, error: error instanceof RelayError ? (error.cause ?? error) : error });
}
