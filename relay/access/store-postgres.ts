/**
 * Access of a scaled-out relay ([R36]): the same records as store-sqlite.ts in
 * PostgreSQL, shared by every instance, and member changes announced on Redis.
 *
 * Each instance keeps every member's current state in memory (directory.ts),
 * so a change made through one instance must reach the others: it publishes the
 * member on `baton:members` and the others read the table again at once. Pub/sub
 * drops what is published while an instance is disconnected, so each also reads
 * it every few seconds, as the revocations do ([S8]).
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import type { MemberRole } from '../../shared/protocol';
import type { Logger } from '../log';
import type { SharedOutages } from '../storage';
import { isPostgresUnavailable, withPooledClient } from '../storage/pg-connection';
import { MirrorRefresh } from '../storage/mirror-refresh';
import { MIGRATION_LOCK } from '../storage/postgres';
import { inviteFromRow, inviteUnusable, memberFromRow } from './store-sqlite';
import type { AcceptOutcome, AccessStore, InviteRecord, MemberChangeOutcome, MemberRecord, MemberState, WorkspaceRecord } from './types';

export const ACCESS_TABLES = { workspaces: 'baton_access_workspaces', members: 'baton_access_members', invites: 'baton_access_invites' } as const;
export const MEMBERS_CHANNEL = 'baton:members';
export const DEFAULT_MEMBERS_REFRESH_MS = 3000;

const { workspaces: W, members: M, invites: I } = ACCESS_TABLES;

async function createAccessTables(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    // The lock the updates and revocations tables are created under: instances starting together create them once.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${W} (id text PRIMARY KEY, name text, created_at bigint NOT NULL)`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${M} (
        workspace text NOT NULL, member_id text NOT NULL, name text NOT NULL, role text NOT NULL,
        invited_by text, joined_at bigint NOT NULL, last_seen_at bigint, removed_at bigint,
        PRIMARY KEY (workspace, member_id))`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${I} (
        id text PRIMARY KEY, workspace text NOT NULL, role text NOT NULL, note text, created_by text NOT NULL,
        created_at bigint NOT NULL, expires_at bigint NOT NULL, max_uses integer, uses integer NOT NULL DEFAULT 0,
        withdrawn_at bigint, code_hash text NOT NULL UNIQUE)`);
    await client.query(`CREATE INDEX IF NOT EXISTS ${I}_workspace ON ${I} (workspace)`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withPooledClient(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}

export interface PostgresAccessStoreOptions {
  postgresUrl: string;
  /** Where member changes are announced; without it other instances learn them from the periodic read. */
  redisUrl?: string;
  logger: Logger;
  /** How often every member's state is read again (default 3000 ms). */
  refreshMs?: number;
  /** The instance's outages ([S7]): PostgreSQL and Redis being away is reported there. */
  outages?: SharedOutages;
}

const stateKey = (state: { workspace: string; memberId: string }) => `${state.workspace}\u0000${state.memberId}`;

export class PostgresAccessStore implements AccessStore {
  private readonly pool: pg.Pool;
  private readonly publisher: Redis | null = null;
  private readonly mirror: MirrorRefresh;
  private readonly listeners = new Set<(state: MemberState) => void>();
  private tables: Promise<void> | null = null;
  private known: Map<string, MemberState> | null = null;
  private failing = false;
  private closed = false;

  constructor(private readonly options: PostgresAccessStoreOptions) {
    this.pool = new pg.Pool({ connectionString: options.postgresUrl, max: 3, connectionTimeoutMillis: 5000 });
    this.pool.on('error', () => {});
    if (options.redisUrl) {
      this.publisher = new Redis(options.redisUrl, { connectionName: 'baton-relay-members-pub', maxRetriesPerRequest: 1 });
      if (options.outages) options.outages.watchRedis(this.publisher);
      else this.publisher.on('error', () => {});
    }
    this.mirror = new MirrorRefresh({
      read: () => (this.known ? this.reread() : Promise.resolve()),
      redisUrl: options.redisUrl,
      channel: MEMBERS_CHANNEL,
      connectionName: 'baton-relay-members',
      refreshMs: options.refreshMs ?? DEFAULT_MEMBERS_REFRESH_MS,
      logger: options.logger,
      outages: options.outages,
      what: 'member changes',
    });
  }

  /** Retries until PostgreSQL answers: no token is judged against members this instance has not read. */
  async loadMemberStates(): Promise<MemberState[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        const states = await this.readStates();
        this.known = new Map(states.map((state) => [stateKey(state), state]));
        if (attempt > 0) this.options.logger.info('members read from postgres');
        return states;
      } catch (error) {
        if (this.closed) throw error;
        if (attempt === 0) this.options.logger.error('members cannot be read from postgres; not listening until they are, retrying', { error });
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  onRemoteChange(listener: (state: MemberState) => void): void {
    this.listeners.add(listener);
  }

  async announce(state: MemberState): Promise<void> {
    this.known?.set(stateKey(state), state);
    if (!this.publisher) return;
    await this.publisher.publish(MEMBERS_CHANNEL, JSON.stringify({ workspace: state.workspace, memberId: state.memberId }));
  }

  /** Reads every member's state again and reports those that changed; a call during a read makes it run once more. */
  refresh(): Promise<void> {
    return this.closed ? Promise.resolve() : this.mirror.refresh();
  }

  async createWorkspace(workspace: WorkspaceRecord, owner: MemberRecord): Promise<boolean> {
    await this.ready();
    return transaction(this.pool, async (client) => {
      const inserted = await client.query(`INSERT INTO ${W} (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [workspace.id, workspace.name, workspace.createdAt]);
      if ((inserted.rowCount ?? 0) === 0) return false;
      await insertMember(client, owner);
      return true;
    });
  }

  async getWorkspace(id: string): Promise<WorkspaceRecord | null> {
    await this.ready();
    const { rows } = await this.pool.query<{ id: string; name: string | null; created_at: string }>(`SELECT * FROM ${W} WHERE id = $1`, [id]);
    const row = rows[0];
    return row ? { id: row.id, name: row.name, createdAt: Number(row.created_at) } : null;
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    await this.ready();
    await this.pool.query(
      `INSERT INTO ${I} (id, workspace, role, note, created_by, created_at, expires_at, max_uses, uses, withdrawn_at, code_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [invite.id, invite.workspace, invite.role, invite.note, invite.createdBy, invite.createdAt, invite.expiresAt, invite.maxUses, invite.uses, invite.withdrawnAt, invite.codeHash],
    );
  }

  async listPendingInvites(workspace: string, now: number): Promise<InviteRecord[]> {
    await this.ready();
    const { rows } = await this.pool.query(
      `SELECT * FROM ${I} WHERE workspace = $1 AND withdrawn_at IS NULL AND expires_at > $2 AND (max_uses IS NULL OR uses < max_uses) ORDER BY created_at, id`,
      [workspace, now],
    );
    return rows.map(inviteFromRow);
  }

  async withdrawInvite(workspace: string, inviteId: string, now: number): Promise<boolean> {
    await this.ready();
    const { rows } = await this.pool.query(`UPDATE ${I} SET withdrawn_at = COALESCE(withdrawn_at, $3) WHERE workspace = $1 AND id = $2 RETURNING id`, [workspace, inviteId, now]);
    return rows.length > 0;
  }

  async acceptInvite(codeHash: string, now: number, makeMember: (invite: InviteRecord) => MemberRecord): Promise<AcceptOutcome> {
    await this.ready();
    return transaction(this.pool, async (client): Promise<AcceptOutcome> => {
      // FOR UPDATE: two people accepting the last use on two instances get one join between them.
      const found = await client.query(`SELECT * FROM ${I} WHERE code_hash = $1 FOR UPDATE`, [codeHash]);
      if (found.rows.length === 0) return { ok: false, reason: 'not-found' };
      const invite = inviteFromRow(found.rows[0]);
      const unusable = inviteUnusable(invite, now);
      if (unusable) return { ok: false, reason: unusable };
      const ws = await client.query<{ id: string; name: string | null; created_at: string }>(`SELECT * FROM ${W} WHERE id = $1`, [invite.workspace]);
      const workspace = ws.rows[0];
      if (!workspace) return { ok: false, reason: 'not-found' };
      await client.query(`UPDATE ${I} SET uses = uses + 1 WHERE id = $1`, [invite.id]);
      const member = makeMember(invite);
      await insertMember(client, member);
      return { ok: true, invite: { ...invite, uses: invite.uses + 1 }, member, workspace: { id: workspace.id, name: workspace.name, createdAt: Number(workspace.created_at) } };
    });
  }

  async listMembers(workspace: string): Promise<MemberRecord[]> {
    await this.ready();
    const { rows } = await this.pool.query(`SELECT * FROM ${M} WHERE workspace = $1 AND removed_at IS NULL ORDER BY joined_at, member_id`, [workspace]);
    return rows.map(memberFromRow);
  }

  async getMember(workspace: string, memberId: string): Promise<MemberRecord | null> {
    await this.ready();
    const { rows } = await this.pool.query(`SELECT * FROM ${M} WHERE workspace = $1 AND member_id = $2`, [workspace, memberId]);
    return rows[0] ? memberFromRow(rows[0]) : null;
  }

  setRole(workspace: string, memberId: string, role: MemberRole): Promise<MemberChangeOutcome> {
    return this.changeMember(workspace, memberId, role !== 'owner', async (client, member) => {
      await client.query(`UPDATE ${M} SET role = $3 WHERE workspace = $1 AND member_id = $2`, [workspace, memberId, role]);
      return { ...member, role };
    });
  }

  removeMember(workspace: string, memberId: string, now: number): Promise<MemberChangeOutcome> {
    return this.changeMember(workspace, memberId, true, async (client, member) => {
      await client.query(`UPDATE ${M} SET removed_at = $3 WHERE workspace = $1 AND member_id = $2`, [workspace, memberId, now]);
      return { ...member, removedAt: now };
    });
  }

  async touch(workspace: string, memberId: string, now: number): Promise<void> {
    await this.ready();
    await this.pool.query(`UPDATE ${M} SET last_seen_at = $3 WHERE workspace = $1 AND member_id = $2`, [workspace, memberId, now]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.mirror.close();
    const publisher = this.publisher;
    await Promise.allSettled([this.pool.end(), publisher?.quit().catch(() => publisher.disconnect())]);
  }

  /**
   * One member changed under the workspace's row lock, so two owners demoting
   * each other on two instances cannot both succeed and leave no owner.
   */
  private async changeMember(
    workspace: string,
    memberId: string,
    losesOwner: boolean,
    apply: (client: pg.PoolClient, member: MemberRecord) => Promise<MemberRecord>,
  ): Promise<MemberChangeOutcome> {
    await this.ready();
    return transaction(this.pool, async (client): Promise<MemberChangeOutcome> => {
      await client.query(`SELECT id FROM ${W} WHERE id = $1 FOR UPDATE`, [workspace]);
      const found = await client.query(`SELECT * FROM ${M} WHERE workspace = $1 AND member_id = $2`, [workspace, memberId]);
      const member = found.rows[0] ? memberFromRow(found.rows[0]) : null;
      if (!member || member.removedAt !== null) return { ok: false, reason: 'not-found' };
      if (member.role === 'owner' && losesOwner) {
        const owners = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${M} WHERE workspace = $1 AND role = 'owner' AND removed_at IS NULL`, [workspace]);
        if (Number(owners.rows[0]!.n) <= 1) return { ok: false, reason: 'last-owner' };
      }
      return { ok: true, member: await apply(client, member) };
    });
  }

  private ready(): Promise<void> {
    this.tables ??= withPooledClient(this.pool, createAccessTables).catch((error: unknown) => {
      this.tables = null;
      throw error;
    });
    return this.tables;
  }

  private async readStates(): Promise<MemberState[]> {
    await this.ready();
    const { rows } = await this.pool.query<{ workspace: string; member_id: string; role: MemberRole; removed: boolean }>(
      `SELECT workspace, member_id, role, removed_at IS NOT NULL AS removed FROM ${M}`,
    );
    return rows.map((row) => ({ workspace: row.workspace, memberId: row.member_id, role: row.role, removed: row.removed }));
  }

  private async reread(): Promise<void> {
    const epoch = this.options.outages?.postgres.epoch;
    try {
      const states = await this.readStates();
      const known = this.known ?? new Map<string, MemberState>();
      const changed = states.filter((state) => {
        const before = known.get(stateKey(state));
        return !before || before.role !== state.role || before.removed !== state.removed;
      });
      for (const state of states) known.set(stateKey(state), state);
      if (this.failing) this.options.logger.info('member changes readable again');
      this.failing = false;
      this.options.outages?.postgres.restored({ epoch });
      if (!this.closed) for (const state of changed) for (const listener of this.listeners) listener(state);
    } catch (error) {
      // The last states read stay in force meanwhile ([S7]).
      if (this.options.outages && isPostgresUnavailable(error)) {
        this.options.outages.postgres.failed(error, { epoch });
        return;
      }
      if (!this.failing) this.options.logger.error('member changes cannot be read from postgres; keeping the last ones read, retrying', { error });
      this.failing = true;
    }
  }
}

async function insertMember(client: pg.ClientBase, member: MemberRecord): Promise<void> {
  await client.query(
    `INSERT INTO ${M} (workspace, member_id, name, role, invited_by, joined_at, last_seen_at, removed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [member.workspace, member.memberId, member.name, member.role, member.invitedBy, member.joinedAt, member.lastSeenAt, member.removedAt],
  );
}
