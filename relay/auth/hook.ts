/**
 * Who may open a room: every upgrade with a valid room name goes through an
 * `Authorize` hook before it is accepted ([R13]). `allowAll` is the default of
 * `startRelay`; signed tokens (`createTokenAuth`) are what the CLI runs ([R14]).
 */
import type { IncomingMessage } from 'node:http';
import type { TokenRole } from '../../shared/protocol';

/**
 * What an upgrade asks to open: one room, or with no `docId` a multiplexed socket
 * that may open every doc of the workspace ([R37]). Access is per workspace
 * either way, so a hook that only reads `workspaceId` serves both.
 */
export interface RoomRequest {
  workspaceId: string;
  /** Absent for a multiplexed socket ([R37]). */
  docId?: string;
  /** `<workspaceId>/<docId>`, or `<workspaceId>` for a multiplexed socket. */
  name: string;
  /** The upgrade URL's query parameters (TOKEN_PARAM among them). */
  params: URLSearchParams;
}

/** What an accepted token allows, kept for the life of the connection. */
export interface AuthGrant {
  workspace: string;
  /** The member's current role: changed in place when an owner changes it ([R33]). */
  role: TokenRole;
  /** The member the token belongs to; absent for workspace tokens from `relay token`. */
  memberId?: string;
  tokenId: string;
  /** Epoch ms. */
  expiresAt: number;
}

export type AuthDecision =
  | { ok: true; grant?: AuthGrant }
  /** `reason` is machine-readable (an `AuthRejectReason` for tokens); `error` a human sentence. */
  | { ok: false; status: 401 | 403; reason: string; error?: string };

export type Authorize = (request: IncomingMessage, room: RoomRequest) => AuthDecision | Promise<AuthDecision>;

/** Accepts every connection, with or without a token; connections may edit. */
export const allowAll: Authorize = () => ({ ok: true });
