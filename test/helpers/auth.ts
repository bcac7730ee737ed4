/** Tokens and refused upgrades, for tests of a relay that requires signed tokens. */
import WebSocket from 'ws';
import type { TokenRole } from '../../shared/protocol';
import { loadSecret } from '../../relay/auth/secret';
import type { TokenPayload } from '../../relay/auth/token';
import { issueToken } from '../../relay/auth/token';
import { withTimeout } from './wait';

export interface MintOptions {
  role?: TokenRole;
  ttlSeconds?: number;
  /** Epoch ms the token is issued at (a past time makes an expired token). */
  now?: number;
}

/**
 * A token a relay on `dataDir` (started with `auth: 'data-dir'`, or the CLI)
 * accepts: signed with BATON_SECRET or `<dataDir>/secret.key`, like `relay token`.
 */
export function mintToken(dataDir: string, workspace: string, options: MintOptions = {}): { token: string; payload: TokenPayload } {
  return issueToken(loadSecret(dataDir), { workspace, role: options.role ?? 'editor', ttlSeconds: options.ttlSeconds, now: options.now });
}

export interface UpgradeRefusal {
  /** 101 if the upgrade was accepted. */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body of a refusal; null for 101. */
  body: unknown;
}

/** Attempts an upgrade and reports the HTTP answer, body included. */
export function upgradeResponse(serverUrl: string, path: string, headers: Record<string, string> = {}): Promise<UpgradeRefusal> {
  const ws = new WebSocket(`${serverUrl}/${path}`, { headers });
  return withTimeout(
    new Promise<UpgradeRefusal>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : null });
          ws.terminate();
        });
      });
      ws.once('open', () => {
        resolve({ status: 101, headers: {}, body: null });
        ws.close();
      });
      ws.once('error', (error) => reject(error));
    }),
    5000,
    `upgrade on /${path}`,
  );
}
