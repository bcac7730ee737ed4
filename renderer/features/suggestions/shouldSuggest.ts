import type { Transaction } from '@tiptap/pm/state';
import { PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';

/** Set on transactions that must stay as they are (accepting, rejecting). */
export const keepAsIs = new PluginKey('suggestions-keep');

/**
 * Whether a transaction is something this person typed or did, to become a suggestion while
 * suggesting is on. Never: changes from Yjs (other people, undo and redo, which y-tiptap replays
 * from the Yjs undo manager), programmatic ones kept out of history (setContent), accept and reject.
 */
export function shouldSuggest(tr: Transaction): boolean {
  if (!tr.docChanged) return false;
  const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  if (sync?.isChangeOrigin) return false;
  if (tr.getMeta(yUndoPluginKey) !== undefined) return false;
  if (tr.getMeta('addToHistory') === false) return false;
  return tr.getMeta(keepAsIs) === undefined;
}
