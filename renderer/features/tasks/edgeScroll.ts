import { useCallback, useEffect, useRef } from 'react';

/** How near an edge (px) the pointer starts scrolling, and the fastest it scrolls (px a frame). */
const EDGE = 60;
const FASTEST = 18;

interface Scroller {
  element: HTMLElement;
  rect: DOMRect;
  axis: 'x' | 'y';
}

/** Nearest ancestors of `from` that scroll up and down, and sideways. */
function scrollersOf(from: HTMLElement): Scroller[] {
  const found: Scroller[] = [];
  for (let node = from.parentElement; node && found.length < 2; node = node.parentElement) {
    const style = getComputedStyle(node);
    for (const axis of ['x', 'y'] as const) {
      const overflow = axis === 'y' ? style.overflowY : style.overflowX;
      const scrolls = axis === 'y' ? node.scrollHeight > node.clientHeight : node.scrollWidth > node.clientWidth;
      if ((overflow === 'auto' || overflow === 'scroll') && scrolls && !found.some((other) => other.axis === axis)) found.push({ element: node, rect: node.getBoundingClientRect(), axis });
    }
  }
  return found;
}

/** Speed toward an edge: 0 away from it, FASTEST at it. */
function speed(position: number, start: number, end: number): number {
  if (position < start + EDGE) return -Math.ceil(FASTEST * Math.min(1, (start + EDGE - position) / EDGE));
  if (position > end - EDGE) return Math.ceil(FASTEST * Math.min(1, (position - (end - EDGE)) / EDGE));
  return 0;
}

/**
 * Scrolls the board (down the page, and across its columns) while a dragged card is held near an
 * edge. dnd-kit's own auto-scroll reads every scroller's sizes on each pointer move, which forces a
 * layout right after the drag has re-rendered the columns: a board of thousands dropped frames.
 * Here the scrollers are found and measured once, when the drag starts, and the pointer is only
 * compared with those numbers.
 */
export function useEdgeScroll(): { start(from: HTMLElement | null): void; move(x: number, y: number): void; stop(): void } {
  const scrollers = useRef<Scroller[]>([]);
  const velocity = useRef({ x: 0, y: 0 });
  const frame = useRef<number | null>(null);
  const stop = useCallback(() => {
    scrollers.current = [];
    velocity.current = { x: 0, y: 0 };
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
  }, []);
  const tick = useCallback(() => {
    frame.current = null;
    const { x, y } = velocity.current;
    if (x === 0 && y === 0) return;
    for (const scroller of scrollers.current) scroller.element[scroller.axis === 'y' ? 'scrollTop' : 'scrollLeft'] += scroller.axis === 'y' ? y : x;
    frame.current = requestAnimationFrame(tick);
  }, []);
  const start = useCallback((from: HTMLElement | null) => {
    stop();
    if (from) scrollers.current = scrollersOf(from);
  }, [stop]);
  const move = useCallback(
    (x: number, y: number) => {
      const vertical = scrollers.current.find((scroller) => scroller.axis === 'y');
      const across = scrollers.current.find((scroller) => scroller.axis === 'x');
      velocity.current = { x: across ? speed(x, across.rect.left, across.rect.right) : 0, y: vertical ? speed(y, vertical.rect.top, vertical.rect.bottom) : 0 };
      if (frame.current === null && (velocity.current.x !== 0 || velocity.current.y !== 0)) frame.current = requestAnimationFrame(tick);
    },
    [tick],
  );
  useEffect(() => stop, [stop]);
  return { start, move, stop };
}
