/**
 * @hocuspocus/server as a process of its own, for `npm run bench:relay`: its
 * stock `Server` with no extensions, so it keeps documents in memory only
 * (nothing survives a restart). Bound to HOST:PORT (default 127.0.0.1, a free
 * port). Prints `listening on ws://H:P` like Baton's relay, exits 0 on SIGTERM/SIGINT.
 */
import type { AddressInfo } from 'node:net';
import { Server } from '@hocuspocus/server';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 0);

const server = new Server({ port, address: host, quiet: true, stopOnSignals: false });

// Server.listen() hands `address` to net as an unknown option, which binds every
// interface; listening on its own HTTP server keeps the bench on loopback. The
// upgrade and request handlers are the ones the constructor installed.
server.httpServer.listen(port, host, () => {
  process.stdout.write(`listening on ws://${host}:${(server.httpServer.address() as AddressInfo).port}\n`);
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.destroy().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
