import { useSyncExternalStore } from 'react';
import type { SyncState, WorkspaceSync } from '../../shared/sync';

interface Observable {
  state: SyncState;
  changes: { subscribe(listener: (state: SyncState) => void): () => void };
}

export function useSyncState(source: Observable): SyncState {
  return useSyncExternalStore(
    (onChange) => source.changes.subscribe(onChange),
    () => source.state,
  );
}

/**
 * True when the relay lets this device read but not write (a viewer), or an
 * owner removed this member: their copy stays, to read and export, but nothing
 * written in it could ever reach anyone.
 */
export function useReadOnly(sync: WorkspaceSync | null): boolean {
  return useSyncExternalStore(
    (onChange) => sync?.changes.subscribe(onChange) ?? (() => undefined),
    () => (sync?.state.readOnly ?? false) || sync?.state.error === 'removed',
  );
}
