import { useState } from 'react';
import type { CommentMessage, CommentPart, Member } from '../../../shared/model';
import { Composer } from './Composer';
import { MessageBody } from './MessageBody';
import { Reactions } from './Reactions';
import { formatFull, formatWhen, useNow } from '../../shared/when';
import { localTimeOf } from '../people';

interface Props {
  message: CommentMessage;
  me: string;
  members: ReadonlyMap<string, Member>;
  memberList: Member[];
  readOnly: boolean;
  onEdit(parts: CommentPart[]): void;
  onDelete(): void;
  onReact(emoji: string): void;
}

/** One message of a thread: who and when, the text, reactions; its author may edit or delete it. */
export function MessageView({ message, me, members, memberList, readOnly, onEdit, onDelete, onReact }: Props) {
  const [editing, setEditing] = useState(false);
  const now = useNow();
  const author = members.get(message.author);
  const name = author?.name ?? 'Someone';
  const mine = message.author === me && !readOnly;
  return (
    <div className="message">
      <div className="message-head">
        <span className="member-dot" style={{ background: author?.color ?? '#8a8f98' }} aria-hidden="true" />
        <span className="message-author">{message.author === me ? `${name} (you)` : name}</span>
        {author && message.author !== me && <span className="muted small">{localTimeOf(author, now)}</span>}
        <time dateTime={new Date(message.at).toISOString()} title={formatFull(message.at)} className="muted">
          {formatWhen(message.at, now)}
        </time>
        {message.editedAt !== null && !message.deleted && <span className="muted small">(edited)</span>}
        {mine && !message.deleted && !editing && (
          <span className="message-actions">
            <button type="button" className="ghost small" aria-label="Edit comment" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" className="ghost small" aria-label="Delete comment" onClick={onDelete}>
              Delete
            </button>
          </span>
        )}
      </div>
      {message.deleted ? (
        <p className="message-body muted">This comment was deleted.</p>
      ) : editing ? (
        <Composer
          label="Edit comment"
          placeholder="Edit your comment"
          submitLabel="Save"
          members={memberList}
          initial={message.parts}
          autoFocus
          onSubmit={(parts) => {
            onEdit(parts);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <MessageBody parts={message.parts} members={members} />
      )}
      {!message.deleted && <Reactions reactions={message.reactions} me={me} members={members} readOnly={readOnly} onToggle={onReact} />}
    </div>
  );
}
