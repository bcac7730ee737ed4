import { useEffect, useMemo, useRef, useState } from 'react';
import { createThread, getPage, listMembers, type Member } from '../../../shared/model';
import { useCommentNotifier } from '../../shared/sendNotifications';
import type { EditorFeatureProps } from '../../shared/editorFeatures';
import { useDocValue } from '../../shared/useYDoc';
import { Composer } from './Composer';
import { revealThread } from './highlights';
import { ThreadCard } from './ThreadCard';
import { useCommentsUi, useThreads } from './useThreads';
import './comments.css';

/** The Review panel's comments: a new comment being written, open threads in text order, then resolved ones. */
export function CommentsSection({ editor, context }: EditorFeatureProps) {
  const ui = useCommentsUi(editor.storage.comments.ui);
  const tell = useCommentNotifier();
  const threads = useThreads(context.doc, editor);
  const memberList = useDocValue(context.index, listMembers);
  const members = useMemo(() => new Map<string, Member>(memberList.map((member) => [member.id, member])), [memberList]);
  const [showResolved, setShowResolved] = useState(false);
  const cards = useRef(new Map<string, HTMLElement>());
  const open = threads.filter((thread) => !thread.resolved);
  const resolved = threads.filter((thread) => thread.resolved);
  const shown = showResolved ? [...open, ...resolved] : open;

  // Bring the thread in focus into view when it is chosen from the text.
  useEffect(() => {
    if (ui.active) cards.current.get(ui.active)?.scrollIntoView({ block: 'nearest' });
  }, [ui.active]);

  const activate = (threadId: string) => {
    if (ui.active !== threadId) ui.update({ active: threadId });
    revealThread(editor.view, threadId);
  };
  const step = (from: string, direction: 1 | -1) => {
    const index = shown.findIndex((thread) => thread.id === from);
    const next = shown[(index + direction + shown.length) % shown.length];
    if (next) cards.current.get(next.id)?.focus();
  };

  return (
    <section className="review-section comments" aria-labelledby="comments-heading">
      <h3 id="comments-heading">
        Comments <span className="count">{open.length > 0 ? open.length : ''}</span>
      </h3>
      {ui.draft && !context.readOnly && (
        <div className="thread draft">
          <blockquote className="thread-quote">{ui.draft.quote}</blockquote>
          <Composer
            label="Comment"
            placeholder="Add a comment… (@ to mention)"
            submitLabel="Post"
            members={memberList}
            autoFocus
            allowUrgent
            onSubmit={(parts, { urgent }) => {
              const draft = ui.draft;
              if (!draft) return;
              const id = createThread(context.doc, { start: draft.start, end: draft.end, quote: draft.quote, author: context.profile.memberId, parts });
              tell(parts, { pageId: context.pageId, taskId: null, title: getPage(context.index, context.pageId)?.title || 'Untitled' }, { urgent });
              ui.update({ draft: null, active: id });
              // Back to the text, just after what was commented on.
              editor.chain().focus().setTextSelection(Math.min(draft.to, editor.state.doc.content.size)).run();
            }}
            onCancel={() => {
              ui.update({ draft: null });
              editor.commands.focus();
            }}
          />
        </div>
      )}
      {open.length === 0 && !ui.draft && (
        <p className="muted small">
          {context.readOnly ? 'No open comments on this page.' : 'No open comments. Select text and press Comment to start a thread.'}
        </p>
      )}
      {shown.map((thread) => (
        <ThreadCard
          key={thread.id}
          ref={(element) => {
            if (element) cards.current.set(thread.id, element);
            else cards.current.delete(thread.id);
          }}
          thread={thread}
          context={context}
          members={members}
          memberList={memberList}
          active={ui.active === thread.id}
          onActivate={() => activate(thread.id)}
          onStep={(direction) => step(thread.id, direction)}
        />
      ))}
      {resolved.length > 0 && (
        <button type="button" className="link small" aria-expanded={showResolved} onClick={() => setShowResolved((value) => !value)}>
          {showResolved ? 'Hide resolved' : `Show resolved (${resolved.length})`}
        </button>
      )}
    </section>
  );
}
