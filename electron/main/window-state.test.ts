import { describe, expect, it } from 'vitest';
import { clampToDisplays, DEFAULT_WINDOW_STATE, MIN_SIZE, parseWindowState, serializeWindowState } from './window-state';
import type { Rect } from './window-state';

const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const rightMonitor: Rect = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('parseWindowState', () => {
  it('round-trips what it serializes', () => {
    const state = { x: 10, y: 40, width: 1000, height: 700, isMaximized: true };
    expect(parseWindowState(serializeWindowState(state))).toEqual(state);
    const unpositioned = { width: 900, height: 600, isMaximized: false };
    expect(parseWindowState(serializeWindowState(unpositioned))).toEqual(unpositioned);
  });

  it('falls back to defaults for missing, corrupt or hostile files', () => {
    for (const text of [null, '', '{', 'null', '[]', '"x"', '{"width":"big"}']) {
      expect(parseWindowState(text), String(text)).toEqual(DEFAULT_WINDOW_STATE);
    }
    expect(parseWindowState('{"width":-5,"height":1e309,"x":1,"isMaximized":"yes"}')).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('keeps a position only when both coordinates are valid', () => {
    expect(parseWindowState('{"width":800,"height":600,"x":12.4,"y":-30.6}')).toEqual({
      x: 12,
      y: -31,
      width: 800,
      height: 600,
      isMaximized: false,
    });
    expect(parseWindowState('{"width":800,"height":600,"x":12}')).not.toHaveProperty('x');
  });
});

describe('clampToDisplays', () => {
  it('keeps a window that is on a connected display', () => {
    const state = { x: 1600, y: 100, width: 1200, height: 800, isMaximized: false };
    expect(clampToDisplays(state, [laptop, rightMonitor])).toEqual(state);
  });

  it('recentres a window whose display was unplugged', () => {
    const state = { x: 1600, y: 100, width: 1200, height: 800, isMaximized: true };
    const clamped = clampToDisplays(state, [laptop]);
    expect(clamped).toEqual({ width: 1200, height: 800, isMaximized: true });
  });

  it('pulls a half-off-screen window back inside its display', () => {
    const state = { x: 1000, y: 600, width: 1000, height: 700, isMaximized: false };
    expect(clampToDisplays(state, [laptop])).toEqual({ x: 440, y: 200, width: 1000, height: 700, isMaximized: false });
  });

  it('drops a window whose title bar is hidden above the screen', () => {
    const state = { x: 100, y: -500, width: 1000, height: 700, isMaximized: false };
    expect(clampToDisplays(state, [laptop])).not.toHaveProperty('x');
  });

  it('shrinks a window larger than the display, but not below the minimum', () => {
    const huge = { x: 0, y: 25, width: 5000, height: 3000, isMaximized: false };
    expect(clampToDisplays(huge, [laptop])).toMatchObject({ width: 1440, height: 875 });
    const tiny = { width: 100, height: 100, isMaximized: false };
    expect(clampToDisplays(tiny, [laptop])).toEqual({ ...MIN_SIZE, isMaximized: false });
  });

  it('returns the state unchanged when no display is known', () => {
    const state = { x: 5, y: 5, width: 800, height: 600, isMaximized: false };
    expect(clampToDisplays(state, [])).toEqual(state);
  });
});
