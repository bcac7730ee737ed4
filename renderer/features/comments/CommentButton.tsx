import { useEditorState } from '@tiptap/react';
import type { EditorFeatureProps } from '../../shared/editorFeatures';
import { describeAriaShortcut, platformAriaShortcut } from '../shortcuts';
import { startComment } from './highlights';

const KEYS = 'Control+Alt+M';

/** The toolbar's Comment button: starts a thread on the selected text. */
export function CommentButton({ editor, context }: EditorFeatureProps) {
  const hasSelection = useEditorState({ editor, selector: ({ editor: current }) => !current.state.selection.empty });
  return (
    <button
      type="button"
      className="tool comment-tool"
      aria-keyshortcuts={platformAriaShortcut(KEYS)}
      title={hasSelection ? `Comment on the selected text (${describeAriaShortcut(KEYS)})` : `Select text to comment on it (${describeAriaShortcut(KEYS)})`}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => startComment(editor.view, editor.storage.comments.ui, context)}
    >
      Comment
    </button>
  );
}
