import { useCallback, useState } from 'react';
import { loadDevice, saveDevice, type DeviceState } from './device';

/** The device state with a setter that persists every change. */
export function useDevice(): [DeviceState, (update: (state: DeviceState) => DeviceState) => void] {
  const [state, setState] = useState(loadDevice);
  const update = useCallback((change: (state: DeviceState) => DeviceState) => {
    setState((previous) => {
      const next = change(previous);
      saveDevice(next);
      return next;
    });
  }, []);
  return [state, update];
}
