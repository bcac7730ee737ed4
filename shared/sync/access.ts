import {
  AUTH_RENEW_PATH,
  AUTH_STATUS_PATH,
  bearerHeader,
  type AuthRejectReason,
  type AuthStatus,
  type RenewedToken,
  type TokenRole,
} from '../protocol/auth';
import type { RelayConfig, SyncErrorReason } from './types';

/** The part of `fetch` Baton uses, so browsers and Node pass their own. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; json(): Promise<unknown> }>;

export type AccessCheck =
  | { kind: 'valid'; expiresAt: number; role: TokenRole; memberId?: string }
  /** The relay does not check tokens (a local relay started without auth). */
  | { kind: 'open' }
  | { kind: 'refused'; reason: SyncErrorReason }
  /** The relay could not be asked (offline, down): nothing to conclude. */
  | { kind: 'unreachable' };

export type RenewResult = { kind: 'renewed'; token: string; expiresAt: number } | Exclude<AccessCheck, { kind: 'valid' }>;

/** The relay's HTTP base for its websocket URL (ws → http, wss → https). */
export function relayHttpUrl(relay: RelayConfig, path: string, workspaceId?: string): string {
  const base = relay.url.replace(/^ws/i, 'http').replace(/\/+$/, '');
  return `${base}${path}${workspaceId ? `?workspace=${encodeURIComponent(workspaceId)}` : ''}`;
}

export function syncErrorFor(reason: AuthRejectReason): SyncErrorReason {
  switch (reason) {
    case 'expired':
      return 'expired';
    case 'revoked':
      return 'revoked';
    case 'removed':
      return 'removed';
    case 'wrong-workspace':
      return 'forbidden';
    default:
      return 'unauthorized';
  }
}

async function call(fetchFn: FetchLike, method: 'GET' | 'POST', relay: RelayConfig, path: string, workspaceId: string) {
  if (!relay.token) return null;
  try {
    const response = await fetchFn(relayHttpUrl(relay, path, workspaceId), { method, headers: { authorization: bearerHeader(relay.token) } });
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    return { status: response.status, body };
  } catch {
    return undefined;
  }
}

function refusal(status: number, body: Record<string, unknown> | null): AccessCheck {
  if (status === 404) return { kind: 'open' };
  if (status === 401 || status === 403) {
    const reason = body?.reason;
    return { kind: 'refused', reason: typeof reason === 'string' ? syncErrorFor(reason as AuthRejectReason) : status === 403 ? 'forbidden' : 'unauthorized' };
  }
  return { kind: 'unreachable' };
}

/** Asks the relay whether this device's token is still good for the workspace. */
export async function checkAccess(fetchFn: FetchLike, relay: RelayConfig, workspaceId: string): Promise<AccessCheck> {
  const result = await call(fetchFn, 'GET', relay, AUTH_STATUS_PATH, workspaceId);
  if (result === null) return { kind: 'open' };
  if (!result) return { kind: 'unreachable' };
  if (result.status === 200 && typeof (result.body as Partial<AuthStatus> | null)?.expiresAt === 'number') {
    const status = result.body as unknown as AuthStatus;
    const role: TokenRole = status.role === 'owner' || status.role === 'viewer' ? status.role : 'editor';
    return { kind: 'valid', expiresAt: status.expiresAt, role, ...(typeof status.memberId === 'string' ? { memberId: status.memberId } : {}) };
  }
  return refusal(result.status, result.body);
}

/** Trades a still-valid token for a fresh one with the same rights. */
export async function renewAccess(fetchFn: FetchLike, relay: RelayConfig, workspaceId: string): Promise<RenewResult> {
  const result = await call(fetchFn, 'POST', relay, AUTH_RENEW_PATH, workspaceId);
  if (result === null) return { kind: 'open' };
  if (!result) return { kind: 'unreachable' };
  const body = result.body as Partial<RenewedToken> | null;
  if (result.status === 200 && typeof body?.token === 'string' && typeof body.expiresAt === 'number') {
    return { kind: 'renewed', token: body.token, expiresAt: body.expiresAt };
  }
  return refusal(result.status, result.body) as RenewResult;
}

/**
 * When to renew: two thirds of the way through what is left, so a token is
 * renewed well before it lapses even on a device that sleeps a lot, but never
 * in a busy loop.
 */
export function renewalDelay(expiresAt: number, now: number): number {
  const left = expiresAt - now;
  return Math.max(5_000, Math.min(Math.floor(left * (2 / 3)), 6 * 60 * 60 * 1000));
}
