/**
 * The arithmetic of a virtual list (renderer/shared/useVirtualList.ts), kept apart from the DOM so
 * it can be tested alone: where each row starts, which rows a scrolled window needs, and the gaps
 * that stand in for the rows left out.
 */

/** Where each row starts, and where the last one ends (`offsets[count]`): heights as measured, else `estimate`, each followed by `gap`. */
export function rowOffsets(keys: readonly string[], heights: ReadonlyMap<string, number>, estimate: number, gap: number): Float64Array {
  const offsets = new Float64Array(keys.length + 1);
  for (let i = 0; i < keys.length; i++) offsets[i + 1] = offsets[i]! + (heights.get(keys[i]!) ?? estimate) + gap;
  return offsets;
}

/** The first row whose end is past `y` (binary search over `offsets`). */
function rowAt(offsets: Float64Array, y: number): number {
  let low = 0;
  let high = offsets.length - 2;
  if (high < 0) return 0;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle + 1]! <= y) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Rows are drawn in steps of this many: a scroll re-renders the list every other row rather than
 * every frame, and mounts the rows it reaches one or two a frame (mounting eight at once, a task
 * row being a dozen controls, dropped frames while scrolling).
 */
export const RANGE_STEP = 2;

/**
 * The rows [start, end) to draw for a window from `top` to `bottom` (px from the list's own top),
 * `overscan` px beyond it either side, widened to whole steps of RANGE_STEP.
 */
export function rowRange(offsets: Float64Array, top: number, bottom: number, overscan: number): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0 || bottom < -overscan || top > offsets[count]! + overscan) return { start: 0, end: 0 };
  const first = rowAt(offsets, Math.max(0, top - overscan));
  const last = rowAt(offsets, Math.max(0, bottom + overscan));
  return { start: Math.floor(first / RANGE_STEP) * RANGE_STEP, end: Math.min(count, (Math.floor(last / RANGE_STEP) + 1) * RANGE_STEP) };
}

/** What a virtual list draws, in order: a row by its index, or a gap of so many px standing in for rows left out. */
export type VirtualItem = { kind: 'row'; index: number } | { kind: 'gap'; key: string; height: number };

/**
 * The rows in `range` and the `pinned` ones (the focused row and its neighbours, a dragged card),
 * in order, with a gap for each run of rows left out. A gap's height is that of the rows it
 * replaces; the list's own `gap` follows it as it would have followed the last of them.
 */
export function virtualItems(offsets: Float64Array, range: { start: number; end: number }, pinned: Iterable<number>, gap: number): VirtualItem[] {
  const count = offsets.length - 1;
  const drawn = new Set<number>();
  for (let i = range.start; i < Math.min(range.end, count); i++) drawn.add(i);
  for (const index of pinned) if (index >= 0 && index < count) drawn.add(index);
  const indices = [...drawn].sort((a, b) => a - b);
  const items: VirtualItem[] = [];
  let next = 0;
  const skip = (to: number) => {
    if (to > next) items.push({ kind: 'gap', key: `gap-${next}`, height: offsets[to]! - offsets[next]! - gap });
  };
  for (const index of indices) {
    skip(index);
    items.push({ kind: 'row', index });
    next = index + 1;
  }
  skip(count);
  return items;
}
