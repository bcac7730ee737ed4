/**
 * The wire-level half of relay authentication, shared by the relay and the app:
 * roles, the reasons the relay gives when it refuses a token, and the HTTP
 * endpoints the app calls with `Authorization: Bearer <token>`.
 * The token itself is opaque to clients: only the relay can check it.
 */

export type TokenRole = 'editor' | 'viewer';

export const TOKEN_ROLES: readonly TokenRole[] = ['editor', 'viewer'];

export function isTokenRole(value: unknown): value is TokenRole {
  return value === 'editor' || value === 'viewer';
}

/**
 * Why a token was refused. `wrong-workspace` comes with HTTP 403, every other
 * reason with 401; both are final for that token, so clients must not retry
 * with it (see `isFatalClose` for the equivalent close codes).
 */
export type AuthRejectReason = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'revoked' | 'wrong-workspace';

export const AUTH_REJECT_REASONS: readonly AuthRejectReason[] = [
  'missing',
  'malformed',
  'bad-signature',
  'expired',
  'revoked',
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
  role: TokenRole;
  /** Epoch milliseconds. */
  expiresAt: number;
  tokenId: string;
}

export interface RenewedToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export function bearerHeader(token: string): string {
  return `Bearer ${token}`;
}
