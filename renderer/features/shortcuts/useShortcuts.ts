import { useEffect, useRef } from 'react';
import { matches } from './keys';

/** Global shortcuts; handlers may change between renders without re-binding. */
export function useShortcuts(bindings: Record<string, () => void>): void {
  const current = useRef(bindings);
  current.current = bindings;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      for (const [shortcut, run] of Object.entries(current.current)) {
        if (matches(event, shortcut)) {
          event.preventDefault();
          run();
          return;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
