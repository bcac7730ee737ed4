import { useState, type FormEvent } from 'react';
import type { InviteRole, PendingInvite } from '../../../shared/protocol';
import type { AccessActions } from './useAccess';
import { InviteLink, inviteLink } from './InviteLink';
import { formatDay, roleName, withArticle } from './words';

const EXPIRIES: { label: string; seconds: number }[] = [
  { label: 'in 1 day', seconds: 86_400 },
  { label: 'in 7 days', seconds: 7 * 86_400 },
  { label: 'in 30 days', seconds: 30 * 86_400 },
];

const USES: { label: string; value: number | null }[] = [
  { label: 'by one person', value: 1 },
  { label: 'by up to 5 people', value: 5 },
  { label: 'by up to 25 people', value: 25 },
  { label: 'by anyone until it expires', value: null },
];

interface Props {
  relayUrl: string;
  workspaceId: string;
  workspaceName: string;
  invites: PendingInvite[];
  actions: AccessActions;
}

function usesText(maxUses: number | null, uses = 0): string {
  if (maxUses === null) return uses === 0 ? 'any number of people' : `any number of people (${uses} joined)`;
  if (maxUses === 1) return 'one person';
  return `up to ${maxUses} people${uses > 0 ? ` (${uses} joined)` : ''}`;
}

/** An owner's "Invite people": a link of its own per invite, for a role, a time and a number of people. */
export function InvitePeople({ relayUrl, workspaceId, workspaceName, invites, actions }: Props) {
  const [role, setRole] = useState<InviteRole>('editor');
  const [expiry, setExpiry] = useState(EXPIRIES[1]!.seconds);
  const [uses, setUses] = useState<number | null>(1);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ link: string; invite: PendingInvite } | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const trimmed = note.trim();
    const result = await actions.createInvite({ role, expiresInSeconds: expiry, maxUses: uses, ...(trimmed ? { note: trimmed } : {}) });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setCreated({ link: inviteLink({ relayUrl, workspaceId, token: '', code: result.value.code, workspaceName }), invite: result.value.invite });
    setNote('');
  };

  const withdraw = async (invite: PendingInvite) => {
    const result = await actions.withdrawInvite(invite.id);
    if (!result.ok) setError(result.message);
    else if (created?.invite.id === invite.id) setCreated(null);
  };

  return (
    <section className="share-section" aria-labelledby="invite-people-title">
      <h3 id="invite-people-title">Invite people</h3>
      <form className="invite-form" onSubmit={(event) => void create(event)} aria-busy={busy}>
        <label className="field">
          Role
          <select value={role} onChange={(event) => setRole(event.target.value as InviteRole)}>
            <option value="editor">Editor</option>
            <option value="viewer">Viewer</option>
          </select>
        </label>
        <label className="field">
          Link expires
          <select value={expiry} onChange={(event) => setExpiry(Number(event.target.value))}>
            {EXPIRIES.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Can be used
          <select value={uses === null ? 'any' : String(uses)} onChange={(event) => setUses(event.target.value === 'any' ? null : Number(event.target.value))}>
            {USES.map((option) => (
              <option key={option.label} value={option.value === null ? 'any' : String(option.value)}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field invite-note">
          Note (optional)
          <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={200} placeholder="e.g. for Mei, design review" />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Create invite link
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {created && (
        <InviteLink link={created.link}>
          {created.invite.maxUses === null ? 'Anyone with this link' : `This link lets ${usesText(created.invite.maxUses)}`} {created.invite.maxUses === null ? 'can join' : 'join'} as {withArticle(created.invite.role)} until{' '}
          {formatDay(created.invite.expiresAt)}. Each person gets access of their own, which you can take back here at any time.
        </InviteLink>
      )}
      {invites.length > 0 && (
        <>
          <h4 id="pending-invites-title">Pending invites</h4>
          <ul className="people" aria-labelledby="pending-invites-title">
            {invites.map((invite) => (
              <li key={invite.id} aria-label={`${roleName(invite.role)} invite${invite.note ? `: ${invite.note}` : ''}`}>
                <div className="person-text">
                  <span>
                    {roleName(invite.role)} invite{invite.note ? ` · ${invite.note}` : ''}
                  </span>
                  <span className="muted small">
                    For {usesText(invite.maxUses, invite.uses)} · expires {formatDay(invite.expiresAt)} · by {invite.createdByName}
                  </span>
                </div>
                <button type="button" onClick={() => void withdraw(invite)} aria-label={`Withdraw ${roleName(invite.role).toLowerCase()} invite${invite.note ? ` ${invite.note}` : ''}`}>
                  Withdraw
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
