import { useState, type FormEvent } from 'react';
import { AUTH_STATUS_PATH, isRelayUrl, parseSetupLink, type JoinedWorkspace } from '../../../shared/protocol';
import { relayHttpUrl, setUpWorkspace, type RelayConfig } from '../../../shared/sync';

interface Props {
  workspaceId: string;
  workspaceName: string;
  ownerName: string;
  /** The relay already in use, when a workspace on a shared token moves to personal access. */
  initialUrl?: string;
  onConnected(relay: RelayConfig, joined: JoinedWorkspace | null): void;
}

type Probe = 'open' | 'checks-access' | 'unreachable';

/** Does the relay check access? A call without a token says so: 401 if it does, 404 if it has no access endpoints. */
async function probe(relayUrl: string): Promise<Probe> {
  try {
    const response = await window.fetch(relayHttpUrl({ url: relayUrl }, AUTH_STATUS_PATH));
    return response.status === 404 ? 'open' : 'checks-access';
  } catch {
    return 'unreachable';
  }
}

/**
 * Puts a local workspace on a relay. A relay that checks access printed a setup
 * link on its first start; pasting it (or its code) registers this workspace
 * there with this person as its owner. A token from `relay token` still works.
 */
export function ConnectRelay({ workspaceId, workspaceName, ownerName, initialUrl, onConnected }: Props) {
  const [url, setUrl] = useState(initialUrl ?? 'ws://127.0.0.1:4455');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A setup link pasted in either box fills both.
  const paste = (text: string, set: (value: string) => void) => {
    const link = parseSetupLink(text);
    if (!link) return set(text);
    setUrl(link.relayUrl);
    setSecret(link.code);
  };

  const connect = async (event: FormEvent) => {
    event.preventDefault();
    const relayUrl = url.trim();
    if (!isRelayUrl(relayUrl)) return setError('A relay address starts with ws:// or wss://, e.g. ws://127.0.0.1:4455.');
    const given = secret.trim();
    setError(null);
    setBusy(true);
    try {
      if (given.includes('.')) {
        // A workspace token from `relay token`: used as it is; the relay says what it allows.
        onConnected({ url: relayUrl, token: given }, null);
        return;
      }
      if (!given) {
        const found = await probe(relayUrl);
        if (found === 'checks-access') {
          setError('This relay checks access. Paste the setup link it printed when it first started, or ask an owner for an invite link.');
          return;
        }
        // Open, or out of reach for now: the workspace syncs once the relay answers.
        onConnected({ url: relayUrl }, null);
        return;
      }
      const result = await setUpWorkspace((input, init) => window.fetch(input, init), relayUrl, { code: given, workspace: workspaceId, workspaceName, name: ownerName });
      if (result.ok) onConnected({ url: relayUrl, token: result.value.token }, result.value);
      else if (result.kind === 'open') onConnected({ url: relayUrl }, null);
      else setError(result.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void connect(event)} className="stack" aria-busy={busy}>
      {!initialUrl && (
        <p className="muted">
          Teammates sync through a relay. Start one with <code>npm run relay</code>: it prints a setup link. Paste it here to put this workspace on it, with you as its owner.
        </p>
      )}
      <label className="field">
        Relay address
        <input value={url} onChange={(event) => paste(event.target.value, setUrl)} spellCheck={false} autoComplete="off" />
      </label>
      <label className="field">
        Setup link, setup code or access token
        <input
          value={secret}
          onChange={(event) => paste(event.target.value, setSecret)}
          placeholder="baton://setup?…"
          spellCheck={false}
          autoComplete="off"
          aria-describedby="setup-hint"
        />
      </label>
      <p id="setup-hint" className="muted small">
        Leave it empty for a relay that does not check access (started with <code>--no-auth</code>). A workspace token made on the relay&rsquo;s machine works too:{' '}
        <code className="command">npm run relay -- token --data DIR --workspace {workspaceId} --role editor</code>, with the relay&rsquo;s data folder for DIR.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect to relay'}
        </button>
      </div>
    </form>
  );
}
