import type * as Y from 'yjs';

/**
 * Calls `read` a moment after `doc` changes, once per burst (typing is not read per key), until
 * the doc is destroyed. Pending timers are kept in `timers`, for the caller to clear when it stops.
 */
export function readAfterChanges(doc: Y.Doc, delayMs: number, read: () => void, timers: Set<ReturnType<typeof setTimeout>>): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onUpdate = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timers.delete(timer!);
      timer = null;
      read();
    }, delayMs);
    timers.add(timer);
  };
  doc.on('update', onUpdate);
  doc.once('destroy', () => doc.off('update', onUpdate));
}
