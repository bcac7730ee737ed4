import { describe, expect, it } from 'vitest';
import { rowOffsets, rowRange, virtualItems, RANGE_STEP } from './virtualRows';

const keys = (count: number) => Array.from({ length: count }, (_, i) => `r${i}`);

describe('virtual rows', () => {
  it('places rows by their measured height, the estimate until measured, and the gap between them', () => {
    const offsets = rowOffsets(keys(4), new Map([['r1', 100]]), 40, 6);
    expect([...offsets]).toEqual([0, 46, 152, 198, 244]);
  });

  it('draws the rows a window needs, overscan included, in whole steps', () => {
    const offsets = rowOffsets(keys(1000), new Map(), 50, 0);
    // Rows 200..211 are in view (10,000 to 10,600 px); 200 px of overscan reaches rows 196..215.
    const range = rowRange(offsets, 10_000, 10_600, 200);
    expect(range.start).toBeLessThanOrEqual(196);
    expect(range.end).toBeGreaterThanOrEqual(216);
    expect(range.start % RANGE_STEP).toBe(0);
    expect(range.end - range.start).toBeLessThan(40);
    // The list's end is never passed, and a list above or below the view draws nothing.
    expect(rowRange(offsets, 49_800, 50_400, 200).end).toBe(1000);
    expect(rowRange(offsets, -5_000, -4_000, 200)).toEqual({ start: 0, end: 0 });
    expect(rowRange(rowOffsets([], new Map(), 50, 0), 0, 600, 200)).toEqual({ start: 0, end: 0 });
  });

  it('stands in for left-out rows with gaps of their height, so drawn rows keep their places', () => {
    const offsets = rowOffsets(keys(100), new Map([['r3', 90]]), 30, 6);
    const items = virtualItems(offsets, { start: 40, end: 48 }, [2], 6);
    expect(items.filter((item) => item.kind === 'row').map((item) => item.kind === 'row' && item.index)).toEqual([2, 40, 41, 42, 43, 44, 45, 46, 47]);
    // Laid out with the list's gap after each item, every drawn row starts where it would with all rows drawn.
    let y = 0;
    for (const item of items) {
      if (item.kind === 'row') {
        expect(y).toBe(offsets[item.index]);
        y += offsets[item.index + 1]! - offsets[item.index]!;
      } else y += item.height + 6;
    }
    expect(y).toBe(offsets[100]);
  });

  it('draws a pinned row once, and nothing outside the list', () => {
    const offsets = rowOffsets(keys(10), new Map(), 30, 0);
    const items = virtualItems(offsets, { start: 0, end: 4 }, [3, -1, 10, 9], 0);
    expect(items).toEqual([
      { kind: 'row', index: 0 },
      { kind: 'row', index: 1 },
      { kind: 'row', index: 2 },
      { kind: 'row', index: 3 },
      { kind: 'gap', key: 'gap-4', height: 150 },
      { kind: 'row', index: 9 },
    ]);
  });
});
