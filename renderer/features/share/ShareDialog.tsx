import { useState, type FormEvent } from 'react';
import { getMeta } from '../../../shared/model';
import { formatDeepLinkInvite, formatWebInvite, isRelayUrl, parseInvite, type Invite } from '../../../shared/protocol';
import type { RelayConfig } from '../../../shared/sync';
import { useWorkspace } from '../../shared/workspace';
import { Dialog } from '../dialog';

interface Props {
  onRelay(relay: RelayConfig | null): void;
  onJoin(invite: Invite): void;
  onClose(): void;
}

/** Connects the workspace to a relay and produces the one link a teammate needs. */
export function ShareDialog({ onRelay, onJoin, onClose }: Props) {
  const { sync, ref } = useWorkspace();
  const workspaceName = ref.name;
  const current = sync.relayConfig;
  const [url, setUrl] = useState(current?.url ?? 'ws://127.0.0.1:4455');
  const [token, setToken] = useState(current?.token ?? '');
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [joinText, setJoinText] = useState('');

  const join = (event: FormEvent) => {
    event.preventDefault();
    try {
      onJoin(parseInvite(joinText));
      onClose();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  const connect = (event: FormEvent) => {
    event.preventDefault();
    if (!isRelayUrl(url)) return setError('A relay address starts with ws:// or wss://, e.g. ws://127.0.0.1:4455.');
    setError(null);
    onRelay({ url: url.trim(), ...(token.trim() ? { token: token.trim() } : {}) });
  };

  const invite = current
    ? (() => {
        const data = { relayUrl: current.url, workspaceId: sync.workspaceId, token: current.token ?? '', workspaceName: getMeta(sync.index)?.name ?? workspaceName };
        return window.baton ? formatDeepLinkInvite(data) : formatWebInvite(data, location.href);
      })()
    : null;

  const copy = async () => {
    if (!invite) return;
    try {
      await navigator.clipboard.writeText(invite);
      setCopied(true);
    } catch {
      setError('Copying was blocked; select the link and copy it by hand.');
    }
  };

  return (
    <Dialog title="Share workspace" onClose={onClose}>
      <form onSubmit={connect} className="stack">
        <p className="muted">Teammates sync through a relay. Run one with <code>npm run relay</code>, then connect this workspace to it.</p>
        <label className="field">
          Relay address
          <input value={url} onChange={(event) => setUrl(event.target.value)} spellCheck={false} />
        </label>
        <p className="muted small">
          A relay that checks access needs a token for this workspace. On the relay&rsquo;s machine run{' '}
          <code className="command">npm run relay -- token --workspace {sync.workspaceId} --role editor</code> and paste what it prints.
        </p>
        <label className="field">
          Access token
          <input value={token} onChange={(event) => setToken(event.target.value)} spellCheck={false} />
        </label>
        <div className="row">
          <button type="submit" className="primary">
            {current ? 'Update relay' : 'Connect to relay'}
          </button>
          {current && (
            <button type="button" onClick={() => onRelay(null)}>
              Stop syncing
            </button>
          )}
        </div>
      </form>
      {invite && (
        <div className="stack">
          <label className="field">
            Invite link
            <input readOnly value={invite} onFocus={(event) => event.currentTarget.select()} spellCheck={false} />
          </label>
          <button type="button" onClick={copy}>
            {copied ? 'Copied' : 'Copy invite link'}
          </button>
          <p className="muted">Anyone with this link can join and edit. It works offline-first: they get everything on their next connection.</p>
        </div>
      )}
      <form onSubmit={join} className="stack join-form">
        <label className="field">
          Join a workspace with an invite link
          <input value={joinText} onChange={(event) => setJoinText(event.target.value)} placeholder="baton://join?… or a #join? link" spellCheck={false} />
        </label>
        <button type="submit">Join workspace</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </Dialog>
  );
}
