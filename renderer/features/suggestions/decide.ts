import type { Editor } from '@tiptap/core';
import { applySuggestion, revertSuggestion } from '@handlewithcare/prosemirror-suggest-changes';
import { recordDecision, type DecisionKind } from '../../../shared/model/suggestions';
import type { PageEditorContext } from '../../shared/editorFeatures';
import { keepAsIs } from './shouldSuggest';

/**
 * Accepts or rejects suggestions: first the decision and what it removes go into the page's
 * suggestions map (so a reviewer who decided otherwise elsewhere can be reconciled), then the
 * library changes the text, kept as is even while this person is suggesting.
 */
export function decide(editor: Editor, context: PageEditorContext, ids: readonly string[], kind: DecisionKind): void {
  const at = Date.now();
  for (const id of ids) {
    recordDecision(context.doc, context.fragment, id, kind, context.profile.memberId, at);
    const command = kind === 'accept' ? applySuggestion(id) : revertSuggestion(id);
    command(editor.state, (tr) => editor.view.dispatch(tr.setMeta(keepAsIs, true)));
  }
}
