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
 */
import pg from 'pg';
import * as Y from 'yjs';
import { withPooledClient } from './pg-connection';
import type { StoredUpdate } from './types';

export const POSTGRES_TABLE = 'baton_updates';

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

  /** Appends and commits; resolves with the row id. */
  async append(room: string, update: Uint8Array): Promise<number> {
    await this.ready();
    const result = await this.pool.query<{ id: string }>(`INSERT INTO ${POSTGRES_TABLE} (room, data) VALUES ($1, $2) RETURNING id`, [
      room,
      Buffer.from(update.buffer, update.byteOffset, update.byteLength),
    ]);
    const id = result.rows[0]?.id;
    if (id === undefined) throw new Error(`append to ${room} returned no id`);
    return Number(id);
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
