import type { CommentPart, Member } from '../../../shared/model';

/** A message's text and @mentions as text nodes only: nothing a person wrote is read as markup. */
export function MessageBody({ parts, members }: { parts: readonly CommentPart[]; members: ReadonlyMap<string, Member> }) {
  return (
    <p className="message-body">
      {parts.map((part, index) =>
        'mention' in part ? (
          <span key={index} className="mention" style={{ borderColor: members.get(part.mention)?.color }}>
            @{members.get(part.mention)?.name ?? 'someone'}
          </span>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}
