/**
 * [R7][R20][S6] Compaction on both stores: a large document taking thousands
 * of small edits keeps its storage under twice the compacted doc, and the
 * bytes compactions rewrite stay linear in the bytes edited (a rewrite of the
 * whole doc every few hundred rows would be quadratic).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../../relay/log';
import { Room } from '../../relay/room';
import { ClusterDocStore } from '../../relay/storage/cluster';
import { POSTGRES_TABLE } from '../../relay/storage/postgres';
import { SqliteDocStore } from '../../relay/storage/sqlite';
import { fakePeer } from '../../relay/testing';
import { createCleanup, tempDirFor } from '../helpers';
import type { RestartableService } from '../helpers/services';
import { query, startPostgres, startRedis } from '../helpers/services';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

let redis: RestartableService;
let postgres: RestartableService;
beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([redis?.stop(), postgres?.stop()]);
});

const ROOM = 'team/strategy';
const EDITS = 2_000;

interface Subject {
  room: Room;
  storedBytes(): Promise<number>;
  /** Bytes of every merged row the store wrote. */
  rewritten: number[];
}

async function sqliteSubject(): Promise<Subject> {
  const store = new SqliteDocStore(tempDirFor(cleanup));
  cleanup.add(() => store.close());
  const rewritten: number[] = [];
  const compact = store.compact.bind(store);
  store.compact = (room, merged, upto) => {
    rewritten.push(merged.byteLength);
    compact(room, merged, upto);
  };
  const room = Room.load(ROOM, { store, logger: silentLogger, compactThreshold: 500 });
  const storedBytes = async () => store.loadUpdates(ROOM).reduce((sum, row) => sum + row.data.byteLength, 0);
  return { room, storedBytes, rewritten };
}

async function postgresSubject(): Promise<Subject> {
  const store = new ClusterDocStore({ postgresUrl: postgres.url, redisUrl: redis.url, logger: silentLogger });
  cleanup.add(() => store.close());
  await query(postgres.url, `DELETE FROM ${POSTGRES_TABLE} WHERE room = $1`, [ROOM]).catch(() => {});
  const rewritten: number[] = [];
  const compact = store.compact.bind(store);
  store.compact = async (room, upto) => {
    const merged = await compact(room, upto);
    if (merged !== null) rewritten.push(merged);
    return merged;
  };
  const room = Room.load(ROOM, { store, logger: silentLogger, compactThreshold: 500 });
  const storedBytes = async () => {
    const [row] = await query<{ bytes: string | null }>(postgres.url, `SELECT sum(length(data)) AS bytes FROM ${POSTGRES_TABLE} WHERE room = $1`, [ROOM]);
    return Number(row?.bytes ?? 0);
  };
  return { room, storedBytes, rewritten };
}

describe('compaction', () => {
  it.each([
    ['SQLite', sqliteSubject],
    ['PostgreSQL', postgresSubject],
  ])('[R20][S6] on %s: 2,000 keystrokes into a 60 KB document rewrite it at most once, and storage stays under 2x the compacted doc', async (_name, subject) => {
    const { room, storedBytes, rewritten } = await subject();
    const peer = fakePeer();
    room.join(peer);
    const doc = new Y.Doc();
    const sent: Array<void | Promise<void>> = [];
    let editedBytes = 0;
    doc.on('update', (update: Uint8Array) => {
      editedBytes += update.byteLength;
      sent.push(room.receive(peer, { type: 'sync-update', update }));
    });
    const text = doc.getText('body');
    text.insert(0, 'A strategy draft. '.repeat(3_400));
    const initial = editedBytes;
    for (let i = 0; i < EDITS; i++) text.insert(1_000 + i, 'abcdefghij '[i % 11]!);
    await Promise.all(sent);
    // Compactions run in the background on PostgreSQL: wait for the ones started.
    await room.whenCompacted();
    expect(peer.closed).toBeNull();

    const compacted = Y.encodeStateAsUpdate(doc).byteLength;
    expect(await storedBytes()).toBeLessThanOrEqual(2 * compacted);
    // Linear: what compactions rewrote is bounded by what was written, not by rows x doc size.
    const rewrittenBytes = rewritten.reduce((sum, bytes) => sum + bytes, 0);
    expect(rewritten.length).toBeGreaterThanOrEqual(1);
    expect(rewrittenBytes).toBeLessThanOrEqual(initial + 2 * (editedBytes - initial));
    room.shutdown();
  }, 120_000);
});
