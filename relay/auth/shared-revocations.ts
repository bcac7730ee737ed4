/**
 * Revoked token ids of a scaled-out relay ([S8]): one PostgreSQL table that
 * every instance reads, so `relay revoke --postgres` reaches all of them.
 *
 * The relay checks the list at every upgrade and, for every open token, every
 * few seconds ([R15], [R16]). A round trip per check would put PostgreSQL on
 * the upgrade path and make those checks asynchronous, so each instance keeps
 * the ids in memory instead: read before it starts listening, read again as
 * soon as `relay revoke` announces a revocation on Redis, and every few
 * seconds anyway, because pub/sub drops what is published while an instance
 * is disconnected. The table holds only ids of revoked tokens, so reading all
 * of it stays cheap.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from '../log';
import type { SharedOutages } from '../storage';
import { isPostgresUnavailable, withPooledClient } from '../storage/pg-connection';
import { MirrorRefresh } from '../storage/mirror-refresh';
import { MIGRATION_LOCK } from '../storage/postgres';
import type { RevocationCheck } from './revocations';

export const REVOCATIONS_TABLE = 'baton_revoked_tokens';
export const REVOCATIONS_CHANNEL = 'baton:revocations';
export const DEFAULT_REVOCATIONS_REFRESH_MS = 3000;

export class RevocationsNotLoadedError extends Error {
  override readonly name = 'RevocationsNotLoadedError';
}

/** Creates the table if needed, under the lock the updates table is created with. */
export async function createRevocationsTable(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${REVOCATIONS_TABLE} (
        token_id text PRIMARY KEY,
        revoked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

export interface SharedRevocationsOptions {
  postgresUrl: string;
  /** Where `relay revoke` announces revocations; without it only the periodic read finds them. */
  redisUrl?: string;
  logger: Logger;
  /** How often the whole list is read again (default 3000 ms). */
  refreshMs?: number;
  /**
   * The instance's outages ([S7]): when given, PostgreSQL and Redis being away is
   * reported there (one line per outage for the whole instance) instead of here.
   */
  outages?: SharedOutages;
}

export class PostgresRevocationList implements RevocationCheck {
  private ids: Set<string> | null = null;
  private readonly pool: pg.Pool;
  private readonly mirror: MirrorRefresh;
  private readonly listeners = new Set<() => void>();
  private tableReady = false;
  private failing = false;
  private closed = false;
  private markLoaded!: () => void;
  private readonly loaded = new Promise<void>((resolve) => (this.markLoaded = resolve));

  constructor(private readonly options: SharedRevocationsOptions) {
    const { logger } = options;
    this.pool = new pg.Pool({ connectionString: options.postgresUrl, max: 2, connectionTimeoutMillis: 5000 });
    // An idle connection broke (restart, failover); the next read fails and logs the outage once ([S7]).
    this.pool.on('error', () => {});
    this.mirror = new MirrorRefresh({
      read: () => this.read(),
      redisUrl: options.redisUrl,
      channel: REVOCATIONS_CHANNEL,
      connectionName: 'baton-relay-revocations',
      refreshMs: options.refreshMs ?? DEFAULT_REVOCATIONS_REFRESH_MS,
      logger,
      outages: options.outages,
      what: 'revocations',
    });
    void this.refresh();
  }

  /** Resolves once the list has been read; until then `isRevoked` throws rather than guess. */
  ready(): Promise<void> {
    return this.loaded;
  }

  isRevoked(tokenId: string): boolean {
    if (!this.ids) throw new RevocationsNotLoadedError('revoked tokens not read from postgres yet');
    return this.ids.has(tokenId);
  }

  onRevoked(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Reads the whole list again; a call during a read makes that read run once more. */
  refresh(): Promise<void> {
    return this.closed ? Promise.resolve() : this.mirror.refresh();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.mirror.close();
    await this.pool.end().catch(() => {});
  }

  private async read(): Promise<void> {
    const epoch = this.options.outages?.postgres.epoch;
    try {
      if (!this.tableReady) {
        // A checked-out client needs its own 'error' listener: a restart mid-query would end the process ([S7]).
        await withPooledClient(this.pool, createRevocationsTable);
        this.tableReady = true;
      }
      const result = await this.pool.query<{ token_id: string }>(`SELECT token_id FROM ${REVOCATIONS_TABLE}`);
      const previous = this.ids;
      const next = new Set(result.rows.map((row) => row.token_id));
      this.ids = next;
      this.markLoaded();
      if (this.failing) this.options.logger.info('revocations readable again');
      this.failing = false;
      this.options.outages?.postgres.restored({ epoch });
      const added = previous ? result.rows.some((row) => !previous.has(row.token_id)) : false;
      if (added && !this.closed) for (const listener of this.listeners) listener();
    } catch (error) {
      // While the instance's PostgreSQL outage is on, the last list read stays in force ([S8]); the outage says the rest.
      if (this.options.outages && isPostgresUnavailable(error)) {
        this.options.outages.postgres.failed(error, { epoch });
        return;
      }
      if (!this.failing) {
        const known = this.ids ? 'keeping the last list read' : 'refusing tokens until it is read';
        this.options.logger.error(`revoked tokens cannot be read from postgres; ${known}, retrying`, { error });
      }
      this.failing = true;
    }
  }
}

export interface SharedRevocation {
  /** False if the id was already revoked. */
  added: boolean;
  /** Whether running instances were told on Redis; if not, they read it within their refresh interval. */
  announced: boolean;
  /** Why the announcement failed, if it did. */
  announceError?: unknown;
}

/** What `relay revoke --postgres URL [--redis URL]` does: store the id, then tell the instances. */
export async function revokeShared(options: { postgresUrl: string; redisUrl?: string; tokenId: string }): Promise<SharedRevocation> {
  const client = new pg.Client({ connectionString: options.postgresUrl, connectionTimeoutMillis: 5000 });
  // A server that goes away mid-query also rejects the query; without a listener the event would crash.
  client.on('error', () => {});
  await client.connect();
  let added: boolean;
  try {
    await createRevocationsTable(client);
    const result = await client.query(`INSERT INTO ${REVOCATIONS_TABLE} (token_id) VALUES ($1) ON CONFLICT (token_id) DO NOTHING`, [options.tokenId]);
    added = (result.rowCount ?? 0) > 0;
  } finally {
    await client.end().catch(() => {});
  }
  if (!options.redisUrl) return { added, announced: false };
  // Announced even if it was revoked before: repeating a lost announcement is the point of running it again.
  const redis = new Redis(options.redisUrl, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.publish(REVOCATIONS_CHANNEL, options.tokenId);
    return { added, announced: true };
  } catch (error) {
    return { added, announced: false, announceError: error };
  } finally {
    redis.disconnect();
  }
}
