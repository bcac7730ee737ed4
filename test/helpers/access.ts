/** Calling a relay's access endpoints (shared/protocol/members.ts) as the app does. */
import type { CreatedInvite, InviteRole, JoinedWorkspace } from '../../shared/protocol';
import { ACCEPT_INVITE_PATH, INVITES_PATH, SETUP_PATH, bearerHeader } from '../../shared/protocol';
import { setupCode } from '../../relay/access/setup';

export interface AccessAnswer<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body (204). */
  body: T;
}

/** `http://H:P` of a relay's `ws://H:P`. */
export function httpBase(wsUrl: string): string {
  return wsUrl.replace(/^ws/, 'http');
}

export async function accessCall<T = unknown>(
  wsUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<AccessAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = bearerHeader(options.token);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(httpBase(wsUrl) + path, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** Registers `workspace` with the relay's setup code; the caller becomes its first owner. */
export async function setupWorkspace(wsUrl: string, secret: Uint8Array, workspace: string, name = 'Ana'): Promise<JoinedWorkspace> {
  const answer = await accessCall<JoinedWorkspace>(wsUrl, 'POST', SETUP_PATH, { body: { code: setupCode(secret), workspace, workspaceName: 'Team', name } });
  if (answer.status !== 201) throw new Error(`setup answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function createInvite(
  wsUrl: string,
  ownerToken: string,
  role: InviteRole = 'editor',
  options: { expiresInSeconds?: number; maxUses?: number | null; note?: string } = {},
): Promise<CreatedInvite> {
  const body = { role, expiresInSeconds: options.expiresInSeconds ?? 3600, maxUses: options.maxUses === undefined ? 1 : options.maxUses, ...(options.note ? { note: options.note } : {}) };
  const answer = await accessCall<CreatedInvite>(wsUrl, 'POST', INVITES_PATH, { token: ownerToken, body });
  if (answer.status !== 201) throw new Error(`invite answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function acceptInvite(wsUrl: string, code: string, name: string): Promise<JoinedWorkspace> {
  const answer = await accessCall<JoinedWorkspace>(wsUrl, 'POST', ACCEPT_INVITE_PATH, { body: { code, name } });
  if (answer.status !== 200) throw new Error(`accept answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Sets up `workspace` and adds one member per entry of `roles`, each through an invite of their own. */
export async function workspaceWithMembers(
  wsUrl: string,
  secret: Uint8Array,
  workspace: string,
  roles: InviteRole[],
): Promise<{ owner: JoinedWorkspace; members: JoinedWorkspace[] }> {
  const owner = await setupWorkspace(wsUrl, secret, workspace);
  const members: JoinedWorkspace[] = [];
  for (const [i, role] of roles.entries()) {
    const invite = await createInvite(wsUrl, owner.token, role);
    members.push(await acceptInvite(wsUrl, invite.code, `Member ${i + 1}`));
  }
  return { owner, members };
}
