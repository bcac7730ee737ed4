import { forwardRef, type KeyboardEvent } from 'react';
import { deleteMessage, editMessage, getPage, replyToThread, setThreadResolved, toggleReaction, type Member } from '../../../shared/model';
import { useCommentNotifier } from '../../shared/sendNotifications';
import type { PageEditorContext } from '../../shared/editorFeatures';
import { Composer } from './Composer';
import { MessageView } from './MessageView';
import type { ShownThread } from './useThreads';

interface Props {
  thread: ShownThread;
  context: PageEditorContext;
  members: ReadonlyMap<string, Member>;
  memberList: Member[];
  active: boolean;
  onActivate(): void;
  onStep(direction: 1 | -1): void;
}

function shortQuote(quote: string): string {
  return quote.length > 60 ? `${quote.slice(0, 57)}…` : quote;
}

/** A comment thread: the text it was made on, its messages and reactions, Reply, Resolve / Reopen. */
export const ThreadCard = forwardRef<HTMLElement, Props>(function ThreadCard({ thread, context, members, memberList, active, onActivate, onStep }, ref) {
  const { doc, profile, readOnly } = context;
  const tell = useCommentNotifier();
  const me = profile.memberId;
  const first = thread.messages[0];
  const starter = first ? (members.get(first.author)?.name ?? 'Someone') : 'Someone';
  const classes = ['thread', active && 'active', thread.resolved && 'resolved', thread.onDeletedText && 'on-deleted'].filter(Boolean).join(' ');
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      event.stopPropagation();
      onStep(event.key === 'ArrowDown' ? 1 : -1);
    }
  };
  return (
    <article
      ref={ref}
      className={classes}
      tabIndex={0}
      aria-label={`Comment by ${starter} on “${shortQuote(thread.quote)}”${thread.resolved ? ', resolved' : ''}${thread.onDeletedText ? ', on deleted text' : ''}`}
      aria-current={active ? 'true' : undefined}
      data-thread={thread.id}
      onFocus={(event) => event.target === event.currentTarget && onActivate()}
      onClick={onActivate}
      onKeyDown={onKeyDown}
    >
      <header className="thread-head">
        <blockquote className="thread-quote">{thread.quote}</blockquote>
        {!readOnly && (
          <button
            type="button"
            className="ghost small"
            onClick={(event) => {
              event.stopPropagation();
              setThreadResolved(doc, thread.id, !thread.resolved, me);
            }}
          >
            {thread.resolved ? 'Reopen' : 'Resolve'}
          </button>
        )}
      </header>
      {thread.onDeletedText && (
        <p className="thread-badge" role="note">
          On deleted text
        </p>
      )}
      {thread.resolved && thread.resolvedBy && (
        <p className="muted small">Resolved by {thread.resolvedBy === me ? 'you' : (members.get(thread.resolvedBy)?.name ?? 'someone')}</p>
      )}
      {thread.messages.map((message) => (
        <MessageView
          key={message.id}
          message={message}
          me={me}
          members={members}
          memberList={memberList}
          readOnly={readOnly}
          onEdit={(parts) => editMessage(doc, thread.id, message.id, me, parts)}
          onDelete={() => deleteMessage(doc, thread.id, message.id, me)}
          onReact={(emoji) => toggleReaction(doc, thread.id, message.id, emoji, me)}
        />
      ))}
      {active && !readOnly && !thread.resolved && (
        <Composer
          label="Reply"
          placeholder="Reply… (@ to mention)"
          submitLabel="Reply"
          members={memberList}
          allowUrgent
          onSubmit={(parts, { urgent }) => {
            replyToThread(doc, thread.id, { author: me, parts });
            tell(parts, { pageId: context.pageId, taskId: null, title: getPage(context.index, context.pageId)?.title || 'Untitled' }, { urgent, replyTo: thread.messages.filter((message) => !message.deleted).map((message) => message.author) });
          }}
        />
      )}
    </article>
  );
});
