/**
 * Who may do what in a workspace ([R32]–[R34]): the rules of setting up,
 * inviting, joining, changing roles and removing, over an `AccessStore`, and
 * the in-memory view of every member's current role that upgrades consult
 * synchronously (never waiting on a database).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CreatedInvite, JoinedWorkspace, MemberInfo, MemberRole, PendingInvite } from '../../shared/protocol';
import { issueToken, newTokenId } from '../auth/token';
import type { TokenPayload } from '../auth/token';
import type { MemberCheck } from '../auth/tokenAuth';
import type { Logger } from '../log';
import { isSetupCode } from './setup';
import type { AccessStore, InviteRecord, MemberRecord, MemberState } from './types';
import { AccessError } from './types';
import { parseAcceptInviteRequest, parseCreateInviteRequest, parseRoleChange, parseSetupRequest } from './validate';

/** lastSeenAt is written at most this often per member: a reconnect storm is not a write storm. */
export const TOUCH_INTERVAL_MS = 60_000;

export function hashCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

const key = (workspace: string, memberId: string) => `${workspace}\u0000${memberId}`;

export interface AccessDirectoryOptions {
  store: AccessStore;
  secret: Uint8Array;
  logger: Logger;
  /** Lifetime of the tokens setup and invites hand out (seconds; default that of `relay token`). */
  tokenTtlSeconds?: number;
  now?: () => number;
}

export class AccessDirectory implements MemberCheck {
  private readonly states = new Map<string, MemberState>();
  private readonly listeners = new Set<(state: MemberState) => void>();
  private readonly touched = new Map<string, number>();
  private touchFailing = false;
  private readonly now: () => number;

  private constructor(private readonly options: AccessDirectoryOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Reads every member's state before the relay judges any token by it. */
  static async open(options: AccessDirectoryOptions): Promise<AccessDirectory> {
    const directory = new AccessDirectory(options);
    for (const state of await options.store.loadMemberStates()) directory.states.set(key(state.workspace, state.memberId), state);
    options.store.onRemoteChange?.((state) => directory.apply(state));
    return directory;
  }

  get store(): AccessStore {
    return this.options.store;
  }

  current(workspace: string, memberId: string): { role: MemberRole; removed: boolean } | undefined {
    return this.states.get(key(workspace, memberId));
  }

  onChange(listener: (state: MemberState) => void): void {
    this.listeners.add(listener);
  }

  /** A member's state as the store now holds it (here or on another instance). */
  apply(state: MemberState): void {
    const previous = this.states.get(key(state.workspace, state.memberId));
    if (previous && previous.role === state.role && previous.removed === state.removed) return;
    this.states.set(key(state.workspace, state.memberId), state);
    for (const listener of this.listeners) listener(state);
  }

  /** Records that a member connected, at most once per `TOUCH_INTERVAL_MS`. */
  touch(workspace: string, memberId: string): void {
    const now = this.now();
    const k = key(workspace, memberId);
    if (now - (this.touched.get(k) ?? Number.NEGATIVE_INFINITY) < TOUCH_INTERVAL_MS) return;
    this.touched.set(k, now);
    this.options.store.touch(workspace, memberId, now).then(
      () => (this.touchFailing = false),
      (error: unknown) => {
        if (!this.touchFailing) this.options.logger.warn('could not record when a member was last seen', { error });
        this.touchFailing = true;
      },
    );
  }

  async setup(body: unknown): Promise<JoinedWorkspace> {
    const request = parseSetupRequest(body);
    if (!isSetupCode(this.options.secret, request.code)) throw new AccessError(403, 'bad-setup-code', 'that setup code is not this relay’s');
    const now = this.now();
    const owner: MemberRecord = {
      workspace: request.workspace,
      memberId: newTokenId(),
      name: request.name,
      role: 'owner',
      invitedBy: null,
      joinedAt: now,
      lastSeenAt: null,
      removedAt: null,
    };
    const created = await this.options.store.createWorkspace({ id: request.workspace, name: request.workspaceName ?? null, createdAt: now }, owner);
    if (!created) throw new AccessError(409, 'already-registered', 'this workspace is already set up on this relay: ask one of its owners for an invite');
    await this.changed(owner);
    return this.joined(owner, request.workspaceName ?? null);
  }

  async createInvite(caller: TokenPayload, body: unknown): Promise<CreatedInvite> {
    const owner = this.requireOwner(caller);
    const request = parseCreateInviteRequest(body);
    const now = this.now();
    const code = randomBytes(24).toString('base64url');
    const invite: InviteRecord = {
      id: newTokenId(),
      workspace: caller.ws,
      role: request.role,
      note: request.note ?? null,
      createdBy: owner,
      createdAt: now,
      expiresAt: now + request.expiresInSeconds * 1000,
      maxUses: request.maxUses,
      uses: 0,
      withdrawnAt: null,
      codeHash: hashCode(code),
    };
    await this.options.store.createInvite(invite);
    const names = await this.names(caller.ws, [owner]);
    return { code, invite: pending(invite, names) };
  }

  async listInvites(caller: TokenPayload): Promise<{ invites: PendingInvite[] }> {
    this.requireOwner(caller);
    const invites = await this.options.store.listPendingInvites(caller.ws, this.now());
    const names = await this.names(caller.ws, invites.map((invite) => invite.createdBy));
    return { invites: invites.map((invite) => pending(invite, names)) };
  }

  async withdrawInvite(caller: TokenPayload, inviteId: string): Promise<void> {
    this.requireOwner(caller);
    if (!(await this.options.store.withdrawInvite(caller.ws, inviteId, this.now()))) throw notFound('invite');
  }

  async acceptInvite(body: unknown): Promise<JoinedWorkspace> {
    const request = parseAcceptInviteRequest(body);
    const now = this.now();
    const outcome = await this.options.store.acceptInvite(hashCode(request.code), now, (invite) => ({
      workspace: invite.workspace,
      memberId: newTokenId(),
      name: request.name,
      role: invite.role,
      invitedBy: invite.createdBy,
      joinedAt: now,
      lastSeenAt: null,
      removedAt: null,
    }));
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') throw new AccessError(404, 'not-found', 'no such invite: check the link, or ask for a new one');
      const why = { 'invite-expired': 'has expired', 'invite-used-up': 'has been used up', 'invite-withdrawn': 'was withdrawn' }[outcome.reason];
      throw new AccessError(410, outcome.reason, `this invite ${why}: ask for a new one`);
    }
    await this.changed(outcome.member);
    return this.joined(outcome.member, outcome.workspace.name);
  }

  async listMembers(caller: TokenPayload): Promise<{ members: MemberInfo[] }> {
    const members = await this.options.store.listMembers(caller.ws);
    const names = await this.names(
      caller.ws,
      members.map((member) => member.invitedBy).filter((id): id is string => id !== null),
      members,
    );
    return { members: members.map((member) => info(member, names)) };
  }

  async setRole(caller: TokenPayload, memberId: string, body: unknown): Promise<MemberInfo> {
    this.requireOwner(caller);
    const role = parseRoleChange(body);
    const outcome = await this.options.store.setRole(caller.ws, memberId, role);
    if (!outcome.ok) throw outcome.reason === 'last-owner' ? lastOwner() : notFound('member');
    await this.changed(outcome.member);
    const names = await this.names(caller.ws, outcome.member.invitedBy ? [outcome.member.invitedBy] : []);
    return info(outcome.member, names);
  }

  async removeMember(caller: TokenPayload, memberId: string): Promise<void> {
    this.requireOwner(caller);
    const outcome = await this.options.store.removeMember(caller.ws, memberId, this.now());
    if (!outcome.ok) throw outcome.reason === 'last-owner' ? lastOwner() : notFound('member');
    await this.changed(outcome.member);
  }

  close(): void | Promise<void> {
    this.listeners.clear();
    return this.options.store.close();
  }

  /** Returns the caller's member id; `caller.role` is already the member's current role ([R33]). */
  private requireOwner(caller: TokenPayload): string {
    if (caller.role !== 'owner' || caller.mid === undefined) throw new AccessError(403, 'not-allowed', 'only an owner of this workspace may do this');
    return caller.mid;
  }

  /** Applies a change here at once, then tells the other instances (if any). */
  private async changed(member: MemberRecord): Promise<void> {
    const state: MemberState = { workspace: member.workspace, memberId: member.memberId, role: member.role, removed: member.removedAt !== null };
    this.apply(state);
    try {
      await this.options.store.announce?.(state);
    } catch (error) {
      // Stored: the other instances read it at their next periodic reload.
      this.options.logger.warn('could not announce a member change; other instances read it within seconds', { error });
    }
  }

  private joined(member: MemberRecord, workspaceName: string | null): JoinedWorkspace {
    const { token, payload } = issueToken(this.options.secret, {
      workspace: member.workspace,
      role: member.role,
      memberId: member.memberId,
      ttlSeconds: this.options.tokenTtlSeconds,
      now: this.now(),
    });
    return {
      workspace: member.workspace,
      ...(workspaceName ? { workspaceName } : {}),
      memberId: member.memberId,
      role: member.role,
      token,
      expiresAt: payload.exp * 1000,
    };
  }

  /** Names of the given members, removed ones included (an inviter may have left since). */
  private async names(workspace: string, ids: string[], known: MemberRecord[] = []): Promise<Map<string, string>> {
    const names = new Map(known.map((member) => [member.memberId, member.name]));
    for (const id of new Set(ids)) {
      if (names.has(id)) continue;
      const member = await this.options.store.getMember(workspace, id);
      if (member) names.set(id, member.name);
    }
    return names;
  }
}

function pending(invite: InviteRecord, names: Map<string, string>): PendingInvite {
  return {
    id: invite.id,
    role: invite.role,
    ...(invite.note ? { note: invite.note } : {}),
    createdBy: invite.createdBy,
    createdByName: names.get(invite.createdBy) ?? '',
    createdAt: invite.createdAt,
    expiresAt: invite.expiresAt,
    maxUses: invite.maxUses,
    uses: invite.uses,
  };
}

function info(member: MemberRecord, names: Map<string, string>): MemberInfo {
  return {
    memberId: member.memberId,
    name: member.name,
    role: member.role,
    invitedBy: member.invitedBy,
    invitedByName: member.invitedBy === null ? null : (names.get(member.invitedBy) ?? null),
    joinedAt: member.joinedAt,
    lastSeenAt: member.lastSeenAt,
  };
}

function notFound(what: 'invite' | 'member'): AccessError {
  return new AccessError(404, 'not-found', `no such ${what} in this workspace`);
}

function lastOwner(): AccessError {
  return new AccessError(409, 'last-owner', 'a workspace needs at least one owner: make someone else an owner first');
}
