import type { DeviceState } from '../shared/device';

/**
 * The device record in localStorage: small, written synchronously, read first
 * on start. deviceStore.ts keeps the IndexedDB copy beside it.
 */
/** A device state with the number of saves that led to it, so the newer of two copies wins. */
export interface StoredDevice {
  revision: number;
  state: DeviceState;
}

const KEY = 'baton:device';

export function emptyDevice(): DeviceState {
  return { profile: null, workspaces: [], currentWorkspaceId: null };
}

/** The copy in localStorage, which survives a reload but not a browser killed within seconds of the write. */
export function readLocalDevice(): StoredDevice | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw) {
      const { revision, ...state } = JSON.parse(raw) as DeviceState & { revision?: number };
      if (Array.isArray(state.workspaces)) return { revision: revision ?? 0, state };
    }
  } catch {
    // A corrupt entry must not lock someone out: start the device afresh (workspace data stays in IndexedDB).
  }
  return null;
}

export function writeLocalDevice(stored: StoredDevice): void {
  localStorage.setItem(KEY, JSON.stringify({ ...stored.state, revision: stored.revision }));
}
