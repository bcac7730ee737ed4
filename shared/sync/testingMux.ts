/**
 * FakeRelay's side of the one-socket wire (shared/protocol/mux.ts), for sync unit tests with fake
 * timers: channels per socket, OPEN answered with step 2 (then step 1 when asked), awareness only
 * on channels opened with presence, a store counter for catch-up (every update applied to a room
 * is "stored" at the next cursor), live CHANGED pushes for docs a socket has no channel on, and
 * pong for ping. Not exported from index.ts; production code never needs it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { decodeMuxFrame, encodeMuxFrame, MUX_SUBPROTOCOL, type MuxFrame } from '../protocol/mux';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../protocol/wire';
import type { FakeSocket } from './testing';

interface Channel {
  room: string;
  presence: boolean;
}

/** Where a doc update came from on the shared wire, so it is not echoed back to its channel. */
export interface MuxOrigin {
  socket: FakeSocket;
  channel: number;
}

export function isMuxSocket(socket: FakeSocket): boolean {
  return socket.protocols.includes(MUX_SUBPROTOCOL);
}

export class FakeMuxServer {
  private readonly channels = new Map<FakeSocket, Map<number, Channel>>();
  private cursor = 0;
  /** room → the cursor it was last stored at. */
  private readonly storedAt = new Map<string, number>();
  /** Every frame each socket was sent, decoded, for assertions. */
  readonly sent = new Map<FakeSocket, MuxFrame[]>();
  /** Largest CHANGED list; longer answers are cut there (as a relay's cap would). */
  cap = Infinity;

  constructor(
    private readonly doc: (room: string) => Y.Doc,
    private readonly live: () => FakeSocket[],
  ) {}

  /** The docs of `socket`'s workspace and their channels open on it now. */
  openRooms(socket: FakeSocket): string[] {
    return [...(this.channels.get(socket)?.values() ?? [])].map((channel) => channel.room);
  }

  /** A room's doc was stored to (`from`: the channel it came on, if any). */
  stored(room: string, from: unknown): void {
    this.storedAt.set(room, ++this.cursor);
    const workspace = room.slice(0, room.indexOf('/'));
    const docId = room.slice(room.indexOf('/') + 1);
    for (const socket of this.live()) {
      if (!isMuxSocket(socket) || socket.room !== workspace || (from as MuxOrigin | undefined)?.socket === socket) continue;
      if (!this.openRooms(socket).includes(room)) this.send(socket, { kind: 'changed', cursor: 0, docIds: [docId] });
    }
  }

  /** Sends a y-websocket `frame` of `room` on every channel that has it open, except `from`'s. */
  forward(room: string, from: unknown, frame: Uint8Array, awareness = false): void {
    const origin = from as MuxOrigin | undefined;
    for (const socket of this.live()) {
      for (const [channel, open] of this.channels.get(socket) ?? []) {
        if (open.room !== room || (origin?.socket === socket && origin.channel === channel)) continue;
        if (awareness && !open.presence) continue;
        this.send(socket, { kind: 'doc', channel, message: frame });
      }
    }
  }

  /** The relay ends one channel (as it would on a bad update, or access to that doc ending). */
  closeChannel(socket: FakeSocket, docId: string, code: number): void {
    const room = `${socket.room}/${docId}`;
    for (const [channel, open] of this.channels.get(socket) ?? []) {
      if (open.room !== room) continue;
      this.channels.get(socket)?.delete(channel);
      this.send(socket, { kind: 'close', channel, code, reason: '' });
    }
  }

  handle(socket: FakeSocket, bytes: Uint8Array): void {
    let frame: MuxFrame;
    try {
      frame = decodeMuxFrame(bytes);
    } catch {
      socket.drop(4400);
      return;
    }
    const channels = this.channels.get(socket) ?? new Map<number, Channel>();
    this.channels.set(socket, channels);
    switch (frame.kind) {
      case 'open': {
        const room = `${socket.room}/${frame.docId}`;
        channels.set(frame.channel, { room, presence: frame.presence });
        const doc = this.doc(room);
        this.send(socket, { kind: 'doc', channel: frame.channel, message: sync((encoder) => syncProtocol.writeSyncStep2(encoder, doc, frame.stateVector)) });
        if (frame.answer) this.send(socket, { kind: 'doc', channel: frame.channel, message: sync((encoder) => syncProtocol.writeSyncStep1(encoder, doc)) });
        break;
      }
      case 'doc': {
        const open = channels.get(frame.channel);
        if (!open) return;
        const decoder = decoding.createDecoder(frame.message);
        const type = decoding.readVarUint(decoder);
        if (type === MESSAGE_SYNC) {
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          const origin: MuxOrigin = { socket, channel: frame.channel };
          syncProtocol.readSyncMessage(decoder, encoder, this.doc(open.room), origin);
          if (encoding.length(encoder) > 1) this.send(socket, { kind: 'doc', channel: frame.channel, message: encoding.toUint8Array(encoder) });
        } else if (type === MESSAGE_AWARENESS && open.presence) {
          this.forward(open.room, { socket, channel: frame.channel }, frame.message, true);
        }
        break;
      }
      case 'close':
        channels.delete(frame.channel);
        this.send(socket, { kind: 'close', channel: frame.channel, code: 1000, reason: '' });
        break;
      case 'catchUp': {
        const prefix = `${socket.room}/`;
        const changed = [...this.storedAt]
          .filter(([room, at]) => room.startsWith(prefix) && at > frame.cursor)
          .sort((a, b) => a[1] - b[1])
          .slice(0, this.cap === Infinity ? undefined : this.cap);
        const cursor = changed.length === 0 ? Math.max(frame.cursor, this.cursor) : this.cap !== Infinity && changed.length === this.cap ? changed.at(-1)![1] : this.cursor;
        this.send(socket, { kind: 'changed', cursor, docIds: changed.map(([room]) => room.slice(prefix.length)) });
        break;
      }
      case 'ping':
        this.send(socket, { kind: 'pong' });
        break;
      default:
        break;
    }
  }

  /** The socket is gone: its channels with it. */
  forget(socket: FakeSocket): void {
    this.channels.delete(socket);
  }

  private send(socket: FakeSocket, frame: MuxFrame): void {
    const frames = this.sent.get(socket) ?? [];
    frames.push(frame);
    this.sent.set(socket, frames);
    socket.deliver(encodeMuxFrame(frame));
  }
}

function sync(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  write(encoder);
  return encoding.toUint8Array(encoder);
}
