import { useState, type FormEvent } from 'react';
import { parseInvite } from '../../../shared/protocol';
import type { WorkspaceRef } from '../../shared/device';
import { joinInvite } from '../../shared/joinInvite';

/** Joins another workspace (or this one again) with a pasted invite link. */
export function JoinForm({ name, onJoined }: { name: string; onJoined(ref: WorkspaceRef): void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const join = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onJoined(await joinInvite(parseInvite(text), name));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void join(event)} className="stack join-form" aria-busy={busy}>
      <label className="field">
        Join a workspace with an invite link
        <input value={text} onChange={(event) => setText(event.target.value)} placeholder="baton://join?… or a #join? link" spellCheck={false} autoComplete="off" />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={busy}>
          Join workspace
        </button>
      </div>
    </form>
  );
}
