import type { EditorView } from '@tiptap/pm/view';

/**
 * For an editor's `handleKeyDown`: the editor takes in where the browser has put the caret before
 * a key acts. ProseMirror hears of a caret the browser moved (Ctrl+End, a click, Shift+arrows) from
 * `selectionchange`, which Chromium sends with its next frame; a key pressed sooner (a Backspace,
 * Ctrl+Alt+M on a selection just made) would act on where the caret was. Returns false: the key is
 * handled as it would be.
 */
export function caretFirst(view: EditorView): boolean {
  (view as unknown as { domObserver?: { flush(): void } }).domObserver?.flush();
  return false;
}
