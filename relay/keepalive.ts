/**
 * Pings every connection on an interval and terminates the ones that did not
 * answer the previous ping: a laptop that went to sleep never sends a close
 * frame, and its awareness state would otherwise linger ([R9]).
 *
 * Connections are spread over slots checked one after another, so a relay with
 * thousands of clients pings a few at a time instead of all of them (and all
 * their pongs) in one tick, a stall every client would feel.
 */
import type { WebSocket, WebSocketServer } from 'ws';
import { MESSAGE_AWARENESS } from '../shared/protocol';

/**
 * An awareness update announcing no client: a no-op for every client, but a
 * message. Pings are invisible to browser websockets, and a stock y-websocket
 * provider reconnects after 30 s without a message ([R9]).
 */
export const KEEPALIVE_FRAME = new Uint8Array([MESSAGE_AWARENESS, 1, 0]);

/**
 * How many groups of connections one interval is divided into: with the default
 * 15 s, one group every 0.23 s, and 10,000 connections mean about 160 pings a turn.
 */
export const KEEPALIVE_SLOTS = 64;

/** A socket that records when it last sent a frame (socket-io.ts), and what its keepalive message is. */
export interface SendClock {
  lastSentAt?: number;
  /** A multiplexed socket's keepalive is a `pong` frame ([R46]); others get `KEEPALIVE_FRAME`. */
  keepaliveFrame?: Uint8Array;
}

export function startKeepalive(wss: WebSocketServer, intervalMs: number, now: () => number = () => performance.now()): () => void {
  const alive = new WeakSet<WebSocket>();
  const slots = Array.from({ length: KEEPALIVE_SLOTS }, () => new Set<WebSocket>());
  let joined = 0;
  let current = 0;
  // Shared listeners (ws calls them with the socket as `this`), not two closures per connection.
  function untrack(this: WebSocket): void {
    for (const slot of slots) if (slot.delete(this)) return;
  }
  function answered(this: WebSocket): void {
    alive.add(this);
  }
  const track = (ws: WebSocket) => {
    alive.add(ws);
    slots[joined++ % KEEPALIVE_SLOTS]!.add(ws);
    // ws emits 'close' once: `on` spares the wrapper `once` would add.
    ws.on('close', untrack);
    ws.on('pong', answered);
  };
  wss.on('connection', track);
  const timer = setInterval(() => {
    const slot = slots[current]!;
    current = (current + 1) % KEEPALIVE_SLOTS;
    const t = now();
    for (const ws of slot) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
      // A connection that heard something in the last half interval needs no extra
      // message: the longest silence stays under 1.5 intervals (22.5 s by default).
      const { lastSentAt, keepaliveFrame } = ws as WebSocket & SendClock;
      const quiet = lastSentAt === undefined || t - lastSentAt > intervalMs / 2;
      if (quiet && ws.readyState === ws.OPEN) ws.send(keepaliveFrame ?? KEEPALIVE_FRAME);
    }
  }, intervalMs / KEEPALIVE_SLOTS);
  timer.unref();
  return () => {
    clearInterval(timer);
    wss.off('connection', track);
  };
}
