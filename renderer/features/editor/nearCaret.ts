import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';

/** The class on the top-level blocks around the selection, which are always rendered. */
export const NEAR_CARET_CLASS = 'near-caret';
/**
 * How many blocks either side of the selection stay rendered: more than a screen's worth, so
 * the caret moving by arrows or a page (PageDown) always lands in laid-out text.
 */
export const NEAR_CARET_BLOCKS = 50;

const key = new PluginKey<DecorationSet>('nearCaret');

function decorate(state: EditorState): DecorationSet {
  const { doc, selection } = state;
  const last = doc.childCount - 1;
  if (last < 0) return DecorationSet.empty;
  const $from = doc.resolve(selection.from);
  const $to = doc.resolve(selection.to);
  const around = (index: number): [number, number] => [Math.max(0, index - NEAR_CARET_BLOCKS), Math.min(last, index + NEAR_CARET_BLOCKS)];
  const first = around(Math.min($from.index(0), last));
  const second = around(Math.min($to.index(0), last));
  // The first and last blocks too: Ctrl+Home and Ctrl+(Shift+)End go there by the browser's own
  // caret movement, which finds no place in a skipped block and stops short of it.
  const ranges: [number, number][] = [];
  for (const range of [[0, 0], first, second, [last, last]] as [number, number][]) {
    const previous = ranges.at(-1);
    if (previous && range[0] <= previous[1] + 1) previous[1] = Math.max(previous[1], range[1]);
    else ranges.push(range);
  }
  const marks: Decoration[] = [];
  for (const [lo, hi] of ranges) {
    let pos = $from.posAtIndex(lo, 0);
    for (let index = lo; index <= hi; index++) {
      const node: ProseMirrorNode = doc.child(index);
      marks.push(Decoration.node(pos, pos + node.nodeSize, { class: NEAR_CARET_CLASS }));
      pos += node.nodeSize;
    }
  }
  return DecorationSet.create(doc, marks);
}

/** The editor's top-level element that holds `node`, or null outside the editor. */
function topLevelOf(view: EditorView, node: Node | null): Element | null {
  let at = node;
  while (at && at.parentNode !== view.dom) at = at.parentNode;
  return at instanceof Element ? at : null;
}

/**
 * A key can come before the editor has heard that the caret moved (Ctrl+Home, then a key at
 * once): if the browser's caret is in a block not marked yet, the editor takes that selection
 * now, so the blocks around it are rendered before the key acts on them.
 */
function catchUpWithCaret(view: EditorView): void {
  const selection = view.dom.ownerDocument.getSelection();
  const { anchorNode, focusNode } = selection ?? {};
  if (!selection || !anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return;
  const blocks = [topLevelOf(view, anchorNode), topLevelOf(view, focusNode)];
  if (blocks.every((block) => !block || block.classList.contains(NEAR_CARET_CLASS))) return;
  const anchor = view.posAtDOM(anchorNode, selection.anchorOffset);
  const head = view.posAtDOM(focusNode, selection.focusOffset);
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, anchor, head)));
}

/**
 * Marks the blocks around the selection, which the page's off-screen skipping
 * (`.prose.page-text` in renderer/app/styles.css) always renders. Chromium's own editing works
 * on laid-out text: a character typed into a block that is still skipped (one Enter has just
 * made, or one Ctrl+Home has just reached) lands in the wrong place, and an arrow key moving
 * through skipped blocks jumps by their placeholder heights.
 */
export const NearCaret = Extension.create({
  name: 'nearCaret',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_, state) => decorate(state),
          apply: (tr, previous, _, state) => (tr.docChanged || tr.selectionSet ? decorate(state) : previous),
        },
        props: {
          decorations: (state) => key.getState(state),
          handleKeyDown: (view) => {
            catchUpWithCaret(view);
            return false;
          },
        },
      }),
    ];
  },
});
