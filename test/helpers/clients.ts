/** Websocket clients for relay tests: stock y-websocket providers and raw sockets. */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { withTimeout } from './wait';

export interface StockClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the provider has completed a sync with the relay. */
  synced(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

export interface StockClientOptions {
  token?: string;
  doc?: Y.Doc;
  connect?: boolean;
  /** The websocket class the provider uses (default: `ws`); e.g. one that counts what is sent. */
  WebSocket?: typeof WebSocket;
}

/**
 * A stock `WebsocketProvider` on Node's `ws`. BroadcastChannel is disabled:
 * Node has one, and clients in the same process would otherwise sync through
 * it without the relay.
 */
export function connectStockClient(serverUrl: string, room: string, options: StockClientOptions = {}): StockClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: (options.WebSocket ?? WebSocket) as unknown as typeof globalThis.WebSocket,
    params: { token: options.token ?? 'x' },
    disableBc: true,
    connect: options.connect ?? true,
  });
  return {
    doc,
    provider,
    synced: (timeoutMs = 5000) => waitForProviderSync(provider, timeoutMs),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function waitForProviderSync(provider: WebsocketProvider, timeoutMs = 5000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  const synced = new Promise<void>((resolve) => {
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
  return withTimeout(synced, timeoutMs, 'provider sync');
}

export interface RawSocket {
  ws: WebSocket;
  /** Every binary frame received so far, including any sent together with the upgrade response. */
  received: Uint8Array[];
}

/** Opens a plain websocket on `<serverUrl>/<path>`; resolves once open. */
export function openRawSocket(serverUrl: string, path: string): Promise<RawSocket> {
  const ws = new WebSocket(`${serverUrl}/${path}`);
  const received: Uint8Array[] = [];
  // Attached before 'open': the relay's first frame can arrive in the same chunk as the 101.
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  return withTimeout(
    new Promise<RawSocket>((resolve, reject) => {
      ws.once('open', () => resolve({ ws, received }));
      ws.once('error', reject);
    }),
    5000,
    `websocket open on /${path}`,
  );
}

export interface CloseInfo {
  code: number;
  reason: string;
}

/** Resolves with the close code and reason once the socket is closed. */
export function waitForClose(ws: WebSocket, timeoutMs = 5000): Promise<CloseInfo> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.reject(new Error('socket already closed'));
  return withTimeout(
    new Promise<CloseInfo>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
    timeoutMs,
    'websocket close',
  );
}

/**
 * Attempts a websocket upgrade on `<serverUrl>/<path>` and reports the outcome:
 * the HTTP status if the server refused it, or 101 if it was accepted.
 */
export function upgradeStatus(serverUrl: string, path: string): Promise<number> {
  const ws = new WebSocket(`${serverUrl}/${path}`);
  return withTimeout(
    new Promise<number>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.once('open', () => {
        resolve(101);
        ws.close();
      });
      ws.once('error', (error) => reject(error));
    }),
    5000,
    `upgrade on /${path}`,
  );
}
