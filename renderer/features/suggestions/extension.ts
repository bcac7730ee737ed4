import { Extension } from '@tiptap/core';
import { newId } from '../../../shared/model';
import { recordSuggestion, repairOverruledAccepts, suggestionInfo, suggestionsMap } from '../../../shared/model/suggestions';
import type { PageEditorContext } from '../../shared/editorFeatures';
import { authorColours, coloursKey, RECOLOUR } from './authorColours';
import { suggestionMarks } from './marks';
import { shouldSuggest } from './shouldSuggest';
import { suggestionIds, toSuggestion } from './suggest';

export interface SuggestEditsStorage {
  /** Suggesting is on: what this person types or deletes becomes a suggestion. */
  enabled: boolean;
  /**
   * How long this device waits before it puts back text for an overruled accept someone else
   * made: long enough for the accepter's device, if it has the page open, to do it alone.
   */
  restoreAfterMs: number;
  stop?: () => void;
}

/**
 * Turns this person's edits into suggestions while suggesting is on, records who made each new
 * one, paints suggestions in their author's colour, and repairs what two reviewers who disagreed
 * apart removed together (shared/model/suggestions.ts): at once for this member's own accepts,
 * after `restoreAfterMs` for anyone's. Viewers (read-only) never repair.
 */
const RESTORE_AFTER_MS = 2000;

export function suggestEdits(context: { readonly current: PageEditorContext }) {
  return Extension.create<unknown, SuggestEditsStorage>({
    name: 'suggestEdits',
    addStorage: () => ({ enabled: false, restoreAfterMs: RESTORE_AFTER_MS }),
    addProseMirrorPlugins: () => [authorColours(context)],
    dispatchTransaction({ transaction, next }) {
      const { profile, readOnly, doc } = context.current;
      if (!this.storage.enabled || readOnly || !shouldSuggest(transaction)) return next(transaction);
      // Random ids: two people suggesting offline never pick the same one.
      const made = new Set<string>();
      const freshId = () => {
        const id = newId();
        made.add(id);
        return id;
      };
      // A missing record is not known to be someone else's: such marks are left alone.
      const isForeign = (id: string) => !made.has(id) && (suggestionInfo(doc, id)?.author ?? profile.memberId) !== profile.memberId;
      const tracked = toSuggestion(transaction, this.editor.state, freshId, isForeign);
      if (!tracked) return;
      next(tracked);
      const at = Date.now();
      // Only ids the text now holds: the library asks for one more than it may use.
      for (const id of suggestionIds(tracked)) if (made.has(id)) recordSuggestion(doc, id, profile.memberId, at);
    },
    onCreate() {
      const { doc, index } = context.current;
      const map = suggestionsMap(doc);
      const members = index.getMap('members');
      const recolour = () => {
        if (!this.editor.isDestroyed) this.editor.view.dispatch(this.editor.state.tr.setMeta(coloursKey, RECOLOUR).setMeta('addToHistory', false));
      };
      let later: ReturnType<typeof setTimeout> | undefined;
      const repair = (anyone: boolean) => {
        if (this.editor.isDestroyed || context.current.readOnly) return;
        const { waiting } = repairOverruledAccepts(doc, context.current.profile.memberId, context.current.fragment, { anyone });
        if (waiting > 0 && later === undefined) {
          later = setTimeout(() => {
            later = undefined;
            repair(true);
          }, this.storage.restoreAfterMs);
        }
      };
      const onRecords = () => {
        // After the transaction that brought them: repairing writes to the doc.
        queueMicrotask(() => {
          if (this.editor.isDestroyed) return;
          repair(false);
          recolour();
        });
      };
      map.observe(onRecords);
      members.observeDeep(recolour);
      onRecords();
      this.storage.stop = () => {
        clearTimeout(later);
        map.unobserve(onRecords);
        members.unobserveDeep(recolour);
      };
    },
    onDestroy() {
      this.storage.stop?.();
    },
  });
}

export function suggestionExtensions(context: { readonly current: PageEditorContext }) {
  return [...suggestionMarks, suggestEdits(context)];
}
