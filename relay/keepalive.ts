/**
 * Pings every connection on an interval and terminates the ones that did not
 * answer the previous ping: a laptop that went to sleep never sends a close
 * frame, and its awareness state would otherwise linger.
 */
import type { WebSocket, WebSocketServer } from 'ws';

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
    }
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    wss.off('connection', track);
  };
}
