// Comments: threads anchored to text in the page doc, highlighted in the editor and listed in the Review panel.
import type { EditorFeature } from '../../shared/editorFeatures';
import { CommentButton } from './CommentButton';
import { CommentsSection } from './CommentsSection';
import { commentHighlights } from './highlights';

/** The pieces of a conversation, for comments elsewhere than on text (a task's). */
export { Composer } from './Composer';
export { MessageView } from './MessageView';

export const commentsFeature: EditorFeature = {
  id: 'comments',
  extensions: (context) => [commentHighlights(context)],
  ToolbarItems: CommentButton,
  ReviewSection: CommentsSection,
};
