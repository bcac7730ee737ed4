import type { Editor } from '@tiptap/core';
import { use, useMemo, useRef, useState } from 'react';
import { pageContent } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import type { PageEditorContext } from '../../shared/editorFeatures';
import { useWorkspace } from '../../shared/workspace';
import { describeAriaShortcut, platformAriaShortcut, useShortcuts } from '../shortcuts';
import { RichTextEditor } from './RichTextEditor';
import { useReviewPanel } from './useReviewPanel';
import './review.css';

const REVIEW_KEYS = 'Control+Alt+R';

/**
 * A page of rich text: the editor bound to the page doc's content, extended by the workspace's
 * editor features, with the Review panel (their threads, suggestions, versions) beside the text.
 */
export function RichTextPage({ handle }: { handle: DocHandle }) {
  const { readOnly, loadEditorFeatures, index, profile, currentPageId, notify } = useWorkspace();
  // Loaded with the editor, not with the app (renderer/app/registry.ts); the same promise every time.
  const editorFeatures = use(loadEditorFeatures());
  const review = useReviewPanel();
  const [made, setEditor] = useState<Editor | null>(null);
  // TipTap destroys an editor it replaces (its storage emptied) before this state hears of the new
  // one: features are never handed a destroyed editor (the comments panel read its storage and crashed).
  const editor = made && !made.isDestroyed ? made : null;
  const fragment = pageContent(handle.doc);
  const context: PageEditorContext = useMemo(
    () => ({ pageId: currentPageId ?? '', doc: handle.doc, fragment, awareness: handle.awareness, index, profile, readOnly, review, notify }),
    [currentPageId, handle, fragment, index, profile, readOnly, review, notify],
  );
  // Extensions are fixed when the editor is made; they read what changes (profile, read-only) through the ref.
  const latest = useRef(context);
  latest.current = context;
  const extensions = useMemo(() => editorFeatures.flatMap((feature) => feature.extensions?.(latest) ?? []), [editorFeatures, handle]);

  useShortcuts({ 'mod+alt+r': () => review.setOpen(!review.open) });

  const toggle = (
    <button
      type="button"
      className="tool review-toggle"
      aria-pressed={review.open}
      aria-keyshortcuts={platformAriaShortcut(REVIEW_KEYS)}
      title={`Show or hide comments, suggestions and versions (${describeAriaShortcut(REVIEW_KEYS)})`}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => review.setOpen(!review.open)}
    >
      Review
    </button>
  );
  const items = editor
    ? editorFeatures.map((feature) => feature.ToolbarItems && <feature.ToolbarItems key={feature.id} editor={editor} context={context} />)
    : null;

  return (
    <div className={review.open ? 'doc-layout with-review' : 'doc-layout'}>
      <RichTextEditor
        fragment={fragment}
        awareness={handle.awareness}
        label="Page content"
        readOnly={readOnly}
        extensions={extensions}
        onEditor={setEditor}
        toolbarEnd={
          <>
            {items}
            {toggle}
          </>
        }
        readerBar={
          <div className="toolbar reader-bar" role="toolbar" aria-label="Reading">
            <div className="toolbar-end">{toggle}</div>
          </div>
        }
      />
      {editor && editorFeatures.map((feature) => feature.Companion && <feature.Companion key={feature.id} editor={editor} context={context} />)}
      {review.open && (
        <section className="review-panel" aria-label="Review">
          <header className="review-head">
            <h2>Review</h2>
            <button type="button" className="ghost" aria-label="Close review" onClick={() => review.setOpen(false)}>
              ×
            </button>
          </header>
          {editor && editorFeatures.map((feature) => feature.ReviewSection && <feature.ReviewSection key={feature.id} editor={editor} context={context} />)}
          {editorFeatures.every((feature) => !feature.ReviewSection) && <p className="muted">Nothing to review on this page.</p>}
        </section>
      )}
    </div>
  );
}
