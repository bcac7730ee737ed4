import { createConnection, createServer, type Socket } from 'node:net';

/** One client's connection through a pass-through: its socket and the one to the target. */
export interface PassedConnection {
  readonly client: Socket;
  readonly upstream: Socket;
  /**
   * Set, the path has gone silent: no byte, end or error is passed on any more, either way (a
   * network that stopped forwarding closes nothing).
   */
  silent: boolean;
}

export interface PassThroughOptions {
  /** Whether a new connection is let through; one refused is destroyed at once. */
  admit?: () => boolean;
  /** A connection let through (to count it, or to start it silent). */
  opened?: (connection: PassedConnection) => void;
  /** A chunk on its way ('up': from the client to the target), before it is passed on (or not, if the connection is or goes silent). */
  chunk?: (chunk: Buffer, direction: 'up' | 'down', connection: PassedConnection) => void;
}

/** A TCP pass-through on 127.0.0.1 to a relay, for tests and benches that need the line between a device and the relay in hand. */
export interface PassThrough {
  /** ws://127.0.0.1:<port>: give this to the device instead of the target's own address. */
  url: string;
  /** Connections whose client end is still open (silent ones included). */
  openConnections(): number;
  /** Destroys every connection, both ends. */
  destroyAll(): void;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

export async function startPassThrough(target: string, options: PassThroughOptions = {}): Promise<PassThrough> {
  const { hostname, port } = new URL(target);
  const clients = new Set<Socket>();
  const all = new Set<Socket>();
  const server = createServer((client) => {
    if (options.admit && !options.admit()) {
      client.destroy();
      return;
    }
    const connection: PassedConnection = { client, upstream: createConnection({ host: hostname, port: Number(port) }), silent: false };
    const { upstream } = connection;
    options.opened?.(connection);
    clients.add(client);
    client.on('close', () => clients.delete(client));
    for (const socket of [client, upstream]) {
      all.add(socket);
      socket.on('close', () => all.delete(socket));
      socket.on('error', () => {
        if (connection.silent) return;
        client.destroy();
        upstream.destroy();
      });
    }
    const forward = (direction: 'up' | 'down', to: Socket) => (chunk: Buffer) => {
      options.chunk?.(chunk, direction, connection);
      if (!connection.silent) to.write(chunk);
    };
    client.on('data', forward('up', upstream));
    upstream.on('data', forward('down', client));
    client.on('end', () => !connection.silent && upstream.end());
    upstream.on('end', () => !connection.silent && client.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the pass-through has no port');
  const destroyAll = () => {
    for (const socket of all) socket.destroy();
  };
  return {
    url: `ws://127.0.0.1:${address.port}`,
    openConnections: () => clients.size,
    destroyAll,
    close() {
      destroyAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
