import { INDEX_DOC_ID } from '../protocol/rooms';
import type { BackoffOptions } from './backoff';
import { CatchUp } from './catchUp';
import { MuxSocket, type MuxKeepalive } from './muxSocket';
import type { RegistryStore } from './registry';
import { RoomSocketTransport } from './roomSocket';
import type { DocTransport } from './transport';
import type { RelayConfig, SocketFactory } from './types';

/**
 * `mux`: one websocket per device for the whole workspace, each doc a channel of it, and a
 * catch-up cursor that says which docs changed (the default). `per-doc`: a websocket per doc, the
 * index announcing which pages changed (kept to compare against, and for relays without it).
 */
export type TransportKind = 'mux' | 'per-doc';

export interface WorkspaceLinksOptions {
  kind: TransportKind;
  workspaceId: string;
  relay: RelayConfig;
  WebSocket: SocketFactory;
  registry: RegistryStore;
  backoff?: BackoffOptions;
  keepalive?: MuxKeepalive;
  /** As RelayConnection's: over the shared socket, asked once per socket. */
  onRefusedOrUnreachable(closedForAccess: boolean): void;
  onRoleChanged(): void;
  /** The shared socket opened (after the catch-up question went): background work may start. */
  opened(): void;
  /** Docs to sync in the background. */
  enqueue(docIds: string[]): void;
  /** Open on a channel that is in step with the relay. */
  inStep(docId: string): boolean;
  /** Busy or idle changed. */
  changed(): void;
}

/** How a workspace's docs reach one relay with one token: replaced whole when either changes. */
export class WorkspaceLinks {
  readonly transport: DocTransport;
  readonly mux: MuxSocket | null = null;
  readonly catchUp: CatchUp | null = null;
  private readonly registry: RegistryStore;

  constructor(options: WorkspaceLinksOptions) {
    this.registry = options.registry;
    if (options.kind === 'per-doc') {
      this.transport = new RoomSocketTransport(options.WebSocket);
      return;
    }
    const { registry } = options;
    const relayUrl = options.relay.url;
    const catchUp: CatchUp = new CatchUp({
      ask: (cursor): boolean => mux.catchUp(cursor),
      cursor: () => registry.cursorFor(relayUrl),
      reached: (cursor) => registry.setCursor(relayUrl, cursor),
      enqueue: options.enqueue,
      inStep: options.inStep,
      changed: options.changed,
    });
    const mux: MuxSocket = new MuxSocket({
      workspaceId: options.workspaceId,
      relay: options.relay,
      WebSocket: options.WebSocket,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.keepalive ? { keepalive: options.keepalive } : {}),
      // A doc the relay named as changed is not provably unchanged: 0 spares the OPEN the cursor's bytes.
      since: (docId) => (catchUp.isNamed(docId) ? 0 : registry.cursorFor(relayUrl)),
      onOpen: () => {
        catchUp.opened();
        options.opened();
      },
      onChanged: (cursor, docIds) => catchUp.changed(cursor, docIds),
      onDown: () => catchUp.down(),
      onRefusedOrUnreachable: options.onRefusedOrUnreachable,
      onRoleChanged: options.onRoleChanged,
    });
    this.transport = mux;
    this.mux = mux;
    this.catchUp = catchUp;
  }

  get isMux(): boolean {
    return this.mux !== null;
  }

  /** Background work can go: the shared socket is open (per-doc: each job dials its own). */
  get open(): boolean {
    return this.mux ? this.mux.isOpen : true;
  }

  get busy(): boolean {
    return this.catchUp?.busy ?? false;
  }

  /** What the background sweep syncs over the shared socket: docs holding unsent changes (most first), those the relay may lack, then those it named. */
  stale(): string[] {
    const unshared = Object.keys(this.registry.data.unshared).filter((docId) => docId !== INDEX_DOC_ID);
    return [...pendingDocs(this.registry.data.pending), ...unshared, ...(this.catchUp?.docs() ?? [])];
  }

  /** A new token for the same relay: used from the next dial on. */
  renewed(relay: RelayConfig): void {
    this.mux?.setRelay(relay);
  }

  reconnectNow(): void {
    this.mux?.reconnectNow();
  }

  destroy(): void {
    this.catchUp?.dispose();
    this.mux?.destroy();
  }

}

/** Docs (never the index) holding changes the relay has not confirmed, most first. */
export function pendingDocs(pending: Record<string, number>): string[] {
  return Object.keys(pending)
    .filter((docId) => (pending[docId] ?? 0) > 0 && docId !== INDEX_DOC_ID)
    .sort((a, b) => (pending[b] ?? 0) - (pending[a] ?? 0));
}
