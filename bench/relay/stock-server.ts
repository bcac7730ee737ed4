/**
 * The stock y-websocket server (@y/websocket-server) as a process of its own,
 * for `npm run bench:relay`: its `setupWSConnection` on a ws server bound to
 * HOST:PORT (default 127.0.0.1, a free port). Persists to LevelDB when
 * YPERSISTENCE names a directory, exactly as the package's own server does.
 * Prints `listening on ws://H:P` like Baton's relay, exits 0 on SIGTERM/SIGINT.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 0);

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, req) => setupWSConnection(ws, req));

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('okay');
});
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});

server.listen(port, host, () => {
  process.stdout.write(`listening on ws://${host}:${(server.address() as AddressInfo).port}\n`);
});

const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  server.close();
  // LevelDB writes are acknowledged by the OS on each put; nothing is buffered in this process.
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
