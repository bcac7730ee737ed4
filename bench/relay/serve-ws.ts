/**
 * What the bench's ws-based launchers share (stock-server.ts, floor-server.ts): a
 * websocket server on HOST:PORT (default 127.0.0.1, a free port) that prints
 * `listening on ws://H:P` like Baton's relay and exits 0 on SIGTERM/SIGINT.
 */
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';

export function serveWebSockets(onConnection: (ws: WebSocket, req: IncomingMessage) => void): void {
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 0);
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', onConnection);
  // Plain HTTP gets what @y/websocket-server's own server answers.
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
    // Neither launcher buffers anything: LevelDB has each put acknowledged by the OS.
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
