import type { CommentPart, Member } from '../../../shared/model';
import { useMinute } from '../../shared/minuteClock';
import { localTimeOf } from '../people';

/** An @mention in a message; hovering it tells the person's own time now ("Ben · 01:05 in London"). */
function MentionChip({ member }: { member: Member | undefined }) {
  const now = useMinute();
  return (
    <span className="mention" style={{ borderColor: member?.color }} title={member ? `${member.name} · ${localTimeOf(member, now)}` : undefined}>
      @{member?.name ?? 'someone'}
    </span>
  );
}

/** A message's text and @mentions as text nodes only: nothing a person wrote is read as markup. */
export function MessageBody({ parts, members }: { parts: readonly CommentPart[]; members: ReadonlyMap<string, Member> }) {
  return (
    <p className="message-body">
      {parts.map((part, index) => ('mention' in part ? <MentionChip key={index} member={members.get(part.mention)} /> : <span key={index}>{part.text}</span>))}
    </p>
  );
}
