/**
 * The wire-level half of relay authentication, shared by the relay and the app:
 * roles, the reasons the relay gives when it refuses a token, and the HTTP
 * endpoints the app calls with `Authorization: Bearer <token>`.
 * Only the relay can check a token; a client may read the role it claims
 * (`tokenRoleHint`) as a first guess until the relay answers.
 */
import { fromBase64UrlEncoded } from 'lib0/buffer';
import { decodeUtf8 } from 'lib0/string';

import type { MemberRole } from './members';
import { isMemberRole } from './members';

/**
 * The role a token carries. `relay token` issues editor and viewer tokens for a
 * whole workspace; a member's own token (members.ts) may also say owner, and
 * the relay goes by the member's current role, not the one the token was signed with.
 */
export type TokenRole = MemberRole;

export const TOKEN_ROLES: readonly TokenRole[] = ['owner', 'editor', 'viewer'];

export function isTokenRole(value: unknown): value is TokenRole {
  return isMemberRole(value);
}

/**
 * The role a relay token claims, unverified, or null if it is not one the app can
 * read (tokens are `base64url(JSON payload).signature`). A guess to act on before
 * the relay answers, never a permission: a viewer who joins offline starts read-only
 * instead of typing what no one would ever receive. The relay's answer prevails.
 */
export function tokenRoleHint(token: string): TokenRole | null {
  const body = token.split('.')[0] ?? '';
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(body)) return null;
  try {
    const role: unknown = (JSON.parse(decodeUtf8(fromBase64UrlEncoded(body))) as { role?: unknown } | null)?.role;
    return isTokenRole(role) ? role : null;
  } catch {
    return null;
  }
}

/**
 * Why a token was refused. `wrong-workspace` comes with HTTP 403, every other
 * reason with 401 (`removed`: an owner took this member's access back); both are final for that token, so clients must not retry
 * with it (see `isFatalClose` for the equivalent close codes).
 */
export type AuthRejectReason = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'revoked' | 'removed' | 'wrong-workspace';

export const AUTH_REJECT_REASONS: readonly AuthRejectReason[] = [
  'missing',
  'malformed',
  'bad-signature',
  'expired',
  'revoked',
  'removed',
  'wrong-workspace',
];

export function authRejectStatus(reason: AuthRejectReason): 401 | 403 {
  return reason === 'wrong-workspace' ? 403 : 401;
}

/** Body of every 401/403 answer, at the upgrade and on the endpoints below. */
export interface AuthErrorBody {
  error: string;
  reason: AuthRejectReason;
}

/** `GET` with `Authorization: Bearer <token>` → 200 `AuthStatus` or 401/403 `AuthErrorBody`. */
export const AUTH_STATUS_PATH = '/auth/status';

/**
 * `POST` with `Authorization: Bearer <token>` → 200 `RenewedToken`: a fresh token
 * with the same workspace, role, token id and lifetime, while the presented
 * one is still valid. Revoking the token id revokes every renewal too.
 */
export const AUTH_RENEW_PATH = '/auth/renew';

export interface AuthStatus {
  workspace: string;
  /** The member's current role (an owner may have changed it since the token was signed). */
  role: TokenRole;
  /** Epoch milliseconds. */
  expiresAt: number;
  tokenId: string;
  /** The member the token belongs to; absent for workspace tokens from `relay token`. */
  memberId?: string;
}

export interface RenewedToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export function bearerHeader(token: string): string {
  return `Bearer ${token}`;
}
