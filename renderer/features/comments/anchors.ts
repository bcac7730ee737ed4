import type { EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

interface Binding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: Map<Y.AbstractType<unknown>, unknown>;
}

function binding(state: EditorState): Binding | null {
  const sync = ySyncPluginKey.getState(state) as { binding?: Binding } | undefined;
  return sync?.binding ?? null;
}

/**
 * A selection as a comment anchor: the start is tied to its first character and the end to its
 * last (assoc -1), so text typed just outside the range stays outside, and when every character is
 * deleted the two meet. Null when the editor is not bound yet or the range is empty.
 */
export function anchorForSelection(state: EditorState, from: number, to: number): { start: Y.RelativePosition; end: Y.RelativePosition } | null {
  const bound = binding(state);
  if (!bound || from >= to) return null;
  const start = absolutePositionToRelativePosition(from, bound.type, bound.mapping as never) as Y.RelativePosition;
  const afterEnd = absolutePositionToRelativePosition(to, bound.type, bound.mapping as never) as Y.RelativePosition;
  const end = Y.createAbsolutePositionFromRelativePosition(afterEnd, bound.doc);
  if (!end) return null;
  return { start, end: Y.createRelativePositionFromTypeIndex(end.type, end.index, -1) };
}

/** Where an anchor is in the editor now: a non-empty range, or null when its text is gone. */
export function rangeOfAnchor(state: EditorState, start: Y.RelativePosition, end: Y.RelativePosition): { from: number; to: number } | null {
  const bound = binding(state);
  if (!bound) return null;
  const from = relativePositionToAbsolutePosition(bound.doc, bound.type, start, bound.mapping as never);
  const to = relativePositionToAbsolutePosition(bound.doc, bound.type, end, bound.mapping as never);
  if (from === null || to === null || from >= to) return null;
  const size = state.doc.content.size;
  return { from: Math.max(0, Math.min(from, size)), to: Math.max(0, Math.min(to, size)) };
}

/** The character a relative position is attached to, when it and every node above it are still in the text. */
function liveCharacter(doc: Y.Doc, position: Y.RelativePosition): boolean {
  if (!position.item) return false;
  let item: Y.Item | Y.GC;
  try {
    item = Y.getItem(doc.store, position.item);
  } catch {
    return false; // not received yet
  }
  if (!(item instanceof Y.Item) || item.deleted) return false;
  for (let type = item.parent as Y.AbstractType<unknown> | null; type && type._item; type = type._item.parent as Y.AbstractType<unknown> | null) {
    if (type._item.deleted) return false;
  }
  return true;
}

/**
 * Whether a thread's first and last characters are both still in the text. Its range is then
 * exactly where those anchors are (the model would find the same ends, comments-anchor.ts), so
 * it can be read from them without the model's walk over the whole page.
 */
export function anchoredOnLiveText(doc: Y.Doc, start: Y.RelativePosition, end: Y.RelativePosition): boolean {
  return liveCharacter(doc, start) && liveCharacter(doc, end);
}
