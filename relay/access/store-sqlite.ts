/**
 * Access of a single relay in `<data>/auth.sqlite`, beside the revoked tokens
 * (auth/revocations.ts): local disk whatever holds the documents, and small.
 * better-sqlite3 is synchronous, so each check-and-write is a transaction no
 * other call can interleave with.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { MemberRole } from '../../shared/protocol';
import { AUTH_DB_FILE_NAME } from '../auth/revocations';
import type { AcceptOutcome, AccessStore, InviteRecord, MemberChangeOutcome, MemberRecord, MemberState, WorkspaceRecord } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS access_workspaces (
  id TEXT PRIMARY KEY,
  name TEXT,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS access_members (
  workspace TEXT NOT NULL,
  member_id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  invited_by TEXT,
  joined_at INTEGER NOT NULL,
  last_seen_at INTEGER,
  removed_at INTEGER,
  PRIMARY KEY (workspace, member_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS access_invites (
  id TEXT PRIMARY KEY,
  workspace TEXT NOT NULL,
  role TEXT NOT NULL,
  note TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  max_uses INTEGER,
  uses INTEGER NOT NULL DEFAULT 0,
  withdrawn_at INTEGER,
  code_hash TEXT NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS access_invites_workspace ON access_invites (workspace);
`;

interface MemberRow {
  workspace: string;
  member_id: string;
  name: string;
  role: MemberRole;
  invited_by: string | null;
  joined_at: number;
  last_seen_at: number | null;
  removed_at: number | null;
}

interface InviteRow {
  id: string;
  workspace: string;
  role: InviteRecord['role'];
  note: string | null;
  created_by: string;
  created_at: number;
  expires_at: number;
  max_uses: number | null;
  uses: number;
  withdrawn_at: number | null;
  code_hash: string;
}

export function memberFromRow(row: MemberRow): MemberRecord {
  return {
    workspace: row.workspace,
    memberId: row.member_id,
    name: row.name,
    role: row.role,
    invitedBy: row.invited_by,
    joinedAt: Number(row.joined_at),
    lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
    removedAt: row.removed_at === null ? null : Number(row.removed_at),
  };
}

export function inviteFromRow(row: InviteRow): InviteRecord {
  return {
    id: row.id,
    workspace: row.workspace,
    role: row.role,
    note: row.note,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    maxUses: row.max_uses === null ? null : Number(row.max_uses),
    uses: Number(row.uses),
    withdrawnAt: row.withdrawn_at === null ? null : Number(row.withdrawn_at),
    codeHash: row.code_hash,
  };
}

/** Why an invite found by its code cannot be used at `now`, or null if it can. */
export function inviteUnusable(invite: InviteRecord, now: number): 'invite-expired' | 'invite-used-up' | 'invite-withdrawn' | null {
  if (invite.withdrawnAt !== null) return 'invite-withdrawn';
  if (invite.expiresAt <= now) return 'invite-expired';
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return 'invite-used-up';
  return null;
}

export class SqliteAccessStore implements AccessStore {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, AUTH_DB_FILE_NAME));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  loadMemberStates(): Promise<MemberState[]> {
    const rows = this.db.prepare<[], MemberRow>('SELECT * FROM access_members').all();
    return Promise.resolve(rows.map((row) => ({ workspace: row.workspace, memberId: row.member_id, role: row.role, removed: row.removed_at !== null })));
  }

  createWorkspace(workspace: WorkspaceRecord, owner: MemberRecord): Promise<boolean> {
    const created = this.db.transaction(() => {
      const inserted = this.db.prepare('INSERT OR IGNORE INTO access_workspaces (id, name, created_at) VALUES (?, ?, ?)').run(workspace.id, workspace.name, workspace.createdAt);
      if (inserted.changes === 0) return false;
      this.insertMember(owner);
      return true;
    })();
    return Promise.resolve(created);
  }

  getWorkspace(id: string): Promise<WorkspaceRecord | null> {
    const row = this.db.prepare<[string], { id: string; name: string | null; created_at: number }>('SELECT * FROM access_workspaces WHERE id = ?').get(id);
    return Promise.resolve(row ? { id: row.id, name: row.name, createdAt: row.created_at } : null);
  }

  createInvite(invite: InviteRecord): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO access_invites (id, workspace, role, note, created_by, created_at, expires_at, max_uses, uses, withdrawn_at, code_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(invite.id, invite.workspace, invite.role, invite.note, invite.createdBy, invite.createdAt, invite.expiresAt, invite.maxUses, invite.uses, invite.withdrawnAt, invite.codeHash);
    return Promise.resolve();
  }

  listPendingInvites(workspace: string, now: number): Promise<InviteRecord[]> {
    const rows = this.db
      .prepare<[string, number], InviteRow>(
        'SELECT * FROM access_invites WHERE workspace = ? AND withdrawn_at IS NULL AND expires_at > ? AND (max_uses IS NULL OR uses < max_uses) ORDER BY created_at, id',
      )
      .all(workspace, now);
    return Promise.resolve(rows.map(inviteFromRow));
  }

  withdrawInvite(workspace: string, inviteId: string, now: number): Promise<boolean> {
    const found = this.db.prepare<[string, string], { withdrawn_at: number | null }>('SELECT withdrawn_at FROM access_invites WHERE workspace = ? AND id = ?').get(workspace, inviteId);
    if (found && found.withdrawn_at === null) this.db.prepare('UPDATE access_invites SET withdrawn_at = ? WHERE id = ?').run(now, inviteId);
    return Promise.resolve(found !== undefined);
  }

  acceptInvite(codeHash: string, now: number, makeMember: (invite: InviteRecord) => MemberRecord): Promise<AcceptOutcome> {
    const outcome = this.db.transaction((): AcceptOutcome => {
      const row = this.db.prepare<[string], InviteRow>('SELECT * FROM access_invites WHERE code_hash = ?').get(codeHash);
      if (!row) return { ok: false, reason: 'not-found' };
      const invite = inviteFromRow(row);
      const unusable = inviteUnusable(invite, now);
      if (unusable) return { ok: false, reason: unusable };
      const workspace = this.db.prepare<[string], { id: string; name: string | null; created_at: number }>('SELECT * FROM access_workspaces WHERE id = ?').get(invite.workspace);
      if (!workspace) return { ok: false, reason: 'not-found' };
      this.db.prepare('UPDATE access_invites SET uses = uses + 1 WHERE id = ?').run(invite.id);
      const member = makeMember(invite);
      this.insertMember(member);
      return { ok: true, invite: { ...invite, uses: invite.uses + 1 }, member, workspace: { id: workspace.id, name: workspace.name, createdAt: workspace.created_at } };
    })();
    return Promise.resolve(outcome);
  }

  listMembers(workspace: string): Promise<MemberRecord[]> {
    const rows = this.db.prepare<[string], MemberRow>('SELECT * FROM access_members WHERE workspace = ? AND removed_at IS NULL ORDER BY joined_at, member_id').all(workspace);
    return Promise.resolve(rows.map(memberFromRow));
  }

  getMember(workspace: string, memberId: string): Promise<MemberRecord | null> {
    return Promise.resolve(this.member(workspace, memberId));
  }

  setRole(workspace: string, memberId: string, role: MemberRole): Promise<MemberChangeOutcome> {
    return Promise.resolve(
      this.db.transaction((): MemberChangeOutcome => {
        const member = this.member(workspace, memberId);
        if (!member || member.removedAt !== null) return { ok: false, reason: 'not-found' };
        if (member.role === 'owner' && role !== 'owner' && this.owners(workspace) <= 1) return { ok: false, reason: 'last-owner' };
        this.db.prepare('UPDATE access_members SET role = ? WHERE workspace = ? AND member_id = ?').run(role, workspace, memberId);
        return { ok: true, member: { ...member, role } };
      })(),
    );
  }

  removeMember(workspace: string, memberId: string, now: number): Promise<MemberChangeOutcome> {
    return Promise.resolve(
      this.db.transaction((): MemberChangeOutcome => {
        const member = this.member(workspace, memberId);
        if (!member || member.removedAt !== null) return { ok: false, reason: 'not-found' };
        if (member.role === 'owner' && this.owners(workspace) <= 1) return { ok: false, reason: 'last-owner' };
        this.db.prepare('UPDATE access_members SET removed_at = ? WHERE workspace = ? AND member_id = ?').run(now, workspace, memberId);
        return { ok: true, member: { ...member, removedAt: now } };
      })(),
    );
  }

  touch(workspace: string, memberId: string, now: number): Promise<void> {
    this.db.prepare('UPDATE access_members SET last_seen_at = ? WHERE workspace = ? AND member_id = ?').run(now, workspace, memberId);
    return Promise.resolve();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private member(workspace: string, memberId: string): MemberRecord | null {
    const row = this.db.prepare<[string, string], MemberRow>('SELECT * FROM access_members WHERE workspace = ? AND member_id = ?').get(workspace, memberId);
    return row ? memberFromRow(row) : null;
  }

  private owners(workspace: string): number {
    return this.db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM access_members WHERE workspace = ? AND role = 'owner' AND removed_at IS NULL").get(workspace)!.n;
  }

  private insertMember(member: MemberRecord): void {
    this.db
      .prepare('INSERT INTO access_members (workspace, member_id, name, role, invited_by, joined_at, last_seen_at, removed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(member.workspace, member.memberId, member.name, member.role, member.invitedBy, member.joinedAt, member.lastSeenAt, member.removedAt);
  }
}
