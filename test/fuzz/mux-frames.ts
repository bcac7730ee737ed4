/**
 * Frames for multiplexed sockets ([R37]–[R42]): mostly well-framed OPEN, DOC,
 * CLOSE, CATCHUP and PING frames whose DOC payloads come from the per-room
 * fuzzer (so a bad message reaches a channel and ends only it), and sometimes
 * mutated or random framing, relay-only kinds or text, which end the socket.
 */
import * as encoding from 'lib0/encoding';
import type { MuxFrame } from '../../shared/protocol/mux';
import { encodeMuxFrame } from '../../shared/protocol/mux';
import type { Frame, FrameFuzzer } from './frames';
import type { Rng } from './rng';

/** Channel numbers an attacker uses: few, so OPEN, DOC and CLOSE meet the same ones. */
const CHANNELS = 12;
const HUGE = [2 ** 31, 2 ** 32 - 1, 2 ** 53 - 1];

export class MuxFrameFuzzer {
  constructor(
    private readonly rng: Rng,
    private readonly docFrames: FrameFuzzer,
    /** Doc ids of the workspace the socket is on. */
    private readonly docIds: readonly string[],
  ) {}

  next(): Frame {
    const { rng } = this;
    return rng.weighted<() => Frame>([
      [55, () => this.docFrame()],
      [15, () => this.framed(this.open())],
      [6, () => this.framed({ kind: 'close', channel: this.channel(), code: rng.pick([1000, 4400, rng.uint32() >>> 16]), reason: rng.chance(0.5) ? '' : 'bye' })],
      [5, () => this.framed({ kind: 'catchUp', cursor: rng.chance(0.5) ? 0 : rng.chance(0.5) ? rng.pick(HUGE) : rng.int(1000) })],
      [4, () => this.framed({ kind: 'ping' })],
      [4, () => this.mutated()],
      [1.5, () => ({ kind: 'random', label: 'mux-random', data: rng.bytes(rng.int(64)) })],
      [1, () => this.framed(rng.chance(0.5) ? { kind: 'pong' } : { kind: 'changed', cursor: 0, docIds: [rng.pick(this.docIds)] }, 'crafted')],
      [1, () => ({ kind: 'text', label: 'mux-text', data: 'hello' })],
    ])();
  }

  private channel(): number {
    return this.rng.int(CHANNELS);
  }

  private framed(frame: MuxFrame, kind: Frame['kind'] = 'valid'): Frame {
    return { kind, label: `mux-${frame.kind}`, data: encodeMuxFrame(frame) };
  }

  /** A DOC frame around a per-room fuzzer frame, counted as that frame's kind: the channel's decoder meets it. */
  private docFrame(): Frame {
    const inner = this.docFrames.next();
    const message = typeof inner.data === 'string' ? new TextEncoder().encode(inner.data) : inner.data;
    const frame: MuxFrame = { kind: 'doc', channel: this.channel(), message: message.byteLength > 0 ? message : new Uint8Array([0]) };
    return { kind: inner.kind === 'text' ? 'mutated' : inner.kind, label: `mux-doc(${inner.label})`, data: encodeMuxFrame(frame) };
  }

  /** A DOC frame around a valid message. */
  private doc(): MuxFrame {
    return { kind: 'doc', channel: this.channel(), message: this.docFrames.valid().data as Uint8Array };
  }

  private open(): MuxFrame {
    const { rng } = this;
    return {
      kind: 'open',
      channel: this.channel(),
      docId: rng.pick(this.docIds),
      presence: rng.chance(0.5),
      answer: rng.chance(0.5),
      since: rng.chance(0.6) ? 0 : rng.chance(0.5) ? rng.pick(HUGE) : rng.int(2 ** 20),
      stateVector: this.stateVector(),
    };
  }

  /** Mostly a well-formed state vector; sometimes one that lies about its counts. */
  private stateVector(): Uint8Array {
    const { rng } = this;
    if (rng.chance(0.4)) return new Uint8Array([0]);
    const encoder = encoding.createEncoder();
    const n = rng.chance(0.1) ? rng.pick(HUGE) : rng.int(4);
    encoding.writeVarUint(encoder, n);
    for (let i = 0; i < Math.min(n, 4); i++) {
      encoding.writeVarUint(encoder, rng.uint32());
      encoding.writeVarUint(encoder, rng.chance(0.1) ? rng.pick(HUGE) : rng.int(100));
    }
    return encoding.toUint8Array(encoder);
  }

  /** A well-framed frame with its bytes changed: often no longer one frame, sometimes another valid one. */
  private mutated(): Frame {
    const { rng } = this;
    const base = encodeMuxFrame(rng.chance(0.5) ? this.open() : this.doc());
    const out = base.slice(0, rng.chance(0.3) ? rng.int(base.length) : base.length);
    const flips = rng.range(1, 4);
    for (let i = 0; i < flips && out.length > 0; i++) out[rng.int(Math.min(out.length, 8))]! ^= 1 << rng.int(8);
    return { kind: 'mutated', label: 'mux-mutated', data: out };
  }
}
