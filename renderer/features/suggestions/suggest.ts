import { transformToSuggestionTransaction } from '@handlewithcare/prosemirror-suggest-changes';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';
import { claimForeignMarks, touchedRanges } from './claim';

/**
 * A deletion across whole blocks (select all, then Delete) needs block marks the page schema
 * does not allow, and the library throws on it. The same deletion as text, block by block, is
 * something it can suggest.
 */
function asTextDeletion(tr: Transaction, state: EditorState): Transaction | null {
  const [step] = tr.steps;
  if (tr.steps.length !== 1 || !(step instanceof ReplaceStep)) return null;
  // What it puts in place is at most an empty paragraph (select all, Delete leaves one).
  const inserted = step.slice.content;
  if (inserted.textBetween(0, inserted.size) !== '' || inserted.childCount > 1 || (inserted.firstChild && inserted.firstChild.content.size > 0)) return null;
  const ranges: { from: number; to: number }[] = [];
  state.doc.nodesBetween(step.from, step.to, (node, pos) => {
    if (!node.isTextblock) return true;
    const from = Math.max(pos + 1, step.from);
    const to = Math.min(pos + node.nodeSize - 1, step.to);
    if (to > from) ranges.push({ from, to });
    return false;
  });
  if (ranges.length === 0) return null;
  const text = state.tr;
  for (const range of ranges.reverse()) text.delete(range.from, range.to);
  return text;
}

/**
 * This person's transaction as a suggestion: ids from `freshId`, and text newly marked under
 * someone else's id given one of this person's own. Null when it cannot be suggested; the caller
 * then drops it rather than change the text directly while suggesting.
 */
export function toSuggestion(tr: Transaction, state: EditorState, freshId: () => string, isForeign: (id: string) => boolean): Transaction | null {
  let tracked: Transaction;
  try {
    tracked = transformToSuggestionTransaction(tr, state, freshId);
  } catch {
    const text = asTextDeletion(tr, state);
    if (!text) return null;
    try {
      tracked = transformToSuggestionTransaction(text, state, freshId);
    } catch {
      return null;
    }
  }
  claimForeignMarks(tracked, state.doc, isForeign, freshId);
  return tracked;
}

/** Suggestion ids on the text a transaction wrote or marked, without walking the whole page. */
export function suggestionIds(tr: Transaction): Set<string> {
  const ids = new Set<string>();
  for (const range of touchedRanges(tr)) {
    tr.doc.nodesBetween(range.from, range.to, (node) => {
      for (const mark of node.marks) if (mark.type.name === 'insertion' || mark.type.name === 'deletion') ids.add(String(mark.attrs.id as string));
      return true;
    });
  }
  return ids;
}
