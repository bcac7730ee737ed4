import type * as Y from 'yjs';

export type SyncStatus = 'offline' | 'connecting' | 'syncing' | 'synced';

/** Why a connection stopped trying; the UI says what to do about it. `removed`: an owner took this member's access back; their copy stays on the device. */
export type SyncErrorReason = 'unauthorized' | 'expired' | 'revoked' | 'removed' | 'forbidden';

export interface SyncState {
  status: SyncStatus;
  /** Local changes the relay has not yet confirmed it holds. */
  pending: number;
  /** Epoch ms of the last moment everything local was confirmed; null if never. */
  lastSyncedAt: number | null;
  error: SyncErrorReason | null;
  /** The relay lets this device read but not write (a viewer's token). Workspace state only. */
  readOnly?: boolean;
}

export interface RelayConfig {
  /** ws:// or wss:// base URL of the relay. */
  url: string;
  token?: string;
}

/** What a websocket implementation must offer (the browser's, or `ws` in Node). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** The browser's `WebSocket` or `ws`: `protocols` carries the token (`tokenSubprotocols`). */
export type SocketFactory = new (url: string, protocols?: string[]) => SocketLike;

/** A doc's local store (y-indexeddb in the app, memory in tests). */
export interface PersistedDoc {
  /** Resolves once stored updates are applied to the doc. */
  readonly whenLoaded: Promise<void>;
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
  /** Stops persisting; resolves when every write has been handed to the store. */
  close(): Promise<void>;
}

export interface Persistence {
  open(name: string, doc: Y.Doc): PersistedDoc;
}

/**
 * A doc of the workspace, as an event hands it to listeners that build local
 * indexes (search, calendar, inbox). `doc` may be unloaded right after the
 * listener returns (background docs are): read what you need synchronously.
 */
export interface DocEvent {
  docId: string;
  doc: Y.Doc;
  /** Loaded by background sync, not open in the UI: unloaded as soon as it is synced. */
  background: boolean;
}
