/**
 * Pings every connection on an interval and terminates the ones that did not
 * answer the previous ping: a laptop that went to sleep never sends a close
 * frame, and its awareness state would otherwise linger.
 */
import type { WebSocket, WebSocketServer } from 'ws';
import { MESSAGE_AWARENESS } from '../shared/protocol';

/**
 * An awareness update announcing no client: a no-op for every client, but a
 * message. Pings are invisible to browser websockets, and a stock y-websocket
 * provider reconnects after 30 s without a message ([R9]).
 */
export const KEEPALIVE_FRAME = new Uint8Array([MESSAGE_AWARENESS, 1, 0]);

export function startKeepalive(wss: WebSocketServer, intervalMs: number): () => void {
  const alive = new WeakSet<WebSocket>();
  const track = (ws: WebSocket) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
  };
  wss.on('connection', track);
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
      if (ws.readyState === ws.OPEN) ws.send(KEEPALIVE_FRAME);
    }
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    wss.off('connection', track);
  };
}
