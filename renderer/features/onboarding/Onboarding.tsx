import { useRef, useState, type FormEvent } from 'react';
import { newId } from '../../../shared/model';
import { parseInvite, type Invite } from '../../../shared/protocol';
import { draftProfile, upsertWorkspace, type DeviceChange, type Profile } from '../../shared/device';
import { joinInvite } from '../../shared/joinInvite';
import { ProfileFields } from '../profile';

interface Props {
  profile: Profile | null;
  invite: Invite | null;
  onDone(change: DeviceChange): void;
}

/** First run: who you are, then a new workspace or the one you were invited to. */
export function Onboarding({ profile, invite, onDone }: Props) {
  const [draft, setDraft] = useState<Profile>(() => profile ?? draftProfile());
  const [mode, setMode] = useState<'create' | 'join'>(invite ? 'join' : 'create');
  const [workspaceName, setWorkspaceName] = useState('My workspace');
  const [inviteText, setInviteText] = useState(invite ? location.href : '');
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  // The screen stays up until the new workspace is saved: a second press must not make a second one.
  const submitted = useRef(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitted.current) return;
    const name = draft.name.trim();
    if (!name) return setError('Please tell your teammates your name.');
    const me = { ...draft, name };
    if (mode === 'create') {
      submitted.current = true;
      const id = newId();
      const title = workspaceName.trim() || 'My workspace';
      onDone((state) => upsertWorkspace({ ...state, profile: me }, { id, name: title, relay: null }));
      return;
    }
    submitted.current = true;
    setJoining(true);
    setError(null);
    try {
      const ref = await joinInvite(invite ?? parseInvite(inviteText), name);
      onDone((state) => upsertWorkspace({ ...state, profile: me }, ref));
      history.replaceState(null, '', location.pathname + location.search);
    } catch (failure) {
      // Nothing was saved: the person may fix the link or try again.
      submitted.current = false;
      setJoining(false);
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <main className="onboarding">
      <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="welcome-title" aria-busy={joining}>
        <h1 id="welcome-title">Welcome to Baton</h1>
        <p className="muted">
          Your work lives on this device and syncs with your team whenever you are online — whatever their timezone.
        </p>
        <ProfileFields profile={draft} onChange={setDraft} autoFocus />
        <fieldset className="choice">
          <legend>Workspace</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'create'} onChange={() => setMode('create')} /> Create a new workspace
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'join'} onChange={() => setMode('join')} /> Join with an invite link
          </label>
        </fieldset>
        {mode === 'create' ? (
          <label className="field">
            Workspace name
            <input value={workspaceName} onChange={(event) => setWorkspaceName(event.target.value)} />
          </label>
        ) : invite ? (
          <p>
            You are joining <strong>{invite.workspaceName ?? 'a shared workspace'}</strong> via {invite.relayUrl}.
          </p>
        ) : (
          <label className="field">
            Invite link
            <input value={inviteText} onChange={(event) => setInviteText(event.target.value)} placeholder="baton://join?…" />
          </label>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={joining}>
          {mode === 'create' ? 'Create workspace' : 'Join workspace'}
        </button>
        {joining && (
          <p className="muted small" role="status">
            Joining through the relay…
          </p>
        )}
      </form>
    </main>
  );
}
