import { INDEX_DOC_ID, roomName } from '../protocol/rooms';
import type { IndexAnnouncements } from './indexAnnouncements';
import type { BackoffOptions } from './backoff';
import { RelayConnection } from './connection';
import type { LoadedDoc } from './docs';
import type { MergeWatch } from './mergeWatch';
import type { RegistryStore } from './registry';
import type { DocTransport } from './transport';
import type { RelayConfig, SyncState } from './types';

/** What connecting one doc of a workspace needs from the engine (workspaceSync.ts). */
export interface DocConnectionContext {
  workspaceId: string;
  relay: RelayConfig;
  transport: DocTransport;
  /** Awareness goes with every doc (per-doc sockets), or only with the UI's docs and the index (shared socket). */
  presenceForAll: boolean;
  registry: RegistryStore;
  merges: MergeWatch;
  /** The per-doc transport's announcements through the index; null over the shared socket. */
  announcements: IndexAnnouncements | null;
  backoff?: BackoffOptions;
  onRefusedOrUnreachable(closedForAccess: boolean): void;
  onRoleChanged(): void;
  /** The doc came into step with the relay (each time, never while it stays so). */
  synced(entry: LoadedDoc): void;
  /** In step, or stopped for good (denied): it no longer holds a catch-up back. */
  settled(entry: LoadedDoc, state: SyncState): void;
  /** Any state change, after the entry's listeners heard it. */
  changed(entry: LoadedDoc, state: SyncState): void;
}

/** Whether the doc's connection exchanges awareness (what the UI shows of who else is here). */
export function wantsPresence(entry: LoadedDoc, context: Pick<DocConnectionContext, 'presenceForAll'>): boolean {
  return context.presenceForAll || !entry.background || entry.docId === INDEX_DOC_ID;
}

/** Connects a loaded doc to the relay and wires its state to the registry, the merge watch and the engine. */
export function connectDoc(entry: LoadedDoc, context: DocConnectionContext): RelayConnection {
  const pending = entry.connection?.syncState.pending;
  const connection = new RelayConnection({
    doc: entry.doc,
    room: roomName(context.workspaceId, entry.docId),
    relay: context.relay,
    transport: context.transport,
    // The index and the docs on screen are checked both ways on every connection (a relay restored
    // from a backup gets back what it lost of them); docs synced in the background are not.
    ...(wantsPresence(entry, context) ? { awareness: entry.awareness, checkBothWays: true } : {}),
    // A doc the relay may lack altogether counts one change until the relay confirmed what it was offered.
    initialPending: pending ?? context.registry.pending(entry.docId) + (context.registry.isUnshared(entry.docId) ? 1 : 0),
    onRefusedOrUnreachable: context.onRefusedOrUnreachable,
    onRoleChanged: context.onRoleChanged,
    onRemoteUpdate: (update) => context.merges.remoteUpdate(entry, update),
    ...(context.backoff ? { backoff: context.backoff } : {}),
  });
  entry.connection = connection;
  const isPage = entry.docId !== INDEX_DOC_ID;
  let hadPending = connection.syncState.pending > 0;
  let wasSynced = false;
  entry.unsubscribe = connection.changes.subscribe((state) => {
    context.registry.setPending(entry.docId, state.pending);
    // Announce the page again once the relay holds all of it: teammates who
    // saw the first announcement before the content arrived fetch it again.
    if (hadPending && state.pending === 0) context.announcements?.confirmed(entry.docId);
    hadPending = state.pending > 0;
    const synced = state.status === 'synced';
    if (synced) context.registry.markShared(entry.docId);
    if (synced || state.error) context.settled(entry, state);
    // After this emission: what it records is a new change, with states of its own. Queued before
    // it, so a background job woken by it sees that change before it lets the doc go.
    if (isPage) void Promise.resolve().then(() => context.merges.stateChanged(entry, state));
    entry.changes.emit(state);
    if (synced && !wasSynced) context.synced(entry);
    wasSynced = synced;
    context.changed(entry, state);
  });
  return connection;
}

/** Replaces a doc's connection (a background doc the UI opened now wants presence), keeping what it had not had confirmed. */
export function reconnectDoc(entry: LoadedDoc, context: DocConnectionContext): void {
  const old = entry.connection;
  entry.unsubscribe();
  old?.destroy();
  connectDoc(entry, context);
  entry.changes.emit(entry.connection!.syncState);
}
