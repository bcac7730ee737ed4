import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefCallback } from 'react';
import { flushSync } from 'react-dom';
import { rowOffsets, rowRange, virtualItems, type VirtualItem } from './virtualRows';

/** Rows are drawn this far (px) above and below what the scroller shows. */
const OVERSCAN = 600;
/** The attribute a drawn row carries (its key), by which it is measured and found. */
export const ROW_KEY = 'data-row-key';

interface Options {
  /** Each row's stable key (a task's id), in order. */
  keys: readonly string[];
  /** A row's height (px) until it has been measured. */
  estimate: number;
  /** Rows drawn whatever the scroll (a card being dragged), by index. */
  pinned?: readonly number[];
}

export interface VirtualList {
  /** For the list element (`ul`): its drawn rows are measured, and its scroller watched. */
  listRef: RefCallback<HTMLElement>;
  /** What to draw, in order: rows by index, and gaps for the rows left out. */
  items: VirtualItem[];
  /** Draws the row with this key now (scrolling towards it), so it can be focused straight after. */
  reveal(key: string): void;
}

/** The page has painted once: set a frame after this module loads (it loads with the first screen). */
let pagePainted = false;
if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(() => (pagePainted = true), 0));

function averageOf(heights: ReadonlyMap<string, number>): number | null {
  if (heights.size === 0) return null;
  let sum = 0;
  for (const height of heights.values()) sum += height;
  return sum / heights.size;
}

/**
 * The element that scrolls the list: the nearest that may scroll and does overflow, else the
 * outermost that may. (A row that only scrolls sideways, like the board's columns, computes
 * `overflow-y: auto` too, but does not scroll its lists up and down.)
 */
function scrollerOf(element: HTMLElement): HTMLElement {
  let outermost: HTMLElement | null = null;
  for (let node = element.parentElement; node; node = node.parentElement) {
    const { overflowY } = getComputedStyle(node);
    if (overflowY !== 'auto' && overflowY !== 'scroll') continue;
    if (node.scrollHeight > node.clientHeight) return node;
    outermost = node;
  }
  return outermost ?? document.documentElement;
}

/**
 * A long list that keeps only the rows near its scroller's view in the DOM (plus the focused row
 * and its neighbours, so the keys always have somewhere to go and focus is never dropped). Rows may
 * differ in height and change it (details opening): each drawn row is measured as it resizes, and
 * the rows left out are stood in for by gaps of their last known height.
 */
export function useVirtualList({ keys, estimate, pinned = [] }: Options): VirtualList {
  const [list, setList] = useState<HTMLElement | null>(null);
  const heights = useRef(new Map<string, number>());
  const [measured, setMeasured] = useState(0);
  const [gap, setGap] = useState(0);
  // Rows not yet measured are taken to be as tall as those measured so far: with the caller's
  // guess, a list scrolled to its end would grow as its last rows are measured, and move them away.
  const offsets = useMemo(() => rowOffsets(keys, heights.current, averageOf(heights.current) ?? estimate, gap),
    // `measured` stands for the heights' content.
    [keys, estimate, gap, measured]);
  const [range, setRange] = useState(() => rowRange(offsets, 0, window.innerHeight, OVERSCAN));
  const [focused, setFocused] = useState<string | null>(null);

  const latest = useRef({ keys, offsets, list, range });
  latest.current = { keys, offsets, list, range };
  // Found once per list element: finding it reads styles and sizes, which forces a layout.
  const found = useRef<{ list: HTMLElement; scroller: HTMLElement } | null>(null);
  const scrollerFor = (element: HTMLElement) => {
    if (found.current?.list !== element) found.current = { list: element, scroller: scrollerOf(element) };
    return found.current.scroller;
  };
  const update = useCallback(() => {
    const { offsets: now, list: element } = latest.current;
    if (!element) return;
    const scroller = scrollerFor(element);
    const view = scroller === document.documentElement ? { top: 0, bottom: window.innerHeight } : scroller.getBoundingClientRect();
    const top = element.getBoundingClientRect().top;
    const next = rowRange(now, view.top - top, view.bottom - top, OVERSCAN);
    setRange((current) => (current.start === next.start && current.end === next.end ? current : next));
  }, []);

  // The window follows the scroller, its size, and the rows' own heights: before the browser paints,
  // so no row is seen in the wrong place. Except in the page's first frame: the rows drawn from the
  // estimate are right for a list that has not scrolled, and finding the scroller reads styles and
  // sizes, a layout the first paint does anyway; forced before it, a page that has just started is
  // laid out twice. A list drawn later follows its scroller from the start.
  const [settled, setSettled] = useState(() => pagePainted);
  useEffect(() => {
    if (!list || settled) return;
    // After the next frame: React may run this effect before the browser has painted.
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setSettled(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [list, settled]);
  useLayoutEffect(() => {
    if (settled) update();
  }, [update, offsets, list, settled]);
  useEffect(() => {
    if (!list || !settled) return;
    const scroller = scrollerFor(list);
    const target = scroller === document.documentElement ? window : scroller;
    target.addEventListener('scroll', update, { passive: true });
    const resized = new ResizeObserver(update);
    resized.observe(scroller);
    setGap(parseFloat(getComputedStyle(list).rowGap) || 0);
    // The focused row stays drawn: unmounting it would drop focus to the page.
    const focusIn = (event: FocusEvent) => setFocused((event.target as HTMLElement).closest(`[${ROW_KEY}]`)?.getAttribute(ROW_KEY) ?? null);
    const focusOut = (event: FocusEvent) => {
      if (!list.contains(event.relatedTarget as Node | null)) setFocused(null);
    };
    list.addEventListener('focusin', focusIn);
    list.addEventListener('focusout', focusOut);
    return () => {
      target.removeEventListener('scroll', update);
      resized.disconnect();
      list.removeEventListener('focusin', focusIn);
      list.removeEventListener('focusout', focusOut);
    };
  }, [list, update, settled]);

  // Every drawn row is measured, and again whenever its height changes.
  const rows = useMemo(
    () =>
      new ResizeObserver((entries) => {
        let changed = false;
        for (const entry of entries) {
          const element = entry.target as HTMLElement;
          const key = element.getAttribute(ROW_KEY);
          if (!key || !element.isConnected) continue;
          const height = entry.borderBoxSize[0]?.blockSize ?? element.offsetHeight;
          if (heights.current.get(key) !== height) {
            heights.current.set(key, height);
            changed = true;
          }
        }
        if (changed) setMeasured((count) => count + 1);
      }),
    [],
  );
  useEffect(() => () => rows.disconnect(), [rows]);
  const observed = useRef(new Set<Element>());
  useLayoutEffect(() => {
    if (!list) return;
    const now = new Set(list.querySelectorAll(`:scope > [${ROW_KEY}]`));
    for (const element of observed.current) if (!now.has(element)) rows.unobserve(element);
    for (const element of now) if (!observed.current.has(element)) rows.observe(element);
    observed.current = now;
  });

  const focusedIndex = focused === null ? -1 : keys.indexOf(focused);
  const items = useMemo(
    () => virtualItems(offsets, range, focusedIndex < 0 ? pinned : [...pinned, focusedIndex - 1, focusedIndex, focusedIndex + 1], gap),
    // `pinned` is compared by content: callers build it anew each render.
    [offsets, range, focusedIndex, gap, pinned.join()],
  );

  const reveal = useCallback((key: string) => {
    const { keys: order, offsets: now, list: element, range: drawn } = latest.current;
    const index = order.indexOf(key);
    if (!element || index < 0 || index >= now.length - 1 || (index >= drawn.start && index < drawn.end)) return;
    const scroller = scrollerFor(element);
    const rowTop = now[index]!;
    const view = scroller.clientHeight || window.innerHeight;
    const listTop = element.getBoundingClientRect().top - (scroller === document.documentElement ? 0 : scroller.getBoundingClientRect().top);
    scroller.scrollTop += listTop + rowTop - view / 2;
    const next = rowRange(now, rowTop - view, rowTop + view, OVERSCAN);
    flushSync(() => setRange(next));
  }, []);

  return { listRef: setList, items, reveal };
}
