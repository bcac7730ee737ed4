/**
 * Loads and saves window-state.json. Saves are debounced because move/resize
 * fire dozens of times a second while dragging; flush() writes synchronously
 * for the moment the window closes. No Electron import, so it is unit tested.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseWindowState, serializeWindowState } from './window-state';
import type { WindowState } from './window-state';

export const WINDOW_STATE_FILE = 'window-state.json';
const SAVE_DELAY_MS = 500;

export interface WindowStateStore {
  load(): WindowState;
  /** Records the latest state and writes it after a quiet period. */
  save(state: WindowState): void;
  /** Writes any pending state now. */
  flush(): void;
}

export function createWindowStateStore(dir: string, delayMs = SAVE_DELAY_MS): WindowStateStore {
  const file = path.join(dir, WINDOW_STATE_FILE);
  let pending: WindowState | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function write(state: WindowState): void {
    try {
      fs.mkdirSync(dir, { recursive: true });
      // Write then rename, so a crash mid-write never leaves a truncated file.
      const tmp = `${file}.tmp`;
      fs.writeFileSync(tmp, serializeWindowState(state));
      fs.renameSync(tmp, file);
    } catch (error) {
      // Losing the window position is not worth interrupting the user for.
      console.warn('Could not save window state:', error);
    }
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending) write(pending);
    pending = null;
  }

  return {
    load() {
      try {
        return parseWindowState(fs.readFileSync(file, 'utf8'));
      } catch {
        return parseWindowState(null);
      }
    },
    save(state) {
      pending = { ...state };
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, delayMs);
    },
    flush,
  };
}
