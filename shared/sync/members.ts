/**
 * The app's side of personal access (shared/protocol/members.ts): setting a
 * workspace up on a relay, redeeming an invite, and an owner's calls to invite,
 * list and remove people. Every call answers a typed result, never throws: the
 * UI says what went wrong in words, and "could not reach the relay" is kept
 * apart from "the relay said no".
 */
import {
  ACCEPT_INVITE_PATH,
  INVITES_PATH,
  MEMBERS_PATH,
  SETUP_PATH,
  bearerHeader,
  invitePath,
  memberPath,
  type AccessApiErrorReason,
  type CreateInviteRequest,
  type CreatedInvite,
  type JoinedWorkspace,
  type MemberInfo,
  type MemberRole,
  type PendingInvite,
} from '../protocol';
import { relayHttpUrl, type FetchLike } from './access';
import type { RelayConfig } from './types';

export type AccessCallError =
  | { kind: 'refused'; reason: AccessApiErrorReason | 'unknown'; status: number; message: string }
  /** The relay could not be reached (offline, wrong address, down). */
  | { kind: 'unreachable'; message: string }
  /** The relay answered but has no such endpoint: it does not check access (`--no-auth`) or is not a Baton relay. */
  | { kind: 'open'; message: string };

export type AccessCallResult<T> = { ok: true; value: T } | ({ ok: false } & AccessCallError);

interface CallOptions {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  token?: string;
  body?: unknown;
}

const UNREACHABLE = 'Could not reach the relay. Check the address and that you are online, then try again.';

/** Words for each refusal, for people rather than programs. */
const MESSAGES: Partial<Record<AccessApiErrorReason, string>> = {
  'bad-setup-code': 'That setup code is not this relay’s. Copy the setup link the relay printed when it first started.',
  'already-registered': 'This workspace is already on that relay. Ask one of its owners for an invite link.',
  'not-found': 'That invite link is not known to the relay. Ask for a new one.',
  'invite-expired': 'This invite link has expired. Ask for a new one.',
  'invite-used-up': 'This invite link has already been used. Ask for a new one.',
  'invite-withdrawn': 'This invite link was withdrawn. Ask for a new one.',
  'not-allowed': 'Only owners of this workspace can do that.',
  'last-owner': 'A workspace needs at least one owner. Make someone else an owner first.',
  'rate-limited': 'Too many attempts in a short time. Wait a minute and try again.',
  unavailable: 'The relay cannot reach its storage right now. Try again in a minute.',
  expired: 'Your access to this workspace has expired.',
  revoked: 'Your access to this workspace was revoked.',
  removed: 'An owner removed your access to this workspace.',
  'wrong-workspace': 'Your access is for another workspace.',
};

async function call<T>(fetchFn: FetchLike, relayUrl: string, path: string, options: CallOptions): Promise<AccessCallResult<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = bearerHeader(options.token);
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchFn(relayHttpUrl({ url: relayUrl }, path), {
      method: options.method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch {
    return { ok: false, kind: 'unreachable', message: UNREACHABLE };
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.status >= 200 && response.status < 300) return { ok: true, value: body as T };
  if (response.status === 404 && typeof body?.reason !== 'string') {
    return { ok: false, kind: 'open', message: 'This relay does not manage access: anyone who knows its address can sync.' };
  }
  const reason = typeof body?.reason === 'string' ? (body.reason as AccessApiErrorReason) : 'unknown';
  const fallback = typeof body?.error === 'string' ? `The relay refused: ${body.error}.` : `The relay answered ${response.status}.`;
  return { ok: false, kind: 'refused', reason, status: response.status, message: MESSAGES[reason as AccessApiErrorReason] ?? fallback };
}

/** Registers the workspace on a relay with its setup code; the caller becomes its first owner. */
export function setUpWorkspace(
  fetchFn: FetchLike,
  relayUrl: string,
  request: { code: string; workspace: string; workspaceName?: string; name: string },
): Promise<AccessCallResult<JoinedWorkspace>> {
  return call(fetchFn, relayUrl, SETUP_PATH, { method: 'POST', body: request });
}

/** Trades an invite code for this device's own token. */
export function acceptInvite(fetchFn: FetchLike, relayUrl: string, code: string, name: string): Promise<AccessCallResult<JoinedWorkspace>> {
  return call(fetchFn, relayUrl, ACCEPT_INVITE_PATH, { method: 'POST', body: { code, name } });
}

/** An owner's calls, with the token of the workspace's relay config. */
export class AccessClient {
  constructor(
    private readonly fetchFn: FetchLike,
    private readonly relay: RelayConfig,
  ) {}

  private call<T>(path: string, options: Omit<CallOptions, 'token'>): Promise<AccessCallResult<T>> {
    return call<T>(this.fetchFn, this.relay.url, path, { ...options, token: this.relay.token });
  }

  async members(): Promise<AccessCallResult<MemberInfo[]>> {
    const result = await this.call<{ members?: MemberInfo[] }>(MEMBERS_PATH, { method: 'GET' });
    return result.ok ? { ok: true, value: Array.isArray(result.value?.members) ? result.value.members : [] } : result;
  }

  async invites(): Promise<AccessCallResult<PendingInvite[]>> {
    const result = await this.call<{ invites?: PendingInvite[] }>(INVITES_PATH, { method: 'GET' });
    return result.ok ? { ok: true, value: Array.isArray(result.value?.invites) ? result.value.invites : [] } : result;
  }

  createInvite(request: CreateInviteRequest): Promise<AccessCallResult<CreatedInvite>> {
    return this.call(INVITES_PATH, { method: 'POST', body: request });
  }

  withdrawInvite(inviteId: string): Promise<AccessCallResult<unknown>> {
    return this.call(invitePath(inviteId), { method: 'DELETE' });
  }

  changeRole(memberId: string, role: MemberRole): Promise<AccessCallResult<MemberInfo>> {
    return this.call(memberPath(memberId), { method: 'PATCH', body: { role } });
  }

  removeMember(memberId: string): Promise<AccessCallResult<unknown>> {
    return this.call(memberPath(memberId), { method: 'DELETE' });
  }
}
