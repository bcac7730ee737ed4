/**
 * The relay process in one object: an HTTP server (health, 404), websocket
 * upgrades on `/<workspaceId>/<docId>`, rooms and storage. Usable in-process:
 * `const relay = await startRelay({ dataDir, port: 0 })`.
 */
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { CloseCode } from '../shared/protocol';
import { AccessDirectory } from './access/directory';
import { handleAccessRequest } from './access/endpoints';
import type { AccessRateLimit } from './access/rate-limit';
import { AddressRateLimiter } from './access/rate-limit';
import { SqliteAccessStore } from './access/store-sqlite';
import type { AuthGrant, Authorize, RelayAuthOption, TokenAuth } from './auth';
import type { ConnectionAccess } from './connection';
import { allowAll, authSecret, handleAuthRequest, openTokenAuth } from './auth';
import { openConnection } from './connection';
import type { HealthReport } from './http';
import { clientAddress, handleHttpRequest, rejectUpgrade, withStoreHealth } from './http';
import { startKeepalive } from './keepalive';
import type { RelayLimits } from './limits';
import { IpConnectionCounter, resolveLimits } from './limits';
import type { Logger } from './log';
import { jsonLogger } from './log';
import type { RelayMetrics } from './metrics';
import { createRelayMetrics, registerBackendMetrics, timeAppends } from './metrics';
import { openMuxConnection } from './mux/connection';
import { createMuxMetrics } from './mux/metrics';
import { WorkspaceChanges } from './mux/workspace-changes';
import { RoomRegistry } from './rooms';
import type { AnyDocStore } from './storage';
import { SqliteDocStore, isAsyncStore, openSqliteStore } from './storage';
import { hasChangeLog } from './storage/changes';
import type { UpgradeTarget } from './upgrade-target';
import { selectProtocol, upgradeTarget } from './upgrade-target';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4455;
export const DEFAULT_DATA_DIR = './relay-data';

export interface RelayOptions {
  /** Directory for `relay.sqlite`; created if missing. Ignored when `store` is given. */
  dataDir: string;
  host?: string;
  /** 0 picks a free port; `Relay.port` tells which. */
  port?: number;
  logger?: Logger;
  /**
   * Use this store instead of SQLite in `dataDir`; the relay closes it on close().
   * An `AsyncDocStore` (PostgreSQL + Redis) makes this relay one of several instances ([S1]).
   */
  store?: AnyDocStore;
  /** Hook for access control; defaults to allowing everything. Excludes `auth`. */
  authorize?: Authorize;
  /**
   * Signed tokens ([R14]-[R18]). Off by default, so embedders and tests that do
   * not care about access connect without a token; the CLI turns it on
   * ('data-dir') unless started with --no-auth. See `RelayAuthOption`.
   */
  auth?: RelayAuthOption;
  /** How often open connections are re-checked for token expiry and revocation (default 10000 ms). */
  authCheckIntervalMs?: number;
  /** Calls per client address to the access endpoints ([R35]); default `DEFAULT_ACCESS_RATE_LIMIT`. */
  accessRateLimit?: AccessRateLimit;
  /** Unload a room this long after its last peer left (default 5000 ms). */
  idleUnloadMs?: number;
  /** Keepalive ping interval (default 15000 ms). */
  pingIntervalMs?: number;
  /** Compact a room once it has more stored rows than this (default 500). */
  compactThreshold?: number;
  /** How long close() waits for clients to finish the close handshake (default 1000 ms). */
  closeTimeoutMs?: number;
  /** Message size, rate, per-IP and loaded-room limits ([R25]); defaults in `DEFAULT_LIMITS`. */
  limits?: Partial<RelayLimits>;
}

export interface RelayStats {
  rooms: number;
  connections: number;
  uptimeMs: number;
}

export interface Relay {
  /** `ws://host:port`, the serverUrl a WebsocketProvider takes. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Token checks and their counters; null when started without `auth`. */
  readonly auth: TokenAuth | null;
  /** Workspaces, members and invites ([R32]–[R34]); null when started without `auth`. */
  readonly access: AccessDirectory | null;
  stats(): RelayStats;
  /** Counters and histograms behind `GET /metrics` ([R27]). */
  readonly metrics: RelayMetrics;
  /** Stops accepting, closes every connection (1001), compacts and frees rooms, closes the store. */
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const host = options.host ?? DEFAULT_HOST;
  const logger = options.logger ?? jsonLogger();
  if (options.auth && options.authorize) throw new Error('startRelay: pass either auth or authorize, not both');
  let access: AccessDirectory | null = null;
  if (options.auth) {
    const accessStore = (typeof options.auth === 'object' && options.auth.access) || new SqliteAccessStore(options.dataDir);
    // [R33] Every member's current role is read before any token is judged by it.
    access = await AccessDirectory.open({ store: accessStore, secret: authSecret(options.auth, options.dataDir), logger });
  }
  const tokenAuth = options.auth ? openTokenAuth(options.auth, options.dataDir, logger, options.authCheckIntervalMs, access ?? undefined) : null;
  const accessLimiter = new AddressRateLimiter(options.accessRateLimit);
  const authorize = tokenAuth?.authorize ?? options.authorize ?? allowAll;
  const startedAt = Date.now();
  const store =
    options.store ??
    openSqliteStore(options.dataDir, {
      // [R12] Kept in the journal and retried; an append fails (and its room closes) only if SQLite keeps refusing.
      onBackgroundError: (what, error) => logger.error(`SQLite ${what} failed`, { error }),
    });
  if (store instanceof SqliteDocStore && (store.recovery.records > 0 || store.recovery.droppedBytes > 0)) {
    // [R19] What a crash left in the journal is in SQLite now; a torn last write is the only thing dropped.
    logger.warn('recovered updates from the journal after an unclean stop', store.recovery);
  }
  const limits = resolveLimits(options.limits);
  // The gauges read wss and registry only when scraped, after both exist.
  const metrics = createRelayMetrics({ connections: () => connections(), rooms: () => registry.size });
  // [S7] A scaled-out store reports its backends in /healthz and /metrics.
  const storeHealth = isAsyncStore(store) && store.health ? store.health.bind(store) : undefined;
  if (storeHealth) registerBackendMetrics(metrics.registry, () => storeHealth().backends);
  const perIp = new IpConnectionCounter(limits.maxConnectionsPerIp);
  const registry = new RoomRegistry({
    store: timeAppends(store, metrics.persistence),
    logger,
    compactThreshold: options.compactThreshold ?? 500,
    idleUnloadMs: options.idleUnloadMs ?? 5000,
  });
  metrics.registry.collected('baton_relay_room_load_failures_total', 'Room loads that failed ([R12]).', 'counter', () => [[{}, registry.loadBackoff.failuresTotal]]);
  metrics.registry.gauge('baton_relay_rooms_unavailable', 'Rooms whose last load failed, refused until their next attempt ([R12]).', () => registry.loadBackoff.unavailable);
  // [S4] Updates other instances stored reach the rooms loaded here.
  if (isAsyncStore(store)) store.onRemoteUpdate((room, update) => registry.get(room)?.applyRemote(update));
  // [R43] Multiplexed sockets hear of changes to docs they have not open; a store without change numbers (a test double) serves none.
  const workspaceChanges = hasChangeLog(store) ? new WorkspaceChanges(store) : null;
  const muxMetrics = createMuxMetrics(metrics.registry, () => workspaceChanges?.size ?? 0);
  const socketOptions = {
    noServer: true,
    // maxPayload makes ws refuse an oversized message from its header, before buffering it.
    maxPayload: limits.maxMessageBytes,
    WebSocket: RelaySocket,
    // [R35] A client that offers its token as a subprotocol also offers `baton.v1` (or
    // `baton.mux.1`, [R37]), and a browser fails a connection whose offered subprotocols get no answer: select it.
    handleProtocols: selectProtocol,
  };
  // Per-room sockets, as stock clients know them.
  const wss = new WebSocketServer(socketOptions);
  // [R47] One socket per device carries its whole catch-up: compressed, with a small window.
  const muxWss = new WebSocketServer({ ...socketOptions, perMessageDeflate: MUX_DEFLATE });
  const connections = () => wss.clients.size + muxWss.clients.size;
  let closing = false;

  const stats = (): RelayStats => ({ rooms: registry.size, connections: connections(), uptimeMs: Date.now() - startedAt });
  const health = (): HealthReport => {
    const s = stats();
    const report: HealthReport = { status: 'ok', uptime: Math.round(s.uptimeMs / 1000), rooms: s.rooms, connections: s.connections };
    // [R12] Rooms whose last load failed; their connections are refused until the next attempt.
    const unavailable = registry.loadBackoff.unavailable;
    if (unavailable > 0) Object.assign(report, { status: 'degraded', roomsUnavailable: unavailable });
    return storeHealth ? withStoreHealth(report, storeHealth()) : report;
  };

  const server = createServer((req, res) => {
    if (tokenAuth && access) {
      const endpoints = { auth: tokenAuth, directory: access, limiter: accessLimiter, address: (r: IncomingMessage) => clientAddress(r, limits.trustedProxies), logger };
      if (handleAccessRequest(endpoints, req, res)) return;
    }
    if (tokenAuth && handleAuthRequest(tokenAuth, req, res)) return;
    handleHttpRequest(req, res, health, () => metrics.registry.render());
  });

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://relay');
    const target = upgradeTarget(req);
    // [R1] Anything but `/<workspaceId>/<docId>` (or `/<workspaceId>` multiplexed, [R37]) never becomes a websocket.
    if (!target || (target.kind === 'mux' && !workspaceChanges)) {
      metrics.upgradesRejected.inc({ reason: 'invalid_room' });
      return rejectUpgrade(socket, 400, 'invalid room');
    }
    const { name, workspaceId } = target;
    const decision = await authorize(req, { workspaceId, ...(target.kind === 'room' ? { docId: target.docId } : {}), name, params: url.searchParams });
    // [R15] A refused token gets its status and reason before any websocket exists.
    if (!decision.ok) metrics.upgradesRejected.inc({ reason: decision.status === 401 ? 'unauthorized' : 'forbidden' });
    if (!decision.ok) return rejectUpgrade(socket, decision.status, decision.error ?? decision.reason, { reason: decision.reason });
    if (closing) {
      metrics.upgradesRejected.inc({ reason: 'shutting_down' });
      return rejectUpgrade(socket, 503, 'relay shutting down');
    }
    // [R25] Limits refuse at the upgrade, with a status and a JSON reason, never by accepting and closing.
    const ip = clientAddress(req, limits.trustedProxies);
    if (perIp.count(ip) >= limits.maxConnectionsPerIp) {
      metrics.upgradesRejected.inc({ reason: 'too_many_connections' });
      logger.warn('upgrade refused: too many connections from this address', { ip, room: name, limit: limits.maxConnectionsPerIp });
      return rejectUpgrade(socket, 429, 'too many connections from this address');
    }
    // A multiplexed socket loads rooms per channel, each refused alone ([R42]).
    if (target.kind === 'room' && !registry.has(name) && registry.size >= limits.maxRooms) {
      metrics.upgradesRejected.inc({ reason: 'too_many_rooms' });
      logger.warn('upgrade refused: loaded room limit reached', { ip, room: name, limit: limits.maxRooms });
      return rejectUpgrade(socket, 503, 'relay at its loaded room limit, retry later');
    }
    // Synchronous from the count check to acquire: no other upgrade can slip in between.
    const grant = decision.grant;
    const sockets = target.kind === 'mux' ? muxWss : wss;
    sockets.handleUpgrade(req, socket, head, (ws) => {
      perIp.acquire(ip);
      sockets.emit('connection', ws, req);
      accept(ws, target, ip, grant);
    });
  };

  // Outside upgrade(): the listeners it leaves on the socket would otherwise share
  // upgrade()'s scope and keep its request (headers, URL, stream state) for the connection's life.
  const accept = (ws: WebSocket, target: UpgradeTarget, ip: string, grant: AuthGrant | undefined): void => {
    // The role is read per frame: an owner's change holds from the next one ([R33]).
    const connectionAccess: ConnectionAccess | undefined = grant && {
      get role() {
        return grant.role;
      },
      identity: grant.tokenId,
      onDropped: () => tokenAuth && (tokenAuth.counters.viewerMessagesDropped += 1),
    };
    let unwatch: (() => void) | null = null;
    // ws emits 'close' once: one listener, without the wrapper `once` would add.
    ws.on('close', () => {
      perIp.release(ip);
      unwatch?.();
    });
    const context = { ip, limits, metrics };
    const peer =
      target.kind === 'room'
        ? openConnection(ws, target.name, registry, logger, context, connectionAccess)
        : openMuxConnection({ ws, workspaceId: target.workspaceId, registry, workspaceChanges: workspaceChanges!, logger, context, muxMetrics, access: connectionAccess });
    if (peer && grant?.memberId) access?.touch(grant.workspace, grant.memberId);
    // [R16] Closed with 4401 once the token expires or is revoked.
    if (peer && grant && tokenAuth) unwatch = tokenAuth.watch(peer, grant);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => logger.warn('upgrade socket error', { error }));
    upgrade(req, socket, head).catch((error: unknown) => {
      logger.error('upgrade failed', { error });
      metrics.upgradesRejected.inc({ reason: 'internal' });
      rejectUpgrade(socket, 500, 'internal error');
    });
  });
  server.on('clientError', (error, socket) => {
    logger.warn('bad http request', { error });
    rejectUpgrade(socket, 400, 'bad request');
  });

  const keepalives = [wss, muxWss].map((each) => startKeepalive(each, options.pingIntervalMs ?? 15_000));
  const stopKeepalive = () => keepalives.forEach((stop) => stop());

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    stopKeepalive();
    await store.close();
    await tokenAuth?.close();
    await access?.close();
    throw error;
  }

  server.on('error', (error) => logger.error('http server error', { error }));
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      stopKeepalive();
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Compacts and frees every room and sends 1001 to its peers.
      registry.closeAll(CloseCode.goingAway);
      await Promise.all([wss, muxWss].map((each) => closeClients(each, options.closeTimeoutMs ?? 1000)));
      server.closeAllConnections();
      await serverClosed;
      await Promise.all([wss, muxWss].map((each) => new Promise<void>((resolve) => each.close(() => resolve()))));
      // An asynchronous store first finishes the compactions the rooms started.
      await store.close();
      await tokenAuth?.close();
      await access?.close();
      logger.info('relay closed');
    })();
    return closed;
  };

  logger.info('relay started', { host, port, dataDir: options.store ? undefined : options.dataDir });
  return { url: `ws://${urlHost}:${port}`, host, port, auth: tokenAuth, access, stats, metrics, close };
}

/**
 * permessage-deflate on multiplexed sockets ([R47]): a catch-up is many small frames (doc ids, state
 * vectors, text), and compressing them with what came before on the same socket takes a reconnect
 * below the size of the Yjs diff itself. The window (2 KiB each way) and memLevel bound the zlib
 * state to some 30 KiB per socket: one per device, where per-room sockets (several per device, from
 * any client) stay uncompressed. Frames under 32 bytes (pongs, closes) are sent as they are.
 */
export const MUX_DEFLATE = {
  serverMaxWindowBits: 11,
  clientMaxWindowBits: 11,
  zlibDeflateOptions: { memLevel: 4 },
  threshold: 32,
} as const;

/**
 * ws closes a connection whose message exceeds maxPayload with 1009 before any
 * listener runs; the relay's documented code for that is 4413 ([R25]).
 */
class RelaySocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    if (code === 1009) super.close(CloseCode.tooLarge, 'message too large');
    else super.close(code, data);
  }
}

/** Closes every websocket, and terminates those that do not finish the handshake in time. */
async function closeClients(wss: WebSocketServer, timeoutMs: number): Promise<void> {
  const pending = Array.from(wss.clients).map(
    (ws) =>
      new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) return resolve();
        ws.once('close', () => resolve());
        if (ws.readyState === ws.OPEN) ws.close(CloseCode.goingAway, 'relay shutting down');
      }),
  );
  const timer = setTimeout(() => {
    for (const ws of wss.clients) ws.terminate();
  }, timeoutMs);
  await Promise.all(pending);
  clearTimeout(timer);
}
