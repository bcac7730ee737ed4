/**
 * [R38] The channels of one multiplexed socket: each is a peer of its doc's room,
 * exactly like a per-room socket, except that what it sends travels in `doc`
 * frames on the shared socket, and what ends it is a `close` frame, not the
 * socket. The table frees a channel's number as soon as the relay ends it, or
 * when the client closes it (the relay echoes that close, so the client knows
 * it may use the number again).
 */
import { encodeMuxFrame } from '../../shared/protocol/mux';
import { peerId } from '../connection';
import type { ConnectionAccess, DocMessageTarget } from '../doc-messages';
import type { Logger } from '../log';
import type { RelayMetrics } from '../metrics';
import type { Peer } from '../peer';
import type { Room } from '../room';
import type { RoomRegistry } from '../rooms';
import type { MuxMetrics } from './metrics';

export interface Channel {
  readonly number: number;
  readonly docId: string;
  readonly peer: Peer;
  /** Set once the room accepted the peer. */
  room: Room | null;
  target: DocMessageTarget | null;
}

export interface ChannelTableOptions {
  registry: RoomRegistry;
  logger: Logger;
  log: Record<string, unknown>;
  access?: ConnectionAccess;
  metrics?: RelayMetrics;
  muxMetrics?: MuxMetrics;
  /** Sends one frame on the socket. */
  send(frame: Uint8Array): void;
}

export class ChannelTable {
  private readonly channels = new Map<number, Channel>();
  /** Channels per doc id: a doc with one open hears its updates there, not as `changed` ([R43]). */
  private readonly docs = new Map<string, number>();

  constructor(private readonly options: ChannelTableOptions) {}

  get size(): number {
    return this.channels.size;
  }

  get(number: number): Channel | undefined {
    return this.channels.get(number);
  }

  hasDoc(docId: string): boolean {
    return this.docs.has(docId);
  }

  /** Registers a channel before its room is joined: the room may answer in the same tick. */
  add(number: number, docId: string, presence: boolean): Channel {
    const { access } = this.options;
    // eslint-disable-next-line prefer-const -- the peer's functions need the channel, the channel needs the peer.
    let channel: Channel;
    const peer: Peer = {
      id: peerId(),
      identity: access?.identity,
      channel: { presence },
      send: (frame) => {
        if (this.channels.get(number) === channel) this.options.send(encodeMuxFrame({ kind: 'doc', channel: number, message: frame }));
      },
      // The room ends the channel: a refused update, a store failure ([R12]), shutdown.
      close: (code, reason) => this.end(channel, code, reason),
    };
    channel = { number, docId, peer, room: null, target: null };
    this.channels.set(number, channel);
    this.docs.set(docId, (this.docs.get(docId) ?? 0) + 1);
    if (this.options.muxMetrics) this.options.muxMetrics.channels += 1;
    return channel;
  }

  /** The room accepted the channel: its messages go there from now on. */
  joined(channel: Channel, room: Room): void {
    channel.room = room;
    const { access, metrics, logger, log } = this.options;
    const channelLog = { ...log, room: room.name, channel: channel.number };
    channel.target = { room, peer: channel.peer, access, metrics, logger, log: channelLog, end: channel.peer.close, what: 'channel', dropped: 0 };
  }

  /** The relay ends a channel: it leaves its room, its number is free, and the client hears `close` with the code. */
  end(channel: Channel, code: number, reason: string): void {
    if (!this.remove(channel)) return;
    this.options.muxMetrics?.channelsClosed.inc({ code });
    this.options.send(encodeMuxFrame({ kind: 'close', channel: channel.number, code, reason }));
  }

  /** Ends every channel without a word: the socket is gone. */
  clear(): void {
    for (const channel of Array.from(this.channels.values())) this.remove(channel);
  }

  /** Leaves the room and frees the number; false if the channel had ended already. */
  remove(channel: Channel): boolean {
    if (this.channels.get(channel.number) !== channel) return false;
    this.channels.delete(channel.number);
    const count = this.docs.get(channel.docId) ?? 0;
    if (count <= 1) this.docs.delete(channel.docId);
    else this.docs.set(channel.docId, count - 1);
    if (this.options.muxMetrics) this.options.muxMetrics.channels -= 1;
    if (channel.room) this.options.registry.leave(channel.room, channel.peer);
    return true;
  }
}
