/**
 * Window size, position and maximized flag, remembered between launches.
 * Pure: parsing and clamping take plain rectangles so they are unit tested;
 * window-state-store.ts does the file I/O and window.ts the Electron wiring.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent on first launch: the OS centres the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  isMaximized: boolean;
}

export const DEFAULT_SIZE = { width: 1200, height: 800 } as const;
export const MIN_SIZE = { width: 640, height: 480 } as const;

/** How much of the title bar must be on a display for saved bounds to be kept. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

export const DEFAULT_WINDOW_STATE: WindowState = { ...DEFAULT_SIZE, isMaximized: false };

function isFiniteInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e6;
}

/**
 * Parses the saved file. Anything malformed (hand-edited, truncated by a crash)
 * falls back to defaults instead of failing the launch.
 */
export function parseWindowState(text: string | null | undefined): WindowState {
  if (!text) return { ...DEFAULT_WINDOW_STATE };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_WINDOW_STATE };
  const r = raw as Record<string, unknown>;
  const state: WindowState = {
    width: isFiniteInt(r.width) && r.width > 0 ? Math.round(r.width) : DEFAULT_SIZE.width,
    height: isFiniteInt(r.height) && r.height > 0 ? Math.round(r.height) : DEFAULT_SIZE.height,
    isMaximized: r.isMaximized === true,
  };
  if (isFiniteInt(r.x) && isFiniteInt(r.y)) {
    state.x = Math.round(r.x);
    state.y = Math.round(r.y);
  }
  return state;
}

export function serializeWindowState(state: WindowState): string {
  const { x, y, width, height, isMaximized } = state;
  return `${JSON.stringify(x !== undefined && y !== undefined ? { x, y, width, height, isMaximized } : { width, height, isMaximized }, null, 2)}\n`;
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function clampSize(state: WindowState, area: Rect): { width: number; height: number } {
  return {
    width: Math.max(Math.min(MIN_SIZE.width, area.width), Math.min(state.width, area.width)),
    height: Math.max(Math.min(MIN_SIZE.height, area.height), Math.min(state.height, area.height)),
  };
}

/**
 * Makes saved state fit the displays connected now (`workAreas`, primary
 * first). If the window's title bar is still on some display it stays put, with
 * its size capped to that display; otherwise (monitor unplugged, resolution
 * changed) position is dropped so the window opens centred on the primary display.
 */
export function clampToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return { ...state };
  if (state.x === undefined || state.y === undefined) {
    return { ...clampSize(state, primary), isMaximized: state.isMaximized };
  }
  const titleBar: Rect = { x: state.x, y: state.y, width: state.width, height: MIN_VISIBLE.height };
  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(titleBar, area);
    const visible = o.width * o.height;
    if (o.width >= Math.min(MIN_VISIBLE.width, state.width) && o.height >= MIN_VISIBLE.height && visible > bestArea) {
      best = area;
      bestArea = visible;
    }
  }
  if (!best) return { ...clampSize(state, primary), isMaximized: state.isMaximized };
  const size = clampSize(state, best);
  // Pull the window inside the display it belongs to, so no edge hides off-screen.
  const x = Math.min(Math.max(state.x, best.x), best.x + best.width - size.width);
  const y = Math.min(Math.max(state.y, best.y), best.y + best.height - size.height);
  return { x, y, ...size, isMaximized: state.isMaximized };
}
