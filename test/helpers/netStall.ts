import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A network that goes silent without closing anything (a Wi-Fi that stops forwarding, a laptop
 * lid closed on a train): a TCP pass-through on 127.0.0.1 whose `stall()` keeps every socket open
 * on both sides and drops every byte from then on. Connections made while stalled are accepted
 * and black-holed too (the upgrade never gets an answer). `resume()` lets new connections through;
 * those that saw a stall stay dead, as a path that lost bytes mid-stream is.
 */
export interface NetStall {
  /** ws://127.0.0.1:<port>: give this to the device instead of the relay's own address. */
  url: string;
  stall(): void;
  resume(): void;
  /** TCP connections from clients still open (stalled ones included): the network closed none. */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startNetStall(target: string): Promise<NetStall> {
  const { hostname, port } = new URL(target);
  const clients = new Set<Socket>();
  const all = new Set<Socket>();
  let stalled = false;
  const server = createServer((client) => {
    const upstream = createConnection({ host: hostname, port: Number(port) });
    let dead = stalled;
    const forget = (): void => {
      client.destroy();
      upstream.destroy();
    };
    clients.add(client);
    client.on('close', () => clients.delete(client));
    for (const socket of [client, upstream]) {
      all.add(socket);
      socket.on('close', () => all.delete(socket));
      socket.on('error', () => {
        if (!dead && !stalled) forget();
      });
    }
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (stalled) dead = true;
      if (!dead) to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    // A close is news the network would not deliver either while stalled.
    client.on('end', () => !dead && !stalled && upstream.end());
    upstream.on('end', () => !dead && !stalled && client.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const local = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${local}`,
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
    },
    openConnections: () => clients.size,
    close() {
      for (const socket of all) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
