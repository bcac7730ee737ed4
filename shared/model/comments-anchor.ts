/**
 * Where a comment thread points in a page's rich text, in Yjs terms.
 *
 * A thread is anchored to the first and last characters it was made on, not
 * to offsets and not to marks in the text, so anchors never move when others
 * type, overlapping and nested threads are independent, and no anchor can be
 * lost by an edit:
 * - start: a relative position attached to the first character (assoc 0),
 * - end:   a relative position attached to the last character (assoc -1),
 * so text typed just before or just after the range stays outside it, text
 * typed inside it is inside, and when every character in it is deleted the
 * two positions meet or cross.
 *
 * Yjs garbage-collects the characters of a deleted paragraph outright, and a
 * relative position attached to one of them can no longer be resolved. So a
 * thread also keeps, for each end, a position attached to every ancestor of
 * that character (its text node, paragraph, list item ... up to the block at
 * the root). Resolving walks up to the first of those whose parent still
 * exists: the thread then starts (or ends) where that node was, and text in
 * other paragraphs of a range that spans several still counts.
 */
import * as Y from 'yjs';
import { ModelError } from './errors';

// Yjs types are generic in their event type, which nothing here looks at.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyType = Y.AbstractType<any>;

/** An object-replacement character stands for an embed in a text node: it counts in Yjs indexes but is never shown. */
const EMBED = '\uFFFC';

/**
 * A live anchor also says where its range is now: positions on its first and
 * last surviving characters (assoc 0 and -1), which an editor can map to its
 * own positions even when the characters the thread was made on at either
 * end are gone.
 */
export type AnchorState = { state: 'live'; text: string; start: Y.RelativePosition; end: Y.RelativePosition } | { state: 'deleted' };

/** A place between two characters (or nodes) of a tree: a child index inside a parent. */
interface Gap {
  type: AnyType;
  index: number;
}

/** The characters of one tree in document order, with the linear offset of every gap. */
interface Layout {
  texts: { start: number; text: string }[];
  gaps: Map<AnyType, number[]>;
}

function textOf(node: Y.XmlText): string {
  let text = '';
  for (const op of node.toDelta() as { insert?: unknown }[]) {
    text += typeof op.insert === 'string' ? op.insert : EMBED;
  }
  return text;
}

function layoutOf(root: AnyType): Layout {
  const layout: Layout = { texts: [], gaps: new Map() };
  const visit = (node: unknown, offset: number): number => {
    if (node instanceof Y.XmlText) {
      const text = textOf(node);
      layout.gaps.set(node, [offset]);
      layout.texts.push({ start: offset, text });
      return offset + text.length;
    }
    if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      const starts: number[] = [];
      for (const child of node.toArray()) {
        starts.push(offset);
        offset = visit(child, offset);
      }
      starts.push(offset);
      layout.gaps.set(node, starts);
    }
    return offset;
  };
  visit(root, 0);
  return layout;
}

/** Linear character offset of a gap, or null when the gap's parent is not part of the tree. */
function offsetOf(layout: Layout, gap: Gap): number | null {
  const starts = layout.gaps.get(gap.type);
  if (!starts) return null;
  if (gap.type instanceof Y.XmlText) return starts[0]! + Math.min(gap.index, gap.type.length);
  return starts[Math.min(gap.index, starts.length - 1)] ?? null;
}

function rootOf(type: AnyType): AnyType {
  let node = type;
  while (node._item !== null && node.parent !== null) node = node.parent;
  return node;
}

function isGone(type: AnyType): boolean {
  for (let node: AnyType | null = type; node && node._item; node = node.parent) {
    if (node._item.deleted) return true;
  }
  return false;
}

/** A relative position as a gap, or null if this doc cannot place it (gone with its parent, or not received yet). */
function gapOf(doc: Y.Doc, position: Y.RelativePosition): Gap | null {
  if (position.item === null && position.type === null && position.tname === null) return null;
  try {
    const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
    if (!absolute || isGone(absolute.type)) return null;
    return { type: absolute.type, index: absolute.index };
  } catch {
    return null; // a malformed position from another client reads as unplaceable
  }
}

/** The first position of a chain (finest first) that still has a live parent. */
function firstGap(doc: Y.Doc, chain: readonly Y.RelativePosition[]): Gap | null {
  for (const position of chain) {
    const gap = gapOf(doc, position);
    if (gap) return gap;
  }
  return null;
}

/** Live text between two linear offsets, text nodes joined by newlines; empty if no character is left. */
function textBetween(layout: Layout, from: number, to: number): string {
  const pieces: string[] = [];
  for (const { start, text } of layout.texts) {
    const piece = text.slice(Math.max(from - start, 0), Math.max(to - start, 0)).split(EMBED).join('');
    if (piece) pieces.push(piece);
  }
  return pieces.join('\n');
}

/**
 * An anchor's ends, each as a chain of relative positions: the character
 * first, then each ancestor from its text node up to the root's child.
 */
export interface AnchorChains {
  start: readonly Y.RelativePosition[];
  end: readonly Y.RelativePosition[];
}

export function resolveChains(doc: Y.Doc, chains: AnchorChains): AnchorState {
  const start = firstGap(doc, chains.start);
  const end = firstGap(doc, chains.end);
  if (!start || !end) return { state: 'deleted' };
  const root = rootOf(start.type);
  if (rootOf(end.type) !== root) return { state: 'deleted' };
  const layout = layoutOf(root);
  const from = offsetOf(layout, start);
  const to = offsetOf(layout, end);
  if (from === null || to === null || from >= to) return { state: 'deleted' };
  const text = textBetween(layout, from, to);
  const first = characterAt(layout, from);
  const last = characterAt(layout, to - 1);
  if (!text || !first || !last) return { state: 'deleted' };
  return {
    state: 'live',
    text,
    start: Y.createRelativePositionFromTypeIndex(first.node, first.index, 0),
    end: Y.createRelativePositionFromTypeIndex(last.node, last.index + 1, -1),
  };
}

/** Positions attached to each ancestor of `node` below its root, nearest first. */
function ancestorChain(node: AnyType, assoc: 0 | -1): Y.RelativePosition[] {
  const chain: Y.RelativePosition[] = [];
  for (let child = node; child._item !== null && child.parent !== null; child = child.parent) {
    const parent = child.parent as Y.XmlElement | Y.XmlFragment;
    const index = parent.toArray().indexOf(child as Y.XmlElement | Y.XmlText);
    if (index < 0) break;
    chain.push(Y.createRelativePositionFromTypeIndex(parent, assoc === 0 ? index : index + 1, assoc));
  }
  return chain;
}

/** The text node holding the character at linear `offset`, and the index of that character in it. */
function characterAt(layout: Layout, offset: number): { node: Y.XmlText; index: number } | null {
  for (const [type, starts] of layout.gaps) {
    if (!(type instanceof Y.XmlText)) continue;
    const index = offset - starts[0]!;
    if (index >= 0 && index < type.length) return { node: type, index };
  }
  return null;
}

/**
 * Anchor chains for the range between two positions, whatever their assoc:
 * the ends are moved onto the first and last characters inside the range, so
 * a selection that starts at the end of one paragraph or ends at the start of
 * another is anchored to the text it really covers.
 */
export function anchorChains(doc: Y.Doc, start: Y.RelativePosition, end: Y.RelativePosition): AnchorChains {
  const from = gapOf(doc, start);
  const to = gapOf(doc, end);
  if (!from || !to) throw new ModelError('invalid-input', 'A comment must be anchored to text that is in the page.');
  const root = rootOf(from.type);
  if (rootOf(to.type) !== root) throw new ModelError('invalid-input', 'A comment must start and end in the same text.');
  const layout = layoutOf(root);
  const first = characterAt(layout, offsetOf(layout, from) ?? -1);
  const last = characterAt(layout, (offsetOf(layout, to) ?? 0) - 1);
  const ordered = (offsetOf(layout, from) ?? 0) < (offsetOf(layout, to) ?? 0);
  if (!first || !last || !ordered) throw new ModelError('invalid-input', 'A comment needs some selected text to anchor to.');
  return {
    start: [Y.createRelativePositionFromTypeIndex(first.node, first.index, 0), ...ancestorChain(first.node, 0)],
    end: [Y.createRelativePositionFromTypeIndex(last.node, last.index + 1, -1), ...ancestorChain(last.node, -1)],
  };
}

/** Start and end positions of `length` characters at `index` of one text node, for tests and seeds. */
export function anchorFromRange(
  text: Y.XmlText,
  index: number,
  length: number,
): { start: Y.RelativePosition; end: Y.RelativePosition; quote: string } {
  if (length <= 0 || index < 0 || index + length > text.length) {
    throw new ModelError('invalid-input', `No range of ${length} characters at ${index} in a text of ${text.length}.`);
  }
  return {
    start: Y.createRelativePositionFromTypeIndex(text, index, 0),
    end: Y.createRelativePositionFromTypeIndex(text, index + length, -1),
    quote: textOf(text).slice(index, index + length).split(EMBED).join(''),
  };
}
