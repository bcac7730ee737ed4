import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WINDOW_STATE } from './window-state';
import { createWindowStateStore, WINDOW_STATE_FILE } from './window-state-store';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-window-state-'));
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('window state store', () => {
  it('loads defaults on first launch', () => {
    expect(createWindowStateStore(dir).load()).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('writes once after a burst of moves, with the last bounds', () => {
    const store = createWindowStateStore(dir, 500);
    const write = vi.spyOn(fs, 'writeFileSync');
    for (let x = 0; x < 50; x++) store.save({ x, y: 30, width: 900, height: 700, isMaximized: false });
    expect(fs.existsSync(path.join(dir, WINDOW_STATE_FILE))).toBe(false);
    vi.advanceTimersByTime(500);
    expect(write).toHaveBeenCalledTimes(1);
    write.mockRestore();
    expect(createWindowStateStore(dir).load()).toEqual({ x: 49, y: 30, width: 900, height: 700, isMaximized: false });
  });

  it('flush writes pending state immediately (window closing)', () => {
    const store = createWindowStateStore(path.join(dir, 'nested'));
    store.save({ width: 1000, height: 650, isMaximized: true });
    store.flush();
    expect(createWindowStateStore(path.join(dir, 'nested')).load()).toEqual({ width: 1000, height: 650, isMaximized: true });
    expect(fs.readdirSync(path.join(dir, 'nested'))).toEqual([WINDOW_STATE_FILE]);
  });
});
