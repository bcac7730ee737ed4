/**
 * What a device costs on the wire: a websocket that counts the payload of every message it sends
 * and receives, and a TCP pass-through that counts every byte both ways (HTTP upgrades, websocket
 * framing, pings and all), so a bench can put both beside the Yjs diff the device truly lacked.
 */
import WebSocket from 'ws';
import type { SocketFactory, SocketLike } from '../../shared/sync';
import { startPassThrough } from '../../test/helpers/passThrough';

export interface ByteCount {
  sent: number;
  received: number;
  /** Websockets opened since the count was reset. */
  sockets: number;
  /** Bytes by the first byte of each message (the multiplexed frame's kind, or the y-websocket message type), per direction. */
  byKind: Record<string, number>;
}

const zero = (): ByteCount => ({ sent: 0, received: 0, sockets: 0, byKind: {} });

function tally(count: ByteCount, direction: 'out' | 'in', bytes: Uint8Array): void {
  const key = `${direction}:${bytes[0] ?? '-'}`;
  count.byKind[key] = (count.byKind[key] ?? 0) + bytes.byteLength;
}

/** A `ws` websocket factory counting message payloads into `count`. */
export function countingSockets(): { Socket: SocketFactory; count: ByteCount; reset(): void } {
  const state = { count: zero() };
  class Counted extends WebSocket {
    constructor(url: string, protocols?: string[]) {
      super(url, protocols);
      state.count.sockets += 1;
      this.on('message', (data: Buffer | ArrayBuffer) => {
        state.count.received += data.byteLength;
        tally(state.count, 'in', new Uint8Array(data));
      });
    }
    override send(data: Uint8Array): void {
      state.count.sent += data.byteLength;
      tally(state.count, 'out', data);
      super.send(data);
    }
  }
  return {
    Socket: Counted as unknown as SocketFactory & (new (url: string, protocols?: string[]) => SocketLike),
    get count() {
      return state.count;
    },
    reset() {
      state.count = zero();
    },
  };
}

export interface CountingProxy {
  /** ws://127.0.0.1:<port>: the relay, as the counted device reaches it. */
  url: string;
  readonly count: ByteCount;
  reset(): void;
  close(): Promise<void>;
}

/** A TCP pass-through to `target` that counts bytes each way (`sockets` counts TCP connections). */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  let count = zero();
  const line = await startPassThrough(target, {
    opened: () => void (count.sockets += 1),
    chunk: (chunk, direction) => void (direction === 'up' ? (count.sent += chunk.byteLength) : (count.received += chunk.byteLength)),
  });
  return {
    url: line.url,
    get count() {
      return count;
    },
    reset() {
      count = zero();
    },
    close: line.close,
  };
}
