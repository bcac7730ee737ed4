import { useEffect, useState } from 'react';
import { isTextEntry, UndoStack } from '../../shared/undo';
import { matches } from '../../features/shortcuts';
import type { ToastController } from '../../features/toasts';

/**
 * The workspace's undo stack, offered the same way for every feature: each
 * action pushed shows one notification with "Undo" (unless it is quiet), and Ctrl+Z (Cmd+Z) with
 * the keyboard outside a text field undoes the latest (its notification closes).
 */
export function useUndo(show: ToastController['show'], dismiss: ToastController['dismiss']): UndoStack {
  const [stack] = useState(() => new UndoStack());
  useEffect(() => {
    const toastOf = new Map<number, number>();
    const run = (id?: number) =>
      stack.undo(id).catch((error: unknown) => {
        show(`Could not undo: ${error instanceof Error ? error.message : String(error)}`);
      });
    const unsubscribe = stack.events.subscribe((event) => {
      if (event.type === 'pushed') {
        if (event.entry.quiet) return;
        toastOf.set(event.entry.id, show(event.entry.label, { label: 'Undo', run: () => void run(event.entry.id) }));
        return;
      }
      const toast = toastOf.get(event.entry.id);
      toastOf.delete(event.entry.id);
      if (toast !== undefined) dismiss(toast);
    });
    const onKey = (event: KeyboardEvent) => {
      if (!matches(event, 'mod+z') || isTextEntry(event.target) || stack.list().length === 0) return;
      event.preventDefault();
      void run();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      unsubscribe();
      window.removeEventListener('keydown', onKey);
    };
  }, [stack, show, dismiss]);
  return stack;
}
