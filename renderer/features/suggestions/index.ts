// Suggested edits: a per-person "Suggest edits" mode, inline insertions and deletions in the
// author's colour, and the Review panel's "Suggestions" with Accept and Reject.
import type { EditorFeature } from '../../shared/editorFeatures';
import { suggestionExtensions } from './extension';
import { SuggestionsSection } from './SuggestionsSection';
import { SuggestToggle } from './SuggestToggle';

export const suggestionsFeature: EditorFeature = {
  id: 'suggestions',
  extensions: suggestionExtensions,
  ToolbarItems: SuggestToggle,
  ReviewSection: SuggestionsSection,
};
