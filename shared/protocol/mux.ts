/**
 * One socket per device (draft of the multiplexed wire; relay/SPEC.md will give its rules ids):
 * Baton's own client syncs every doc of a workspace over one websocket, upgraded on
 * `/<workspaceId>` with `MUX_SUBPROTOCOL` and its token subprotocol (members.ts), instead of one
 * socket per room. Stock y-websocket clients keep their per-room sockets ([R1]).
 *
 * Every binary frame starts with a varUint kind:
 * - doc     [0, channel, message]        one y-websocket message (shared/protocol/wire.ts) of the
 *                                        doc open on `channel`, exactly as a per-room socket carries it
 * - open    [1, channel, docId, flags, since, stateVector]
 *                                        client: sync this doc on `channel`. The state vector is the
 *                                        client's sync step 1, sent once; the relay answers on the
 *                                        channel with sync step 2 (what the client lacks) and nothing
 *                                        more, unless a flag asks:
 *                                        - 1 `presence`: the doc is open in the UI; the relay sends the
 *                                          room's awareness states and relays the client's.
 *                                        - 2 `answer`: the client holds changes the relay may lack; the
 *                                          relay follows its step 2 with its own step 1 (its state
 *                                          vector), which the client answers with a step 2.
 *                                        `since` is the catch-up cursor the client last reached (0:
 *                                        none); when the relay's store says the doc has not changed
 *                                        after it, the client already holds all of it, and the step 2
 *                                        may be empty (no delete set).
 * - close   [2, channel, code, reason]   either side: the channel ends (the relay's codes are the
 *                                        close codes a per-room socket would get, wire.ts)
 * - catchUp [3, cursor]                  client: which docs changed since my cursor?
 * - changed [4, cursor, count, docIds…]  relay: these docs were stored to after the asked cursor;
 *                                        `cursor` is where the device is caught up to once it has
 *                                        synced them. Pushed live (cursor 0) when a doc the socket has
 *                                        no channel open on is stored to.
 * - ping    [5]                          client: are you there? The relay answers pong at once.
 * - pong    [6]                          relay: the answer to a ping, and the relay's keepalive on a
 *                                        socket it has sent nothing lately.
 * Anything else (an unknown kind, a truncated number, bytes left over, a bad id) is malformed.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { isValidId } from './rooms';

export const MUX_SUBPROTOCOL = 'baton.mux.1';

/** Channels a socket may hold open at once. */
export const MAX_CHANNELS = 1024;

/**
 * Most doc ids one `changed` frame answering a catch-up lists (relay/SPEC.md [R41]). A list
 * this long was cut: the device syncs those docs, then asks again from the cursor it got.
 */
export const CATCH_UP_PAGE = 2000;

export const MuxKind = { doc: 0, open: 1, close: 2, catchUp: 3, changed: 4, ping: 5, pong: 6 } as const;

export type MuxFrame =
  | { kind: 'doc'; channel: number; message: Uint8Array }
  | { kind: 'open'; channel: number; docId: string; presence: boolean; answer: boolean; since: number; stateVector: Uint8Array }
  | { kind: 'close'; channel: number; code: number; reason: string }
  | { kind: 'catchUp'; cursor: number }
  | { kind: 'changed'; cursor: number; docIds: string[] }
  | { kind: 'ping' }
  | { kind: 'pong' };

export class MuxDecodeError extends Error {
  constructor(readonly reason: 'unknown-kind' | 'truncated' | 'trailing-bytes' | 'bad-channel' | 'bad-doc-id' | 'bad-flags') {
    super(`malformed multiplexed frame: ${reason}`);
    this.name = 'MuxDecodeError';
  }
}

const PRESENCE = 1;
const ANSWER = 2;
const MAX_REASON = 123;

export function encodeMuxFrame(frame: MuxFrame): Uint8Array {
  const encoder = encoding.createEncoder();
  switch (frame.kind) {
    case 'doc':
      encoding.writeVarUint(encoder, MuxKind.doc);
      encoding.writeVarUint(encoder, frame.channel);
      encoding.writeUint8Array(encoder, frame.message);
      break;
    case 'open':
      encoding.writeVarUint(encoder, MuxKind.open);
      encoding.writeVarUint(encoder, frame.channel);
      encoding.writeVarString(encoder, frame.docId);
      encoding.writeVarUint(encoder, (frame.presence ? PRESENCE : 0) | (frame.answer ? ANSWER : 0));
      encoding.writeVarUint(encoder, frame.since);
      encoding.writeUint8Array(encoder, frame.stateVector);
      break;
    case 'close':
      encoding.writeVarUint(encoder, MuxKind.close);
      encoding.writeVarUint(encoder, frame.channel);
      encoding.writeVarUint(encoder, frame.code);
      encoding.writeVarString(encoder, frame.reason.slice(0, MAX_REASON));
      break;
    case 'catchUp':
      encoding.writeVarUint(encoder, MuxKind.catchUp);
      encoding.writeVarUint(encoder, frame.cursor);
      break;
    case 'changed':
      encoding.writeVarUint(encoder, MuxKind.changed);
      encoding.writeVarUint(encoder, frame.cursor);
      encoding.writeVarUint(encoder, frame.docIds.length);
      for (const docId of frame.docIds) encoding.writeVarString(encoder, docId);
      break;
    case 'ping':
    case 'pong':
      encoding.writeVarUint(encoder, MuxKind[frame.kind]);
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Decodes one frame; throws MuxDecodeError for anything that is not exactly one frame. */
export function decodeMuxFrame(bytes: Uint8Array): MuxFrame {
  const decoder = decoding.createDecoder(bytes);
  const read = <T>(reader: () => T): T => {
    try {
      return reader();
    } catch {
      throw new MuxDecodeError('truncated');
    }
  };
  const channel = () => {
    const value = read(() => decoding.readVarUint(decoder));
    if (value >= MAX_CHANNELS) throw new MuxDecodeError('bad-channel');
    return value;
  };
  const docId = () => {
    const value = read(() => decoding.readVarString(decoder));
    if (!isValidId(value)) throw new MuxDecodeError('bad-doc-id');
    return value;
  };
  const rest = () => bytes.subarray(decoder.pos);
  const done = <T extends MuxFrame>(frame: T): T => {
    if (decoding.hasContent(decoder)) throw new MuxDecodeError('trailing-bytes');
    return frame;
  };
  const kind = read(() => decoding.readVarUint(decoder));
  switch (kind) {
    case MuxKind.doc: {
      const at = channel();
      const message = rest();
      if (message.byteLength === 0) throw new MuxDecodeError('truncated');
      return { kind: 'doc', channel: at, message };
    }
    case MuxKind.open: {
      const at = channel();
      const id = docId();
      const flags = read(() => decoding.readVarUint(decoder));
      if ((flags & ~(PRESENCE | ANSWER)) !== 0) throw new MuxDecodeError('bad-flags');
      const since = read(() => decoding.readVarUint(decoder));
      const stateVector = rest();
      if (stateVector.byteLength === 0) throw new MuxDecodeError('truncated');
      return { kind: 'open', channel: at, docId: id, presence: (flags & PRESENCE) !== 0, answer: (flags & ANSWER) !== 0, since, stateVector };
    }
    case MuxKind.close: {
      const at = channel();
      const code = read(() => decoding.readVarUint(decoder));
      const reason = read(() => decoding.readVarString(decoder));
      return done({ kind: 'close', channel: at, code, reason: reason.slice(0, MAX_REASON) });
    }
    case MuxKind.catchUp:
      return done({ kind: 'catchUp', cursor: read(() => decoding.readVarUint(decoder)) });
    case MuxKind.changed: {
      const cursor = read(() => decoding.readVarUint(decoder));
      const count = read(() => decoding.readVarUint(decoder));
      // Each id takes at least two bytes: a count beyond what is left is a lie, not a reason to allocate.
      if (count * 2 > bytes.byteLength - decoder.pos) throw new MuxDecodeError('truncated');
      const docIds: string[] = [];
      for (let i = 0; i < count; i++) docIds.push(docId());
      return done({ kind: 'changed', cursor, docIds });
    }
    case MuxKind.ping:
      return done({ kind: 'ping' });
    case MuxKind.pong:
      return done({ kind: 'pong' });
    default:
      throw new MuxDecodeError('unknown-kind');
  }
}
