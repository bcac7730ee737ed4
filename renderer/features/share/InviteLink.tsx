import { useState } from 'react';
import { formatDeepLinkInvite, formatWebInvite, type Invite } from '../../../shared/protocol';

/** The link in the form this build opens: a deep link in the desktop app, a #join link in the browser. */
export function inviteLink(invite: Invite): string {
  return window.baton ? formatDeepLinkInvite(invite) : formatWebInvite(invite, location.href);
}

/** A link to hand over, selectable and copyable, with what it allows said underneath. */
export function InviteLink({ link, children }: { link: string; children: React.ReactNode }) {
  const [copied, setCopied] = useState<'yes' | 'blocked' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      setCopied('blocked');
    }
  };
  return (
    <div className="stack invite-link">
      <label className="field">
        Invite link
        <input readOnly value={link} onFocus={(event) => event.currentTarget.select()} spellCheck={false} />
      </label>
      <div className="row">
        <button type="button" onClick={() => void copy()}>
          {copied === 'yes' ? 'Copied' : 'Copy invite link'}
        </button>
        <span className="muted small" role="status">
          {copied === 'blocked' ? 'Copying was blocked; select the link and copy it by hand.' : ''}
        </span>
      </div>
      <p className="muted small">{children}</p>
    </div>
  );
}
