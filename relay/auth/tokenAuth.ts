/**
 * Signed-token access control for a running relay: the upgrade check ([R15]),
 * the periodic re-check of open connections ([R16]) and the counters both feed.
 */
import type { IncomingMessage } from 'node:http';
import type { AuthRejectReason, TokenRole } from '../../shared/protocol';
import { CloseCode, TOKEN_PARAM, TOKEN_SUBPROTOCOL_PREFIX, authRejectStatus } from '../../shared/protocol';
import type { Logger } from '../log';
import type { AuthDecision, AuthGrant, Authorize } from './hook';
import type { RevocationCheck } from './revocations';
import type { TokenPayload } from './token';
import { verifyToken } from './token';

export const DEFAULT_AUTH_CHECK_INTERVAL_MS = 10_000;

/** Something that can be closed with a code: a connection's peer. */
export interface Closable {
  close(code: number, reason: string): void;
}

/**
 * Members' current roles and removals ([R33], [R34]), consulted synchronously:
 * a member token is refused once its member is removed and goes by the role
 * an owner last gave, not the one it was signed with. A member not known here
 * (yet) is trusted with the signed role.
 */
export interface MemberCheck {
  current(workspace: string, memberId: string): { role: TokenRole; removed: boolean } | undefined;
  onChange(listener: () => void): void;
}

export interface TokenAuthOptions {
  secret: Uint8Array;
  revocations: RevocationCheck;
  members?: MemberCheck;
  logger: Logger;
  /** How often open connections are re-checked for expiry and revocation (default 10 s). */
  checkIntervalMs?: number;
  /** Epoch ms; for tests. */
  now?: () => number;
}

export interface AuthCounters {
  /** Upgrades and endpoint calls refused, by reason. */
  rejected: Record<AuthRejectReason, number>;
  /** Open connections closed with 4401 because their token expired or was revoked, or their member removed. */
  closedAfterUpgrade: number;
  /** Open connections closed with 4205 because an owner changed their member's role ([R33]). */
  closedForRoleChange: number;
  /** Messages from viewers that were dropped ([R17]). */
  viewerMessagesDropped: number;
}

export type TokenCheck = { ok: true; payload: TokenPayload } | { ok: false; reason: AuthRejectReason };

export interface TokenAuth {
  readonly secret: Uint8Array;
  readonly counters: AuthCounters;
  authorize: Authorize;
  /** Verifies signature, expiry, revocation, removal and, if given, the workspace; the payload's role is the member's current one. */
  check(token: string | null | undefined, workspace?: string): TokenCheck;
  /** Counts a refusal and logs one line for it. */
  refused(reason: AuthRejectReason, fields: Record<string, unknown>): void;
  /** Closes `peer` with 4401 once the grant expires or its token id is revoked; returns the unwatch function. */
  watch(peer: Closable, grant: AuthGrant): () => void;
  /** Stops the checks and closes the revocation list. */
  close(): Promise<void>;
}

const MESSAGES: Record<AuthRejectReason, string> = {
  missing: 'access token required',
  malformed: 'access token malformed',
  'bad-signature': 'access token signature invalid',
  expired: 'access token expired',
  revoked: 'access token revoked',
  removed: 'an owner of this workspace removed your access',
  'wrong-workspace': 'access token is for another workspace',
};

export function authErrorMessage(reason: AuthRejectReason): string {
  return MESSAGES[reason];
}

/**
 * The token from `?token=` (what y-websocket clients send), the websocket
 * subprotocol list (`baton.token.<token>`, what Baton sends: never in a URL
 * a browser or proxy prints, [R35]) or an `Authorization: Bearer` header.
 */
export function tokenFromRequest(request: IncomingMessage, params?: URLSearchParams): string | null {
  const fromQuery = params?.get(TOKEN_PARAM);
  if (fromQuery) return fromQuery;
  return subprotocolToken(request) ?? bearerToken(request);
}

export function subprotocolToken(request: IncomingMessage): string | null {
  const header = request.headers['sec-websocket-protocol'];
  if (!header) return null;
  for (const protocol of header.split(',')) {
    const trimmed = protocol.trim();
    if (trimmed.startsWith(TOKEN_SUBPROTOCOL_PREFIX)) return trimmed.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
  }
  return null;
}

export function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // A header that is there but not a bearer token is a malformed token, not a missing one.
  return match ? match[1]! : header;
}

export function createTokenAuth(options: TokenAuthOptions): TokenAuth {
  const { secret, revocations, logger, members } = options;
  const now = options.now ?? Date.now;
  const counters: AuthCounters = {
    rejected: { missing: 0, malformed: 0, 'bad-signature': 0, expired: 0, revoked: 0, removed: 0, 'wrong-workspace': 0 },
    closedAfterUpgrade: 0,
    closedForRoleChange: 0,
    viewerMessagesDropped: 0,
  };
  const watched = new Map<Closable, AuthGrant>();

  const check = (token: string | null | undefined, workspace?: string): TokenCheck => {
    const verified = verifyToken(secret, token, now());
    if (!verified.ok) return verified;
    if (revocations.isRevoked(verified.payload.jti)) return { ok: false, reason: 'revoked' };
    if (workspace !== undefined && verified.payload.ws !== workspace) return { ok: false, reason: 'wrong-workspace' };
    const { mid, ws } = verified.payload;
    const member = mid === undefined ? undefined : members?.current(ws, mid);
    if (member?.removed) return { ok: false, reason: 'removed' };
    if (member && member.role !== verified.payload.role) return { ok: true, payload: { ...verified.payload, role: member.role } };
    return verified;
  };

  const refused = (reason: AuthRejectReason, fields: Record<string, unknown>) => {
    counters.rejected[reason] += 1;
    logger.warn('access refused', { reason, status: authRejectStatus(reason), ...fields });
  };

  const authorize: Authorize = (request, room): AuthDecision => {
    const result = check(tokenFromRequest(request, room.params), room.workspaceId);
    if (!result.ok) {
      refused(result.reason, { room: room.name, remote: request.socket.remoteAddress });
      return { ok: false, status: authRejectStatus(result.reason), reason: result.reason, error: authErrorMessage(result.reason) };
    }
    const { ws, role, jti, exp, mid } = result.payload;
    return { ok: true, grant: { workspace: ws, role, tokenId: jti, expiresAt: exp * 1000, ...(mid === undefined ? {} : { memberId: mid }) } };
  };

  // Expiry and revocation are checked on a timer rather than per message: a
  // closed connection of a revoked token cannot come back (the upgrade
  // refuses it), and a primary-key lookup per open token every few seconds
  // costs nothing next to a lookup per keystroke.
  const sweep = () => {
    const t = now();
    const revoked = new Map<string, boolean>();
    for (const [peer, grant] of watched) {
      const member = grant.memberId === undefined ? undefined : members?.current(grant.workspace, grant.memberId);
      if (member?.removed) {
        // [R34] Only this member's connections; everyone else's stay.
        watched.delete(peer);
        counters.closedAfterUpgrade += 1;
        logger.info('closing connection', { reason: 'removed', tokenId: grant.tokenId, workspace: grant.workspace, memberId: grant.memberId });
        peer.close(CloseCode.unauthorized, 'removed');
        continue;
      }
      if (member && member.role !== grant.role) {
        // [R33] The new role holds from this frame on; the close tells the client to reconnect and read it.
        grant.role = member.role;
        watched.delete(peer);
        counters.closedForRoleChange += 1;
        logger.info('closing connection', { reason: 'role changed', role: member.role, workspace: grant.workspace, memberId: grant.memberId });
        peer.close(CloseCode.roleChanged, 'role changed');
        continue;
      }
      let reason: 'expired' | 'revoked' | null = grant.expiresAt <= t ? 'expired' : null;
      if (!reason) {
        let isRevoked = revoked.get(grant.tokenId);
        if (isRevoked === undefined) {
          try {
            isRevoked = revocations.isRevoked(grant.tokenId);
          } catch (error) {
            // One failed lookup must not skip the expiry checks of every other connection.
            logger.error('revocation check failed', { error });
            continue;
          }
          revoked.set(grant.tokenId, isRevoked);
        }
        if (isRevoked) reason = 'revoked';
      }
      if (!reason) continue;
      watched.delete(peer);
      counters.closedAfterUpgrade += 1;
      logger.info('closing connection', { reason, tokenId: grant.tokenId, workspace: grant.workspace });
      peer.close(CloseCode.unauthorized, `token ${reason}`);
    }
  };
  const timer = setInterval(sweep, options.checkIntervalMs ?? DEFAULT_AUTH_CHECK_INTERVAL_MS);
  timer.unref();
  // [S8] A revocation announced by another process closes connections now, not at the next tick.
  revocations.onRevoked?.(sweep);
  // [R33][R34] So does a member's removal or new role, here or on another instance.
  members?.onChange(sweep);

  return {
    secret,
    counters,
    authorize,
    check,
    refused,
    watch(peer, grant) {
      watched.set(peer, grant);
      return () => watched.delete(peer);
    },
    async close() {
      clearInterval(timer);
      watched.clear();
      await revocations.close();
    },
  };
}
