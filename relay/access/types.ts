/**
 * Personal access as the relay stores it ([R32]–[R36]): workspaces registered
 * with the setup code, their members and the invites that add members. Kept by
 * the relay (SQLite beside the revocations, or PostgreSQL when scaled out),
 * never in a workspace doc.
 */
import type { AccessApiErrorReason, InviteRole, MemberRole } from '../../shared/protocol';

export interface WorkspaceRecord {
  id: string;
  name: string | null;
  /** Epoch ms. */
  createdAt: number;
}

export interface MemberRecord {
  workspace: string;
  memberId: string;
  name: string;
  role: MemberRole;
  /** Member id of whoever invited them; null for the first owner. */
  invitedBy: string | null;
  /** Epoch ms, as every time below. */
  joinedAt: number;
  lastSeenAt: number | null;
  removedAt: number | null;
}

export interface InviteRecord {
  id: string;
  workspace: string;
  role: InviteRole;
  note: string | null;
  /** Member id of the owner who created it. */
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  maxUses: number | null;
  uses: number;
  withdrawnAt: number | null;
  /** SHA-256 of the code, hex: the code itself is shown once and never stored. */
  codeHash: string;
}

/** What every upgrade consults: a member's current role, or that they were removed. */
export interface MemberState {
  workspace: string;
  memberId: string;
  role: MemberRole;
  removed: boolean;
}

export type AcceptOutcome =
  | { ok: true; invite: InviteRecord; member: MemberRecord; workspace: WorkspaceRecord }
  | { ok: false; reason: 'not-found' | 'invite-expired' | 'invite-used-up' | 'invite-withdrawn' };

export type MemberChangeOutcome = { ok: true; member: MemberRecord } | { ok: false; reason: 'not-found' | 'last-owner' };

/**
 * Where access is kept. Every method may be asynchronous (PostgreSQL); each
 * change that needs a check and a write together (accepting an invite, the
 * last owner) is one transaction in the store.
 */
export interface AccessStore {
  /** Every member's current state, for the relay's in-memory view. */
  loadMemberStates(): Promise<MemberState[]>;
  /** False if the workspace is already registered. */
  createWorkspace(workspace: WorkspaceRecord, owner: MemberRecord): Promise<boolean>;
  getWorkspace(id: string): Promise<WorkspaceRecord | null>;
  createInvite(invite: InviteRecord): Promise<void>;
  /** Invites of the workspace still usable at `now`, oldest first. */
  listPendingInvites(workspace: string, now: number): Promise<InviteRecord[]>;
  /** False if the workspace has no such invite. */
  withdrawInvite(workspace: string, inviteId: string, now: number): Promise<boolean>;
  /** Counts a use of the invite with this code hash and adds the member `makeMember` describes. */
  acceptInvite(codeHash: string, now: number, makeMember: (invite: InviteRecord) => MemberRecord): Promise<AcceptOutcome>;
  /** Current members (removed ones left out), earliest first. */
  listMembers(workspace: string): Promise<MemberRecord[]>;
  /** A member, removed or not; null if the workspace never had them. */
  getMember(workspace: string, memberId: string): Promise<MemberRecord | null>;
  setRole(workspace: string, memberId: string, role: MemberRole): Promise<MemberChangeOutcome>;
  removeMember(workspace: string, memberId: string, now: number): Promise<MemberChangeOutcome>;
  touch(workspace: string, memberId: string, now: number): Promise<void>;
  /**
   * Scaled out: another instance changed a member; `state` is what the store
   * holds now. A single relay has no one else to hear from.
   */
  onRemoteChange?(listener: (state: MemberState) => void): void;
  /** Scaled out: tell the other instances that this member changed. */
  announce?(state: MemberState): Promise<void>;
  close(): void | Promise<void>;
}

/** Why an access call failed, with the HTTP status it answers. */
export class AccessError extends Error {
  override readonly name = 'AccessError';
  constructor(
    readonly status: number,
    readonly reason: AccessApiErrorReason,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
