/**
 * One multiplexed websocket ([R37]): a device's socket for every doc of one
 * workspace. Frame-level garbage (a text frame, anything `decodeMuxFrame`
 * refuses, a kind only the relay sends, an OPEN on a channel already open)
 * closes the socket with 4400; a bad y-websocket message inside a `doc` frame
 * ends only its channel ([R38]). `doc` and `close` frames for a channel the
 * relay does not hold open are ignored and counted: the client may not have
 * heard yet that the relay ended it.
 */
import type { RawData, WebSocket } from 'ws';
import { CloseCode } from '../../shared/protocol';
import type { MuxFrame } from '../../shared/protocol/mux';
import { MuxDecodeError, decodeMuxFrame, encodeMuxFrame } from '../../shared/protocol/mux';
import { logJoinFailure, peerId } from '../connection';
import type { ConnectionAccess } from '../doc-messages';
import { docMessageFailed, receiveDocMessage } from '../doc-messages';
import type { SendClock } from '../keepalive';
import type { Logger } from '../log';
import type { RoomRegistry } from '../rooms';
import type { ConnectionContext } from '../socket-io';
import { admitFrame, rateLimiterFor, replyBufferLimit, socketSender, toBytes } from '../socket-io';
import { validateStateVector } from '../validate-update';
import { CatchUpReplies } from './catch-up';
import { ChannelTable } from './channels';
import { LiveChanges } from './live-changes';
import type { MuxMetrics } from './metrics';
import type { WorkspaceChanges } from './workspace-changes';

/** The relay's keepalive on a multiplexed socket ([R9], [R46]): an awareness frame would be garbage on this wire. */
export const PONG_FRAME = encodeMuxFrame({ kind: 'pong' });

/**
 * Unread replies a socket may leave ([R31]): what a per-room socket may, plus 256 KiB per
 * open channel, since a device opening docs together is sent their step 2s together.
 */
const BUFFER_PER_CHANNEL = 256 * 1024;

export interface MuxConnectionOptions {
  ws: WebSocket;
  workspaceId: string;
  registry: RoomRegistry;
  /** Where the socket hears of changes, and the store's change log behind it ([R41], [R43]). */
  workspaceChanges: WorkspaceChanges;
  logger: Logger;
  context: ConnectionContext;
  muxMetrics: MuxMetrics;
  access?: ConnectionAccess;
}

/** What server.ts keeps of the socket: its token watch closes it whole ([R16], [R33]). */
export interface MuxConnection {
  readonly id: string;
  close(code: number, reason: string): void;
}

export function openMuxConnection(options: MuxConnectionOptions): MuxConnection {
  const { ws, workspaceId, registry, logger, context, muxMetrics, access } = options;
  const { metrics, limits } = context;
  const id = peerId();
  const log = { workspace: workspaceId, socket: id, ip: context.ip };
  const rateLimiter = rateLimiterFor(context);
  const sender = socketSender(ws, logger, log, metrics, () => replyBufferLimit(limits) + BUFFER_PER_CHANNEL * channels.size);
  const channels = new ChannelTable({ registry, logger, log, access, metrics, muxMetrics, send: sender.send });
  const catchUp = new CatchUpReplies(workspaceId, options.workspaceChanges.changes, sender.send, logger, log);
  const live = new LiveChanges((docId) => channels.hasDoc(docId), sender.send);
  const subscriber = { docChanged: (docId: string) => live.changed(docId) };
  (ws as WebSocket & SendClock).keepaliveFrame = PONG_FRAME;
  options.workspaceChanges.add(workspaceId, subscriber);

  ws.on('close', (code: number) => {
    sender.closed();
    channels.clear();
    catchUp.close();
    live.close();
    options.workspaceChanges.remove(workspaceId, subscriber);
    metrics.connectionsClosed.inc({ code: sender.sentCode ?? code });
  });

  const garbage = (detail: string) => {
    logger.warn('malformed frame, closing connection', { ...log, detail });
    sender.close(CloseCode.malformed, 'malformed frame');
  };
  const count = (kind: string, outcome: string) => muxMetrics.frames.inc({ kind, outcome });

  const openChannel = (frame: Extract<MuxFrame, { kind: 'open' }>): void => {
    const { channel: number, docId } = frame;
    const room = `${workspaceId}/${docId}`;
    const refuse = (code: number, reason: string, fields: Record<string, unknown> = {}) => {
      count('open', 'refused');
      logger.warn(`channel refused: ${reason}`, { ...log, room, channel: number, code, ...fields });
      muxMetrics.channelsClosed.inc({ code });
      sender.send(encodeMuxFrame({ kind: 'close', channel: number, code, reason }));
    };
    // [R42] Limits refuse the channel, never the socket.
    if (channels.size >= limits.maxChannelsPerSocket) return refuse(CloseCode.rateLimited, 'too many channels', { limit: limits.maxChannelsPerSocket });
    try {
      validateStateVector(frame.stateVector);
    } catch {
      return refuse(CloseCode.malformed, 'malformed message');
    }
    if (!registry.has(room) && registry.size >= limits.maxRooms) return refuse(CloseCode.busy, 'relay at its loaded room limit, retry later', { limit: limits.maxRooms });
    const channel = channels.add(number, docId, frame.presence);
    let joined;
    try {
      joined = registry.join(room, channel.peer, { stateVector: frame.stateVector, answer: frame.answer, since: frame.since });
    } catch (error) {
      logJoinFailure(logger, { ...log, room, channel: number }, error);
      return channels.end(channel, CloseCode.internal, 'room unavailable');
    }
    count('open', 'accepted');
    // The room may have ended the channel while answering (it could not encode its state, [R31]).
    if (channels.get(number) === channel) channels.joined(channel, joined);
    else registry.leave(joined, channel.peer);
  };

  const receive = (frame: MuxFrame): void => {
    switch (frame.kind) {
      case 'doc': {
        const channel = channels.get(frame.channel);
        if (!channel?.target) return count('doc', 'no-channel');
        count('doc', 'accepted');
        return receiveDocMessage(channel.target, frame.message);
      }
      case 'open':
        if (channels.get(frame.channel)) return garbage(`open on channel ${frame.channel}, which is open`);
        return openChannel(frame);
      case 'close': {
        const channel = channels.get(frame.channel);
        if (!channel) return count('close', 'no-channel');
        count('close', 'accepted');
        channels.remove(channel);
        muxMetrics.channelsClosed.inc({ code: CloseCode.normal });
        // The echo tells the client the number is free again.
        return sender.send(encodeMuxFrame({ kind: 'close', channel: frame.channel, code: CloseCode.normal, reason: '' }));
      }
      case 'catchUp':
        count('catchUp', 'accepted');
        return catchUp.request(frame.cursor);
      case 'ping':
        count('ping', 'accepted');
        return sender.send(PONG_FRAME);
      case 'changed':
      case 'pong':
        // Only the relay sends these.
        count(frame.kind, 'undecodable');
        return garbage(`${frame.kind} frame from a client`);
    }
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (sender.closing) return;
    const bytes = toBytes(data);
    if (!admitFrame(bytes, rateLimiter, sender, metrics, logger, log)) return;
    if (!isBinary) {
      count('text', 'undecodable');
      return garbage('text frame');
    }
    let frame: MuxFrame;
    try {
      frame = decodeMuxFrame(bytes);
    } catch (error) {
      count('unknown', 'undecodable');
      if (error instanceof MuxDecodeError) return garbage(error.message);
      return docMessageFailed({ logger, log, end: sender.close, what: 'connection' }, error);
    }
    try {
      receive(frame);
    } catch (error) {
      // Nothing above throws by design; if it does, the socket ends, never the process.
      docMessageFailed({ logger, log, end: sender.close, what: 'connection' }, error);
    }
  });

  return { id, close: sender.close };
}
