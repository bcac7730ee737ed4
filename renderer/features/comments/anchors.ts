import type { EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
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

type Parent = Y.XmlFragment | Y.XmlElement;

/** The editor size of the first `count` live children of a Yjs node: text by its length, elements as the editor drew them. */
function childrenSize(parent: Parent, count: number, mapping: Binding['mapping'], stopAt?: Y.AbstractType<unknown>): number | null {
  let size = 0;
  let seen = 0;
  for (let item = parent._start; item !== null && (stopAt !== undefined || seen < count); item = item.right) {
    const child = (item.content as Y.ContentType).type as Y.AbstractType<unknown> | undefined;
    if (stopAt !== undefined && child === stopAt) return size;
    if (item.deleted || !child) continue;
    seen += 1;
    if (child instanceof Y.XmlText) size += child.length;
    else {
      const node = mapping.get(child) as { nodeSize: number } | undefined;
      if (!node) return null;
      size += node.nodeSize;
    }
  }
  return stopAt !== undefined ? null : size;
}

/**
 * A Yjs relative position as an editor position. y-tiptap's own mapping reads any text position
 * at the very start of the page as misresolved (null), which lost the highlight of a thread on a
 * page's first word; this one walks up from the position's node, adding what comes before it.
 */
function editorPosition(bound: Binding, relative: Y.RelativePosition): number | null {
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, bound.doc);
  if (!absolute) return null;
  let type = absolute.type as Y.AbstractType<unknown>;
  let pos: number | null = type instanceof Y.XmlText ? absolute.index : childrenSize(type as Parent, absolute.index, bound.mapping);
  if (pos === null) return null;
  while (type !== bound.type) {
    const item = type._item;
    if (!item || item.deleted) return null;
    const parent = item.parent as Parent;
    const before = childrenSize(parent, 0, bound.mapping, type);
    if (before === null) return null;
    // An element's content starts one past its opening; text has no opening of its own.
    pos += before + (type instanceof Y.XmlText ? 0 : 1);
    type = parent as unknown as Y.AbstractType<unknown>;
  }
  return pos;
}

/** Where an anchor is in the editor now: a non-empty range, or null when its text is gone. */
export function rangeOfAnchor(state: EditorState, start: Y.RelativePosition, end: Y.RelativePosition): { from: number; to: number } | null {
  const bound = binding(state);
  if (!bound) return null;
  const from = editorPosition(bound, start);
  const to = editorPosition(bound, end);
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
