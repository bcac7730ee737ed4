/**
 * One y-websocket message from a client to its room, the same for a per-room
 * socket and for a channel of a multiplexed one ([R38]): decoded strictly
 * ([R4], [R26]), a viewer's writes dropped ([R17]), handed to the room
 * ([R2]), counted by type and outcome ([R27]). A message that is malformed or
 * that the room refuses ends its `target` (the socket, or only the channel)
 * with the code a per-room socket gets.
 */
import type { TokenRole } from '../shared/protocol';
import { CloseCode, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../shared/protocol';
import { mayRelay } from './auth';
import { RelayError } from './errors';
import type { Logger } from './log';
import type { ClientMessage } from './messages';
import { decodeClientMessage } from './messages';
import type { RelayMetrics } from './metrics';
import type { Peer } from './peer';
import type { Room } from './room';

/** The role a token granted ([R17]); without one, a connection may edit. */
export interface ConnectionAccess {
  role: TokenRole;
  /** The token's id: whose awareness client ids this connection may change ([R8]). */
  identity?: string;
  /** Called for every message dropped because the role may not send it. */
  onDropped?: () => void;
}

/** Where one room's messages go, and what ends when one is bad. */
export interface DocMessageTarget {
  room: Room;
  peer: Peer;
  access?: ConnectionAccess;
  metrics?: RelayMetrics;
  logger: Logger;
  /** Fields of every log line: room, peer, address (and channel). */
  log: Record<string, unknown>;
  /** Ends the socket or channel: `what` names it in the log line. */
  end(code: number, reason: string): void;
  what: 'connection' | 'channel';
  /** Messages dropped from a viewer so far; the first is logged. */
  dropped: number;
}

type FrameOutcome = 'accepted' | 'refused' | 'undecodable' | 'dropped';

/** Handles one binary message for `target`'s room. */
export function receiveDocMessage(target: DocMessageTarget, bytes: Uint8Array): void {
  const type = frameType(bytes);
  const count = (outcome: FrameOutcome) => target.metrics?.frames.inc({ type, outcome });
  let message: ClientMessage;
  try {
    message = decodeClientMessage(bytes);
  } catch (error) {
    count('undecodable');
    docMessageFailed(target, error);
    return;
  }
  const { access } = target;
  if (access && !mayRelay(access.role, message)) {
    // [R17] Neither relayed nor stored; the client is not closed, it just reads.
    if (target.dropped++ === 0) target.logger.info('dropping messages from viewer', { ...target.log, type: message.type });
    access.onDropped?.();
    count('dropped');
    return;
  }
  const refused = (error: unknown) => {
    count('refused');
    docMessageFailed(target, error);
  };
  try {
    // Behind an asynchronous store the message may be handled later ([S3]).
    const handled = target.room.receive(target.peer, message);
    if (handled) handled.then(() => count('accepted'), refused);
    else count('accepted');
  } catch (error) {
    refused(error);
  }
}

/** [R4] A malformed or refused message ends only its target; anything else is the relay's fault (4500). */
export function docMessageFailed(target: Pick<DocMessageTarget, 'logger' | 'log' | 'end' | 'what'>, error: unknown): void {
  if (error instanceof RelayError && error.reason === 'malformed') {
    target.logger.warn(`malformed frame, closing ${target.what}`, { ...target.log, detail: error.message });
    target.end(CloseCode.malformed, 'malformed message');
  } else {
    target.logger.error('unexpected error handling frame', { ...target.log, error });
    target.end(CloseCode.internal, 'internal error');
  }
}

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
