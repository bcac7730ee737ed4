/**
 * Personal access to a workspace on a relay: who is a member, with which role,
 * who invited whom, and the endpoints the app calls to set a relay up, invite
 * people, list them, change a role and take access back ([R32]–[R36] in
 * relay/SPEC.md). The relay stores all of this itself, never in a workspace
 * doc: a member cannot grant themselves access by editing a CRDT.
 *
 * Every endpoint answers JSON, allows any origin (the app runs at app://baton
 * and http://127.0.0.1:<port>) and is rate-limited per address. Bearer tokens
 * ride in `Authorization: Bearer <token>`; nothing secret is put in a URL.
 */
import type { AuthRejectReason } from './auth';

/** What a member may do. Owners edit and manage access; editors edit; viewers read. */
export type MemberRole = 'owner' | 'editor' | 'viewer';

export const MEMBER_ROLES: readonly MemberRole[] = ['owner', 'editor', 'viewer'];

export function isMemberRole(value: unknown): value is MemberRole {
  return value === 'owner' || value === 'editor' || value === 'viewer';
}

/** The roles an invite can give: ownership is never handed out by link. */
export type InviteRole = Exclude<MemberRole, 'owner'>;

export function isInviteRole(value: unknown): value is InviteRole {
  return value === 'editor' || value === 'viewer';
}

/**
 * `POST`, no bearer: registers a workspace on the relay with the relay's setup
 * code (printed once by the relay on its first start), making the caller its
 * first owner. Body `SetupRequest` → 201 `JoinedWorkspace`.
 */
export const SETUP_PATH = '/setup/workspaces';

/** `POST` with an owner's bearer: body `CreateInviteRequest` → 201 `CreatedInvite`. `GET` → 200 `{ invites: PendingInvite[] }`. */
export const INVITES_PATH = '/invites';

/** `DELETE /invites/<inviteId>` with an owner's bearer → 204: the invite can no longer be used. */
export function invitePath(inviteId: string): string {
  return `${INVITES_PATH}/${encodeURIComponent(inviteId)}`;
}

/** `POST`, no bearer: body `AcceptInviteRequest` → 200 `JoinedWorkspace`, a token of the joiner's own. */
export const ACCEPT_INVITE_PATH = '/invites/accept';

/** `GET` with any member's bearer → 200 `{ members: MemberInfo[] }` (current members, removed ones left out). */
export const MEMBERS_PATH = '/members';

/**
 * `PATCH /members/<memberId>` with an owner's bearer, body `{ role }` → 200 `MemberInfo`;
 * `DELETE` → 204: that member's token stops working and their open connections
 * close at once with `CloseCode.unauthorized` (reason `removed`), everyone else's stay.
 */
export function memberPath(memberId: string): string {
  return `${MEMBERS_PATH}/${encodeURIComponent(memberId)}`;
}

export interface SetupRequest {
  /** The relay's setup code. */
  code: string;
  workspace: string;
  workspaceName?: string;
  /** The owner's display name. */
  name: string;
}

export interface CreateInviteRequest {
  role: InviteRole;
  /** Lifetime of the invite itself (1 s … 90 days); the tokens it yields live as long as any other. */
  expiresInSeconds: number;
  /** How many people may join with it; null: until it expires or is withdrawn. */
  maxUses: number | null;
  /** Shown to the owner in the pending list, e.g. "for Mei (design)"; at most 200 characters. */
  note?: string;
}

export interface AcceptInviteRequest {
  code: string;
  /** The joiner's display name, at most 80 characters. */
  name: string;
}

/** What setting up a workspace or accepting an invite gives the device. */
export interface JoinedWorkspace {
  workspace: string;
  workspaceName?: string;
  memberId: string;
  role: MemberRole;
  /** The member's own token, for the websocket and these endpoints. */
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface PendingInvite {
  id: string;
  role: InviteRole;
  note?: string;
  /** Member id and name of the owner who created it. */
  createdBy: string;
  createdByName: string;
  /** Epoch ms. */
  createdAt: number;
  expiresAt: number;
  maxUses: number | null;
  uses: number;
}

export interface CreatedInvite {
  /** The single-purpose code that goes into the invite link; shown once, stored by the relay only as a hash. */
  code: string;
  invite: PendingInvite;
}

export interface MemberInfo {
  memberId: string;
  name: string;
  role: MemberRole;
  /** Member id and name of whoever invited them; null for the workspace's first owner. */
  invitedBy: string | null;
  invitedByName: string | null;
  /** Epoch ms. */
  joinedAt: number;
  /** Epoch ms of their last connection to this workspace's rooms; null if they never connected. */
  lastSeenAt: number | null;
}

/**
 * Why a members or invites call failed, beside the token reasons of `AuthRejectReason`
 * (401/403 as at the upgrade).
 */
export type AccessApiErrorReason =
  | AuthRejectReason
  /** 400: the body or a parameter is not what the endpoint takes; `error` says which. */
  | 'bad-request'
  /** 403: the token is good but its role may not do this (e.g. a viewer invites). */
  | 'not-allowed'
  /** 403: the setup code is wrong. */
  | 'bad-setup-code'
  /** 409: the workspace is already registered on this relay. */
  | 'already-registered'
  /** 404: no such invite or member in this workspace. */
  | 'not-found'
  /** 410: the invite expired, was used up or withdrawn. */
  | 'invite-expired'
  | 'invite-used-up'
  | 'invite-withdrawn'
  /** 409: the change would leave the workspace without an owner. */
  | 'last-owner'
  /** 429: too many calls from this address; retry after `Retry-After` seconds. */
  | 'rate-limited'
  /** 503: the relay cannot reach its storage right now. */
  | 'unavailable';

export interface AccessApiErrorBody {
  error: string;
  reason: AccessApiErrorReason;
}

/**
 * Baton's own client sends its token in the websocket subprotocol list, never in
 * the URL (which browsers print when a connection fails, and proxies log): it
 * offers `[BATON_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + token]`, and the relay
 * selects `BATON_SUBPROTOCOL` (a browser fails a connection whose offered
 * protocols get no answer). Stock y-websocket clients keep using `?token=`.
 */
export const BATON_SUBPROTOCOL = 'baton.v1';
export const TOKEN_SUBPROTOCOL_PREFIX = 'baton.token.';

export function tokenSubprotocols(token: string | undefined): string[] {
  return token ? [BATON_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`] : [];
}
