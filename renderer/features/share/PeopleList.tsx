import { useState } from 'react';
import type { MemberInfo, MemberRole } from '../../../shared/protocol';
import type { AccessActions } from './useAccess';
import { roleName, timeAgo } from './words';

interface Props {
  members: MemberInfo[];
  /** This device's member id on the relay. */
  me: string | null;
  canManage: boolean;
  actions: AccessActions;
}

const ORDER: Record<MemberRole, number> = { owner: 0, editor: 1, viewer: 2 };

/** Everyone with access: who they are, their role, when they last synced, who invited them; owners change and remove. */
export function PeopleList({ members, me, canManage, actions }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const sorted = [...members].sort((a, b) => ORDER[a.role] - ORDER[b.role] || a.name.localeCompare(b.name));

  const change = async (member: MemberInfo, role: MemberRole) => {
    setError(null);
    const result = await actions.changeRole(member.memberId, role);
    if (!result.ok) setError(result.message);
  };

  // At once, as the owner asked: the person's connections close now, and a new invite brings them back.
  const remove = async (member: MemberInfo) => {
    setError(null);
    setNotice(null);
    const result = await actions.removeMember(member.memberId);
    if (!result.ok) setError(result.message);
    else setNotice(`${member.name} no longer has access. Their own copy stays on their device; a new invite brings them back.`);
  };

  return (
    <section className="share-section" aria-labelledby="people-title">
      <h3 id="people-title">People with access</h3>
      <ul className="people" aria-labelledby="people-title">
        {sorted.map((member) => {
          const isMe = member.memberId === me;
          const name = isMe ? `${member.name} (you)` : member.name;
          const seen = member.lastSeenAt === null ? 'not synced yet' : `last synced ${timeAgo(member.lastSeenAt)}`;
          const invited = member.invitedByName ? ` · invited by ${member.invitedByName}` : '';
          return (
            <li key={member.memberId} aria-label={name}>
              <span className="person-initial" aria-hidden="true">
                {member.name.slice(0, 1).toUpperCase()}
              </span>
              <div className="person-text">
                <span>{name}</span>
                <span className="muted small">
                  {seen}
                  {invited}
                </span>
              </div>
              {canManage && !isMe ? (
                <>
                  <select aria-label={`Role of ${member.name}`} value={member.role} onChange={(event) => void change(member, event.target.value as MemberRole)}>
                    <option value="owner">Owner</option>
                    <option value="editor">Editor</option>
                    <option value="viewer">Viewer</option>
                  </select>
                  <button type="button" className="danger-text" onClick={() => void remove(member)} aria-label={`Remove access for ${member.name}`}>
                    Remove access
                  </button>
                </>
              ) : (
                <span className="role-badge">{roleName(member.role)}</span>
              )}
            </li>
          );
        })}
      </ul>
      <p className="muted small" role="status">
        {notice}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
