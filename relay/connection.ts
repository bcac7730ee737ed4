/**
 * Binds one websocket to its room: frames in, frames out, and the rule that a
 * bad frame closes only this connection ([R4]).
 */
import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import type { TokenRole } from '../shared/protocol';
import { CloseCode } from '../shared/protocol';
import { mayRelay } from './auth';
import { RelayError } from './errors';
import type { Logger } from './log';
import { decodeClientMessage } from './messages';
import type { Peer, Room } from './room';
import type { RoomRegistry } from './rooms';

/** The role a token granted ([R17]); without one, a connection may edit. */
export interface ConnectionAccess {
  role: TokenRole;
  /** Called for every message dropped because the role may not send it. */
  onDropped?: () => void;
}

export function openConnection(ws: WebSocket, roomName: string, registry: RoomRegistry, logger: Logger, access?: ConnectionAccess): Peer | null {
  let closing = false;
  const peer: Peer = {
    id: randomUUID(),
    send(frame) {
      if (!closing && ws.readyState === ws.OPEN) ws.send(frame);
    },
    close(code, reason) {
      if (closing) return;
      closing = true;
      ws.close(code, reason);
    },
  };
  const log = { room: roomName, peer: peer.id };

  ws.on('error', (error) => logger.warn('websocket error', { ...log, error }));

  let room: Room;
  try {
    room = registry.join(roomName, peer);
  } catch (error) {
    logger.error('room load failed', { ...log, error: error instanceof RelayError ? (error.cause ?? error) : error });
    peer.close(CloseCode.internal, 'room unavailable');
    return null;
  }
  let dropped = 0;

  ws.on('close', () => {
    closing = true;
    registry.leave(room, peer);
  });

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (closing) return;
    try {
      if (!isBinary) throw new RelayError('malformed', 'text frame');
      // Behind an asynchronous store the message may be handled later ([S3]).
      const message = decodeClientMessage(toBytes(data));
      if (access && !mayRelay(access.role, message)) {
        // [R17] Neither relayed nor stored; the client is not closed, it just reads.
        if (dropped++ === 0) logger.info('dropping messages from viewer', { ...log, type: message.type });
        access.onDropped?.();
        return;
      }
      room.receive(peer, message)?.catch(onFrameError);
    } catch (error) {
      onFrameError(error);
    }
  });

  return peer;

  function onFrameError(error: unknown): void {
    if (error instanceof RelayError && error.reason === 'malformed') {
      logger.warn('malformed frame, closing connection', { ...log, detail: error.message });
      peer.close(CloseCode.malformed, 'malformed message');
    } else {
      logger.error('unexpected error handling frame', { ...log, error });
      peer.close(CloseCode.internal, 'internal error');
    }
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
