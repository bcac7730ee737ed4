import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceChange, DeviceState } from '../shared/device';
import { readLocalDevice, type StoredDevice } from './device';
import { loadDevice, saveDevice } from './deviceStore';
import { Mark, markOnce } from '../shared/marks';

export type UpdateDevice = (change: DeviceChange) => Promise<void>;

/**
 * The device state (null while it loads) with a setter that persists every
 * change. The screen follows a change only once it is saved, so what the
 * person sees (a new workspace, a saved profile) is what a restart shows.
 */
export function useDevice(): [DeviceState | null, UpdateDevice] {
  // Changes build on the last change made, even while its save is in flight.
  const latest = useRef<StoredDevice | null>(null);
  const [state, setState] = useState<DeviceState | null>(() => {
    // The localStorage copy is read at once, so a device that has a workspace opens it without
    // waiting for IndexedDB to open; the IndexedDB copy is newer only after a crash seconds after a
    // save, and replaces it below when it is.
    const local = readLocalDevice();
    if (!local?.state.profile || local.state.workspaces.length === 0) return null;
    latest.current ??= local;
    markOnce(Mark.deviceRead, 'now');
    return latest.current.state;
  });
  useEffect(() => {
    let alive = true;
    void loadDevice().then((stored) => {
      if (!alive) return;
      markOnce(Mark.deviceRead, 'now');
      if (latest.current && latest.current.revision >= stored.revision) return;
      latest.current = stored;
      setState(stored.state);
    });
    return () => {
      alive = false;
    };
  }, []);
  const update = useCallback<UpdateDevice>(async (change) => {
    const current = latest.current;
    if (!current) return;
    const next = { revision: current.revision + 1, state: change(current.state) };
    latest.current = next;
    try {
      await saveDevice(next);
    } catch (error) {
      // localStorage has it still; the person keeps working rather than being stuck on this screen.
      console.error('Baton could not save this device record to IndexedDB', error);
    }
    // Saves complete in the order they were made, so the last one shown is the last one made.
    setState(next.state);
  }, []);
  return [state, update];
}
