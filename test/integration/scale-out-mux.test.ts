/**
 * Multiplexed sockets on relay instances over one real PostgreSQL and Redis
 * (relay/SPEC.md [R40], [R41], [R44]): change numbers in commit order, catch-up
 * and live pushes across instances.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MuxTestClient, RelayProcess, StockClient } from '../helpers';
import { bindDoc, createCleanup, createTempDir, openMuxClient, readSyncMessage, removeTempDir, spawnRelayCli, stockClientFor, waitUntil } from '../helpers';
import type { RunningService } from '../helpers/services';
import { query, startPostgres, startRedis } from '../helpers/services';

let redis: RunningService;
let postgres: RunningService;
const relays: RelayProcess[] = [];
const dataDirs: string[] = [];
const cleanup = createCleanup();

async function spawnInstance(index: number, postgresUrl = postgres.url): Promise<RelayProcess> {
  const dataDir = createTempDir(`baton-scale-mux-${index}-`);
  dataDirs.push(dataDir);
  const relay = await spawnRelayCli(['--port', '0', '--data', dataDir, '--no-auth', '--redis', redis.url, '--postgres', postgresUrl, '--instance-id', `mux-${index}`]);
  relays.push(relay);
  return relay;
}

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  await Promise.all([0, 1].map((index) => spawnInstance(index)));
});

afterAll(async () => {
  for (const relay of relays) relay.kill();
  await Promise.all(relays.map((relay) => relay.exited));
  for (const dir of dataDirs) removeTempDir(dir);
  await Promise.allSettled([redis?.stop(), postgres?.stop()]);
});

afterEach(() => cleanup.run());

const a = () => relays[0]!;
const b = () => relays[1]!;
const stock = (relay: RelayProcess, room: string): StockClient => stockClientFor(cleanup, relay.url, room);

async function mux(relay: RelayProcess, workspace: string): Promise<MuxTestClient> {
  const client = await openMuxClient(relay.url, workspace);
  cleanup.add(() => client.ws.terminate());
  return client;
}

/** Writes through a stock client on `relay`; resolves once another client there has it (stored, [S2]). */
async function edit(relay: RelayProcess, room: string, value: string): Promise<void> {
  const writer = stock(relay, room);
  const reader = stock(relay, room);
  await Promise.all([writer.synced(), reader.synced()]);
  writer.doc.getText('body').insert(0, value);
  await waitUntil(() => reader.doc.getText('body').toString().includes(value), { description: `${value} stored` });
  writer.destroy();
  reader.destroy();
}

describe('multiplexed sockets scaled out', () => {
  it('[R41][R44] a change stored on instance A is listed by CATCHUP on instance B, and pushed live to a socket on B that has the doc neither open nor loaded', async () => {
    const onB = await mux(b(), 'spread');
    const first = await onB.catchUp(0);
    expect(first.docIds).toEqual([]);
    const from = onB.frames.length;
    await edit(a(), 'spread/x', 'from A');
    const pushed = await onB.next('changed', (frame) => frame.docIds.includes('x'), { from, timeoutMs: 5000 });
    expect(pushed).toEqual({ kind: 'changed', cursor: 0, docIds: ['x'] });
    const caughtUp = await onB.catchUp(first.cursor);
    expect(caughtUp.docIds).toEqual(['x']);
    expect(await onB.catchUp(caughtUp.cursor)).toEqual({ kind: 'changed', cursor: caughtUp.cursor, docIds: [] });
  });

  it('[R38][R39] a channel on B and a stock client on A edit together; `since` gives an empty step 2 only while the doc is unchanged', async () => {
    const writer = stock(a(), 'pair/doc');
    await writer.synced();
    writer.doc.getText('body').insert(0, 'A;');
    const onB = await mux(b(), 'pair');
    const bound = bindDoc(onB, 1, 'doc', new Y.Doc(), { answer: true });
    await waitUntil(() => bound.doc.getText('body').toString() === 'A;', { description: 'A on B' });
    bound.doc.getText('body').insert(2, 'B;');
    await waitUntil(() => writer.doc.getText('body').toString() === 'A;B;', { description: 'B on A' });

    const { cursor } = await onB.catchUp(0);
    const step2 = async (channel: number) => {
      const from = onB.frames.length;
      onB.open(channel, 'doc', new Y.Doc(), { since: cursor });
      return readSyncMessage((await onB.next('doc', (frame) => frame.channel === channel, { from })).message)!.payload;
    };
    expect(await step2(2)).toEqual(new Uint8Array([0, 0]));
    writer.doc.getText('body').insert(0, 'later;');
    await waitUntil(() => bound.doc.getText('body').toString().startsWith('later;'), { description: 'the later edit on B' });
    const full = new Y.Doc();
    Y.applyUpdate(full, await step2(3));
    expect(full.getText('body').toString()).toBe('later;A;B;');
  });

  it('[R40] numbers of one workspace are handed out in commit order: a reader following its cursor while two instances write many docs misses none', async () => {
    const reader = await mux(b(), 'race');
    const seen = new Set<string>();
    let cursor = 0;
    let writing = true;
    const follow = (async () => {
      for (;;) {
        // Only an answer to a question asked once every write was stored may end the reading: one
        // asked before could have been read before the last writes were visible.
        const askedAfterWrites = !writing;
        const answer = await reader.catchUp(cursor, 10_000);
        for (const docId of answer.docIds) seen.add(docId);
        cursor = answer.cursor;
        if (askedAfterWrites && answer.docIds.length === 0) break;
      }
    })();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => edit(i % 2 === 0 ? a() : b(), `race/d${i}`, `${i}`)),
    );
    writing = false;
    await follow;
    // Every doc was listed once its change was visible, never skipped behind the cursor.
    expect(seen.size).toBe(40);
  });

  it('[R40] docs stored before change numbers existed are each stamped when an instance creates the tables, and a new device hears of all of them', async () => {
    await query(postgres.url.replace(/\/baton$/, '/postgres'), 'CREATE DATABASE legacy');
    const legacyUrl = postgres.url.replace(/\/baton$/, '/legacy');
    await query(legacyUrl, 'CREATE TABLE baton_updates (id bigserial PRIMARY KEY, room text NOT NULL, txid xid8 NOT NULL DEFAULT pg_current_xact_id(), data bytea NOT NULL)');
    const doc = new Y.Doc();
    doc.getText('body').insert(0, 'old');
    for (const room of ['old/a', 'old/b', 'old/b', 'not-a-room']) await query(legacyUrl, 'INSERT INTO baton_updates (room, data) VALUES ($1, $2)', [room, Buffer.from(Y.encodeStateAsUpdate(doc))]);
    const instance = await spawnInstance(2, legacyUrl);
    const client = await mux(instance, 'old');
    expect((await client.catchUp(0)).docIds.sort()).toEqual(['a', 'b']);
    const stamps = await query<{ change: string }>(legacyUrl, "SELECT change FROM baton_doc_changes WHERE workspace = 'old'");
    expect(new Set(stamps.map((row) => row.change)).size).toBe(2);
  });
});
