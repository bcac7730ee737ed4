/**
 * Signed access tokens: `base64url(JSON payload).base64url(HMAC-SHA256)`.
 * Compact enough for a query parameter and an invite link, checkable without
 * a database (the revocation list aside), and opaque to clients.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthRejectReason, TokenRole } from '../../shared/protocol';
import { isTokenRole, isValidId } from '../../shared/protocol';

export const TOKEN_VERSION = 1;

export interface TokenPayload {
  v: typeof TOKEN_VERSION;
  /** Workspace id the token opens. */
  ws: string;
  role: TokenRole;
  /** Issued at, epoch seconds; `exp - iat` is the lifetime a renewal keeps. */
  iat: number;
  /** Expiry, epoch seconds. */
  exp: number;
  /** Token id, what `relay revoke` takes; renewals keep it. */
  jti: string;
  /** The member the token belongs to ([R33]); absent in workspace tokens from `relay token`. */
  mid?: string;
}

export type VerifyResult = { ok: true; payload: TokenPayload } | { ok: false; reason: Exclude<AuthRejectReason, 'wrong-workspace' | 'revoked'> };

export const DEFAULT_TTL_SECONDS = 7 * 24 * 3600;
const TOKEN_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
const SEGMENT_PATTERN = /^[A-Za-z0-9_-]+$/;
const SIGNATURE_BYTES = 32;

export function newTokenId(): string {
  // Never a leading '-': `relay revoke <id>` would read it as an option (one id in 64 did).
  const id = randomBytes(12).toString('base64url');
  return id.startsWith('-') ? `_${id.slice(1)}` : id;
}

export function isTokenId(value: string): boolean {
  return TOKEN_ID_PATTERN.test(value);
}

export interface IssueOptions {
  workspace: string;
  role: TokenRole;
  ttlSeconds?: number;
  /** Keep an existing token id (renewal); a fresh one otherwise. */
  tokenId?: string;
  /** The member the token is for ([R33]). */
  memberId?: string;
  /** Epoch ms; for tests. */
  now?: number;
}

export function issueToken(secret: Uint8Array, options: IssueOptions): { token: string; payload: TokenPayload } {
  if (!isValidId(options.workspace)) throw new RangeError(`invalid workspace id: ${options.workspace}`);
  const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new RangeError(`invalid ttl: ${ttl}`);
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const payload: TokenPayload = {
    v: TOKEN_VERSION,
    ws: options.workspace,
    role: options.role,
    iat,
    exp: iat + ttl,
    jti: options.tokenId ?? newTokenId(),
  };
  if (options.memberId !== undefined) {
    if (!isTokenId(options.memberId)) throw new RangeError(`invalid member id: ${options.memberId}`);
    payload.mid = options.memberId;
  }
  return { token: signPayload(secret, payload), payload };
}

export function signPayload(secret: Uint8Array, payload: TokenPayload): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

/**
 * Checks format, signature (in constant time) and expiry. Revocation and the
 * workspace are the caller's business: they need the relay's state and the room.
 */
export function verifyToken(secret: Uint8Array, token: string | null | undefined, now = Date.now()): VerifyResult {
  if (token === null || token === undefined || token === '') return { ok: false, reason: 'missing' };
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const [body, signature] = parts as [string, string];
  if (!SEGMENT_PATTERN.test(body) || !SEGMENT_PATTERN.test(signature)) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  // Only the canonical encoding: one token, one spelling (Buffer ignores stray trailing bits).
  if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== signature) return { ok: false, reason: 'malformed' };
  // The signature covers the payload's text as sent, so it is checked before
  // anything in the payload is believed.
  if (!timingSafeEqual(given, sign(secret, body))) return { ok: false, reason: 'bad-signature' };
  const payload = parsePayload(body);
  if (!payload) return { ok: false, reason: 'malformed' };
  if (payload.exp * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}

function sign(secret: Uint8Array, body: string): Buffer {
  return createHmac('sha256', secret).update(body, 'utf8').digest();
}

function parsePayload(body: string): TokenPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const p = value as Record<string, unknown>;
  const valid =
    p.v === TOKEN_VERSION &&
    typeof p.ws === 'string' &&
    isValidId(p.ws) &&
    isTokenRole(p.role) &&
    Number.isSafeInteger(p.iat) &&
    Number.isSafeInteger(p.exp) &&
    (p.exp as number) > (p.iat as number) &&
    typeof p.jti === 'string' &&
    isTokenId(p.jti) &&
    (p.mid === undefined || (typeof p.mid === 'string' && isTokenId(p.mid)));
  if (!valid) return null;
  const payload: TokenPayload = { v: TOKEN_VERSION, ws: p.ws as string, role: p.role as TokenRole, iat: p.iat as number, exp: p.exp as number, jti: p.jti as string };
  if (p.mid !== undefined) payload.mid = p.mid as string;
  return payload;
}

/**
 * The same token id, workspace, member, role and lifetime, counted from `now`.
 * A member's token is given the member's current role by the caller ([R33]).
 */
export function renewToken(secret: Uint8Array, payload: TokenPayload, now = Date.now()): { token: string; payload: TokenPayload } {
  return issueToken(secret, { workspace: payload.ws, role: payload.role, ttlSeconds: payload.exp - payload.iat, tokenId: payload.jti, memberId: payload.mid, now });
}

const TTL_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
/** Ten years: anything longer is a typo, not a policy. */
const MAX_TTL_SECONDS = 3650 * 86_400;

/** `30s`, `15m`, `12h`, `7d` → seconds; throws a RangeError that says what is accepted. */
export function parseTtl(text: string): number {
  const match = /^(\d{1,9})([smhd])$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * TTL_UNITS[match[2]!]! : NaN;
  if (!(seconds > 0) || seconds > MAX_TTL_SECONDS) {
    throw new RangeError(`invalid ttl "${text}": expected a positive number with a unit s, m, h or d (e.g. 30s, 15m, 12h, 7d), at most 3650d`);
  }
  return seconds;
}
