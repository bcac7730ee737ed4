/**
 * Three relay processes over one real PostgreSQL and one real redis-server act
 * as one relay (relay/SPEC.md, "Scale-out").
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RelayProcess, StockClient } from '../helpers';
import { connectStockClient, createCleanup, createTempDir, removeTempDir, sleep, spawnRelayCli, waitUntil } from '../helpers';
import type { RunningService } from '../helpers/services';
import { query, startPostgres, startRedis } from '../helpers/services';

const TABLE = 'baton_updates';
let redis: RunningService;
let postgres: RunningService;
const relays: RelayProcess[] = [];
const dataDirs: string[] = [];
const cleanup = createCleanup();

async function spawnInstance(index: number): Promise<RelayProcess> {
  const dataDir = createTempDir(`baton-scale-${index}-`);
  dataDirs.push(dataDir);
  // Auth is covered elsewhere; instances behind one address would share BATON_SECRET.
  return spawnRelayCli(['--port', '0', '--data', dataDir, '--no-auth', '--redis', redis.url, '--postgres', postgres.url, '--instance-id', `relay-${index}`]);
}

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  relays.push(...(await Promise.all([0, 1, 2].map(spawnInstance))));
});

afterAll(async () => {
  for (const relay of relays) relay.kill();
  await Promise.all(relays.map((relay) => relay.exited));
  for (const dir of dataDirs) removeTempDir(dir);
  await Promise.allSettled([redis?.stop(), postgres?.stop()]);
});

afterEach(() => cleanup.run());

function client(relay: RelayProcess, room: string, doc?: Y.Doc): StockClient {
  const c = connectStockClient(relay.url, room, { doc });
  return cleanup.add(() => c.destroy(), c);
}

const text = (c: StockClient | Y.Doc) => ('doc' in c ? c.doc : c).getText('body').toString();

function append(c: StockClient, value: string): void {
  const body = c.doc.getText('body');
  body.insert(body.length, value);
}

/** Every row PostgreSQL holds for the room, applied to a fresh doc. */
async function storedText(room: string): Promise<string> {
  const rows = await query<{ data: Buffer }>(postgres.url, `SELECT data FROM ${TABLE} WHERE room = $1 ORDER BY id`, [room]);
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
  return text(doc);
}

function markers(value: string): string[] {
  return value.split(';').filter(Boolean).sort();
}

describe('scale-out over PostgreSQL and Redis', () => {
  it('[S1] clients of one room spread over three instances edit concurrently and converge', async () => {
    const room = 'team/converge';
    const clients = relays.map((relay) => client(relay, room));
    await Promise.all(clients.map((c) => c.synced()));
    const expected: string[] = [];
    for (let round = 0; round < 15; round++) {
      clients.forEach((c, i) => {
        append(c, `c${i}r${round};`);
        expected.push(`c${i}r${round}`);
      });
      if (round % 5 === 0) await sleep(5);
    }
    await waitUntil(() => clients.every((c) => text(c) === text(clients[0]!)) && markers(text(clients[0]!)).length === expected.length, {
      timeoutMs: 10_000,
      description: 'three clients on three instances to converge',
    });
    expect(markers(text(clients[0]!))).toEqual(expected.sort());
    expect(markers(await storedText(room))).toEqual(expected);
  });

  it('[S2] an update reaches no other client, on any instance, before PostgreSQL has committed it', async () => {
    const room = 'team/durable-first';
    const writer = client(relays[0]!, room);
    const sameInstance = client(relays[0]!, room);
    const others = [client(relays[1]!, room), client(relays[2]!, room)];
    const readers = [sameInstance, ...others];
    await Promise.all([writer, ...readers].map((c) => c.synced()));
    append(writer, 'warm-up;');
    await waitUntil(() => readers.every((c) => text(c) === 'warm-up;'), { description: 'warm-up edit everywhere' });

    // Hold a lock that makes every INSERT wait, while reads go on.
    const blocker = new pg.Client({ connectionString: postgres.url });
    await blocker.connect();
    cleanup.add(() => blocker.end());
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE ${TABLE} IN EXCLUSIVE MODE`);
    append(writer, 'held;');
    await sleep(1500);
    expect(readers.map(text)).toEqual(['warm-up;', 'warm-up;', 'warm-up;']);
    expect(await storedText(room)).toBe('warm-up;');

    await blocker.query('COMMIT');
    await waitUntil(() => readers.every((c) => text(c) === 'warm-up;held;'), { description: 'the held edit after commit' });
    expect(await storedText(room)).toBe('warm-up;held;');
  });

  it('[S4][S5] a row whose announcement never came (its instance died after committing) still reaches every instance', async () => {
    const room = 'team/catch-up';
    const clients = relays.map((relay) => client(relay, room));
    await Promise.all(clients.map((c) => c.synced()));
    const ghost = new Y.Doc();
    ghost.getText('body').insert(0, 'from-a-dead-instance;');
    await query(postgres.url, `INSERT INTO ${TABLE} (room, data) VALUES ($1, $2)`, [room, Buffer.from(Y.encodeStateAsUpdate(ghost))]);
    await waitUntil(() => clients.every((c) => text(c) === 'from-a-dead-instance;'), { timeoutMs: 8000, description: 'catch-up read on every instance' });
  });

  it('[S3][R6] kill -9 of an instance loses nothing; its client reconnects to another instance and converges', async () => {
    const room = 'team/failover';
    const victim = relays[2]!;
    const onVictim = client(victim, room);
    const survivors = [client(relays[0]!, room), client(relays[1]!, room)];
    await Promise.all([onVictim, ...survivors].map((c) => c.synced()));
    for (let i = 0; i < 10; i++) append(onVictim, `v${i};`);
    const before = text(onVictim);
    await waitUntil(() => survivors.every((c) => text(c) === before), { description: 'survivors have the victim client edits' });

    victim.kill();
    await victim.exited;
    // Edits while the victim's client is cut off, on both sides.
    append(onVictim, 'offline;');
    append(survivors[0]!, 's0;');
    append(survivors[1]!, 's1;');
    // Everything the victim relayed is stored; what its client typed since is not (yet).
    const stored = markers(await storedText(room));
    expect(stored).toEqual(expect.arrayContaining(markers(before)));
    expect(stored).not.toContain('offline');

    // The same doc, now through a surviving instance (what a load balancer would do).
    onVictim.provider.destroy();
    const reconnected = client(relays[1]!, room, onVictim.doc);
    await reconnected.synced();
    const all = [reconnected, ...survivors];
    await waitUntil(() => all.every((c) => markers(text(c)).length === 13 && text(c) === text(all[0]!)), {
      timeoutMs: 10_000,
      description: 'reconnected client and survivors converge',
    });
    expect(markers(text(reconnected))).toEqual(markers(before + 'offline;s0;s1;'));

    // A fresh client on a new instance (the replacement) and on a survivor gets everything.
    relays[2] = await spawnInstance(3);
    for (const relay of [relays[2], relays[0]!]) {
      const fresh = client(relay, room);
      await fresh.synced();
      await waitUntil(() => text(fresh) === text(all[0]!), { description: `fresh client on ${relay.url}` });
    }
    expect(markers(await storedText(room))).toEqual(markers(text(all[0]!)));
  });
});
