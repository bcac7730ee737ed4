/** Plain HTTP: health check, 404 for the rest, and refusing websocket upgrades. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROMETHEUS_CONTENT_TYPE } from './metrics';
import type { StoreHealth } from './storage';

export interface HealthReport {
  /** 'degraded' while a backend of a scaled-out relay is down ([S7]). */
  status: 'ok' | 'degraded';
  /** Seconds since the relay started. */
  uptime: number;
  rooms: number;
  connections: number;
  /** Rooms whose last load failed and that refuse connections until their next attempt ([R12]); absent when none. */
  roomsUnavailable?: number;
  /** Scaled out only: PostgreSQL, where every update is stored ([S7]). */
  storage?: 'ok' | 'down';
  /** Scaled out only: Redis, which tells the other instances ([S7]). */
  fanout?: 'ok' | 'down';
}

/**
 * [S7] A scaled-out relay's report names its backends and is degraded while one
 * is down. Only storage down makes it 503: such an instance refuses every write.
 * Without Redis it still stores and serves every edit (other instances catch up
 * within seconds), and every instance shares that Redis, so taking instances out
 * of a load balancer would turn slower fan-out into no service at all.
 */
export function withStoreHealth(report: HealthReport, store: StoreHealth): HealthReport {
  const degraded = store.storage === 'down' || store.fanout === 'down';
  return { ...report, status: degraded ? 'degraded' : report.status, storage: store.storage, fanout: store.fanout };
}

export function handleHttpRequest(req: IncomingMessage, res: ServerResponse, health: () => HealthReport, metrics?: () => string): void {
  const path = new URL(req.url ?? '/', 'http://relay').pathname;
  if (req.method === 'GET' && path === '/healthz') {
    const report = health();
    sendJson(res, report.storage === 'down' ? 503 : 200, report);
    return;
  }
  if (req.method === 'GET' && path === '/metrics' && metrics) {
    // [R27] Prometheus text exposition format 0.0.4.
    const text = metrics();
    res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  sendJson(res, 404, { error: 'not found' });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Refuses an upgrade with a real HTTP response, so clients see a status
 * (400, 401, 403 ...) instead of a websocket that opens and closes.
 */
export function rejectUpgrade(socket: Duplex, status: number, reason: string, fields: Record<string, unknown> = {}): void {
  if (socket.writable) {
    // `fields` add machine-readable detail, e.g. the token `reason` of a 401 ([R15]).
    const body = JSON.stringify({ error: reason, ...fields });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
        'Connection: close\r\n' +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        '\r\n' +
        body,
    );
  }
  socket.destroy();
}

/**
 * The address a connection counts against for the per-IP limit and in logs
 * ([R25]). Behind `trustedProxies` reverse proxies, each of which appends the
 * address it received the request from to X-Forwarded-For, that is the entry
 * the outermost trusted proxy appended: entries further left were written by
 * the client (or proxies nobody vouches for) and could be anything. With 0,
 * or without the header, it is the socket's peer.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  // Nearest first: the socket's peer is the nearest proxy, and each proxy appended what it saw.
  const hops = [peer, ...forwarded.reverse()];
  return hops[Math.min(trustedProxies, hops.length - 1)]!;
}
