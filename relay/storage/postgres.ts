/**
 * The durable log shared by every relay instance: one append-only table in
 * PostgreSQL. An INSERT that returned is committed (synchronous_commit on), so
 * "stored" means what it means with SQLite ([R2], [S2]).
 *
 * Each row also records the id of the transaction that wrote it (`txid`,
 * xid8). bigserial ids are handed out before commit, so a smaller id can
 * become visible after a larger one and "rows after the last id I saw" would
 * miss it. Transaction ids and snapshots do not have that gap: a row that a
 * snapshot could not see was written by a transaction whose id is at least the
 * snapshot's xmin. Catch-up therefore asks for `txid >= xmin` of a snapshot
 * taken before the previous read ([S5]).
 *
 * Change numbers ([R40]): each append also raises its workspace's counter row and
 * stamps the doc with the new number, in the same statement (one transaction). The
 * counter row stays locked until that transaction commits, so the next append of
 * the workspace, on any instance, gets its number only after this one is visible:
 * numbers become visible in the order they were handed out, and a reader that sees
 * number n sees every number below it. (A sequence would hand out numbers before
 * commit, and a reader could pass a change that commits later with a lower number.)
 */
import pg from 'pg';
import * as Y from 'yjs';
import { parseRoom } from '../../shared/protocol';
import type { ChangedDocs, ChangeStamp } from './changes';
import { withPooledClient } from './pg-connection';
import type { StoredUpdate } from './types';

export const POSTGRES_TABLE = 'baton_updates';
/** Each workspace's last change number: the row whose lock orders them ([R40]). */
export const WORKSPACE_CHANGES_TABLE = 'baton_workspace_changes';
/** Each doc's last change number, indexed by workspace and number ([R40]). */
export const DOC_CHANGES_TABLE = 'baton_doc_changes';
/** PostgreSQL's clock in microseconds: the floor of a new change number (changes.ts). */
const NOW_MICROS = 'floor(extract(epoch from clock_timestamp()) * 1000000)::bigint';

/** A transaction-snapshot xmin, as text (xid8 exceeds 2^53 in theory). */
export type SnapshotFloor = string;

export interface RoomRows {
  rows: StoredUpdate[];
  /** Rows written by transactions >= this were possibly not visible to this read. */
  floor: SnapshotFloor;
}

export interface RemoteRow extends StoredUpdate {
  room: string;
}

/** Serializes CREATE TABLE of instances starting together; every relay table is created under it. */
export const MIGRATION_LOCK = 7_468_001;

export class PostgresLog {
  private readonly pool: pg.Pool;
  private migrated: Promise<void> | null = null;

  /** `onConnectionLost`: an idle pooled connection broke; the server may be gone ([S7]). */
  constructor(connectionString: string, onConnectionLost: (error: Error) => void) {
    this.pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5000 });
    // An idle client whose server went away emits 'error' on the pool; unhandled it would
    // crash the process. The next query opens a fresh connection.
    this.pool.on('error', onConnectionLost);
  }

  /** Creates the table once per process; retried on the next call if it failed. */
  ready(): Promise<void> {
    this.migrated ??= this.migrate().catch((error: unknown) => {
      this.migrated = null;
      throw error;
    });
    return this.migrated;
  }

  private async migrate(): Promise<void> {
    // Several instances starting together would race on CREATE TABLE IF NOT EXISTS.
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${POSTGRES_TABLE} (
          id bigserial PRIMARY KEY,
          room text NOT NULL,
          txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
          data bytea NOT NULL
        )`);
      await client.query(`CREATE INDEX IF NOT EXISTS ${POSTGRES_TABLE}_room_id ON ${POSTGRES_TABLE} (room, id)`);
      await client.query(`CREATE INDEX IF NOT EXISTS ${POSTGRES_TABLE}_room_txid ON ${POSTGRES_TABLE} (room, txid)`);
      const missing = await client.query<{ missing: boolean }>(`SELECT to_regclass('${DOC_CHANGES_TABLE}') IS NULL AS missing`);
      if (missing.rows[0]?.missing) await createChangeTables(client);
    });
  }

  async load(room: string): Promise<RoomRows> {
    await this.ready();
    // The floor comes from a snapshot taken before the read: conservative, never too high.
    const floor = await this.snapshotFloor();
    const result = await this.pool.query<{ id: string; data: Buffer }>(
      `SELECT id, data FROM ${POSTGRES_TABLE} WHERE room = $1 ORDER BY id`,
      [room],
    );
    return { rows: result.rows.map(toStored), floor };
  }

  /**
   * Appends and commits; resolves with the row id and the change number it stamped
   * its doc with (0 for a room that is not `<workspace>/<doc>`), in one statement ([R40]).
   */
  async append(room: string, update: Uint8Array): Promise<{ id: number; change: number }> {
    await this.ready();
    const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
    const parsed = parseRoom(room);
    const result = parsed
      ? await this.pool.query<{ id: string; change: string }>(
          // The counter is raised from the inserted row, so after it: the row lock that orders
          // the workspace's numbers is taken last and held only for the rest of the commit.
          `WITH inserted AS (
             INSERT INTO ${POSTGRES_TABLE} (room, data) VALUES ($3, $4) RETURNING id
           ), counter AS (
             INSERT INTO ${WORKSPACE_CHANGES_TABLE} AS c (workspace, last_change) SELECT $1, ${NOW_MICROS} FROM inserted
             ON CONFLICT (workspace) DO UPDATE SET last_change = GREATEST(c.last_change + 1, ${NOW_MICROS})
             RETURNING last_change
           ), stamped AS (
             INSERT INTO ${DOC_CHANGES_TABLE} (workspace, doc, change) SELECT $1, $2, last_change FROM counter
             ON CONFLICT (workspace, doc) DO UPDATE SET change = EXCLUDED.change
           )
           SELECT inserted.id, counter.last_change AS change FROM inserted, counter`,
          [parsed.workspaceId, parsed.docId, room, data],
        )
      : await this.pool.query<{ id: string; change: string }>(`INSERT INTO ${POSTGRES_TABLE} (room, data) VALUES ($1, $2) RETURNING id, 0 AS change`, [room, data]);
    const row = result.rows[0];
    if (row === undefined) throw new Error(`append to ${room} returned no id`);
    return { id: Number(row.id), change: Number(row.change) };
  }

  /** [R41] Docs stamped after `cursor`, and the workspace's latest number, read in one snapshot. */
  async changedSince(workspaceId: string, cursor: number, limit: number): Promise<ChangedDocs> {
    await this.ready();
    const result = await this.pool.query<{ latest: string | null; doc: string | null; change: string | null }>(
      `SELECT w.last_change AS latest, d.doc, d.change
         FROM (SELECT $1::text AS workspace) q
         LEFT JOIN ${WORKSPACE_CHANGES_TABLE} w ON w.workspace = q.workspace
         LEFT JOIN LATERAL (
           SELECT doc, change FROM ${DOC_CHANGES_TABLE} WHERE workspace = $1 AND change > $2 ORDER BY change LIMIT $3
         ) d ON true`,
      [workspaceId, cursor, limit],
    );
    const listed = result.rows.filter((row) => row.doc !== null);
    const latest = Number(result.rows[0]?.latest ?? 0);
    const next = listed.length === limit ? Number(listed.at(-1)!.change) : Math.max(cursor, latest);
    return { cursor: next, docIds: listed.map((row) => row.doc!) };
  }

  /** [R39] The doc's number and its workspace's latest, read in one snapshot. */
  async changeStamp(room: string): Promise<ChangeStamp> {
    const parsed = parseRoom(room);
    if (!parsed) return { doc: 0, workspace: 0 };
    await this.ready();
    const result = await this.pool.query<{ doc: string | null; workspace: string | null }>(
      `SELECT (SELECT change FROM ${DOC_CHANGES_TABLE} WHERE workspace = $1 AND doc = $2) AS doc,
              (SELECT last_change FROM ${WORKSPACE_CHANGES_TABLE} WHERE workspace = $1) AS workspace`,
      [parsed.workspaceId, parsed.docId],
    );
    return { doc: Number(result.rows[0]?.doc ?? 0), workspace: Number(result.rows[0]?.workspace ?? 0) };
  }

  /**
   * [S5] Rows of the given rooms written by transactions at or after each room's
   * floor, and the floor for the next call. May repeat rows seen before;
   * applying a Yjs update twice is harmless.
   */
  async readSince(floors: Map<string, SnapshotFloor>): Promise<{ rows: RemoteRow[]; floor: SnapshotFloor }> {
    await this.ready();
    const floor = await this.snapshotFloor();
    const rooms = Array.from(floors.keys());
    const result = await this.pool.query<{ room: string; id: string; data: Buffer }>(
      `SELECT u.room, u.id, u.data FROM ${POSTGRES_TABLE} u
         JOIN unnest($1::text[], $2::xid8[]) AS f(room, floor) ON u.room = f.room
        WHERE u.txid >= f.floor ORDER BY u.id`,
      [rooms, rooms.map((room) => floors.get(room))],
    );
    return { rows: result.rows.map((row) => ({ room: row.room, ...toStored(row) })), floor };
  }

  /**
   * [R7][S6] Replaces the room's rows with id <= uptoId by one row merging exactly
   * those rows, read inside the transaction. Rows committed meanwhile (even with a
   * smaller id) are not deleted, because only the ids read are. The merged row gets
   * a new id and txid, so every instance's catch-up sees it once: an instance that
   * missed one of the merged rows gets its content back that way.
   */
  async compact(room: string, uptoId: number): Promise<number | null> {
    await this.ready();
    let mergedBytes: number | null = null;
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [room]);
      const result = await client.query<{ id: string; data: Buffer }>(
        `SELECT id, data FROM ${POSTGRES_TABLE} WHERE room = $1 AND id <= $2 ORDER BY id`,
        [room, uptoId],
      );
      if (result.rows.length > 1) {
        const merged = mergeRows(result.rows.map(toStored));
        await client.query(`DELETE FROM ${POSTGRES_TABLE} WHERE id = ANY($1::bigint[])`, [result.rows.map((row) => row.id)]);
        await client.query(`INSERT INTO ${POSTGRES_TABLE} (room, data) VALUES ($1, $2)`, [room, Buffer.from(merged)]);
        mergedBytes = merged.byteLength;
      }
    });
    return mergedBytes;
  }

  /** A round trip that proves the server answers; for noticing the end of an outage ([S7]). */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /** Runs `work` in one transaction on one pooled connection: committed if it resolves, rolled back if not. */
  private transaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    return withPooledClient(this.pool, async (client) => {
      await client.query('BEGIN');
      try {
        await work(client);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async snapshotFloor(): Promise<SnapshotFloor> {
    const result = await this.pool.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
    const xmin = result.rows[0]?.xmin;
    if (xmin === undefined) throw new Error('postgres returned no snapshot');
    return xmin;
  }
}

/**
 * [R40] The change tables, created once under the migration lock. Docs stored before
 * there were numbers get one each, all different (a catch-up page is cut between two
 * numbers), so a new device's CATCHUP from 0 lists them too.
 */
async function createChangeTables(client: pg.PoolClient): Promise<void> {
  await client.query(`CREATE TABLE ${WORKSPACE_CHANGES_TABLE} (workspace text PRIMARY KEY, last_change bigint NOT NULL)`);
  await client.query(`CREATE TABLE ${DOC_CHANGES_TABLE} (workspace text NOT NULL, doc text NOT NULL, change bigint NOT NULL, PRIMARY KEY (workspace, doc))`);
  await client.query(`CREATE INDEX ${DOC_CHANGES_TABLE}_workspace_change ON ${DOC_CHANGES_TABLE} (workspace, change)`);
  await client.query(`
    INSERT INTO ${DOC_CHANGES_TABLE} (workspace, doc, change)
    SELECT split_part(room, '/', 1), split_part(room, '/', 2), floor(extract(epoch from now()) * 1000000)::bigint + row_number() OVER (PARTITION BY split_part(room, '/', 1) ORDER BY room)
      FROM (SELECT DISTINCT room FROM ${POSTGRES_TABLE} WHERE room ~ '^[A-Za-z0-9_-]{1,64}/[A-Za-z0-9_-]{1,64}$') rooms`);
  await client.query(`INSERT INTO ${WORKSPACE_CHANGES_TABLE} (workspace, last_change) SELECT workspace, max(change) FROM ${DOC_CHANGES_TABLE} GROUP BY workspace`);
}

function toStored(row: { id: string; data: Buffer }): StoredUpdate {
  return { seq: Number(row.id), data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) };
}

/**
 * One update holding every row, pending (not yet integrable) parts included.
 * One transaction per row, as the room applied them ([R31], `load-doc.ts`).
 */
function mergeRows(rows: StoredUpdate[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    for (const row of rows) Y.applyUpdate(doc, row.data);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
