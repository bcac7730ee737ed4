import { useSyncExternalStore } from 'react';
import type { SyncState } from '../../shared/sync';

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
