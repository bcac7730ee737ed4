/**
 * What a device costs on the wire: a websocket that counts the payload of every message it sends
 * and receives, and a TCP pass-through that counts every byte both ways (HTTP upgrades, websocket
 * framing, pings and all), so a bench can put both beside the Yjs diff the device truly lacked.
 */
import { createConnection, createServer, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { SocketFactory, SocketLike } from '../../shared/sync';

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
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let count = zero();
  const server = createServer((client) => {
    count.sockets += 1;
    const upstream = createConnection({ host: hostname, port: Number(port) });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => void (count.sent += chunk.byteLength));
    upstream.on('data', (chunk: Buffer) => void (count.received += chunk.byteLength));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('counting proxy has no port');
  return {
    url: `ws://127.0.0.1:${address.port}`,
    get count() {
      return count;
    },
    reset() {
      count = zero();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
