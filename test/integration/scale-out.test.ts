/**
 * Three relay processes over one real PostgreSQL and one real redis-server act
 * as one relay (relay/SPEC.md, "Scale-out").
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol';
import type { RelayProcess, StockClient } from '../helpers';
import { createCleanup, createTempDir, removeTempDir, runRelayCli, sleep, spawnRelayCli, stockClientFor, upgradeResponse, waitUntil } from '../helpers';
import type { RunningService } from '../helpers/services';
import { query, startPostgres, startRedis } from '../helpers/services';

const TABLE = 'baton_updates';
/** Advisory lock key the [S2] test holds to make one room's INSERTs wait. */
const HOLD_LOCK = 424_242;
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

const client = (relay: RelayProcess, room: string, doc?: Y.Doc, token?: string): StockClient => stockClientFor(cleanup, relay.url, room, { doc, token });

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
    // A room beside it, written through the same instance and read on every instance:
    // its edits go the way the held one would, locally and through Redis.
    const beside = 'team/durable-beside';
    const besideWriter = client(relays[0]!, beside);
    const besideReaders = relays.map((relay) => client(relay, beside));
    await Promise.all([writer, ...readers, besideWriter, ...besideReaders].map((c) => c.synced()));
    append(writer, 'warm-up;');
    await waitUntil(() => readers.every((c) => text(c) === 'warm-up;'), { description: 'warm-up edit everywhere' });

    // Every INSERT into this room waits for a lock the test holds; the other room's go through.
    await query(
      postgres.url,
      `CREATE OR REPLACE FUNCTION baton_test_hold() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.room = '${room}' THEN PERFORM pg_advisory_xact_lock_shared(${HOLD_LOCK}); END IF; RETURN NEW; END $$`,
    );
    await query(postgres.url, `CREATE TRIGGER baton_test_hold BEFORE INSERT ON ${TABLE} FOR EACH ROW EXECUTE FUNCTION baton_test_hold()`);
    cleanup.add(() => query(postgres.url, `DROP TRIGGER IF EXISTS baton_test_hold ON ${TABLE}`));
    const blocker = new pg.Client({ connectionString: postgres.url });
    await blocker.connect();
    cleanup.add(() => blocker.end());
    await blocker.query('SELECT pg_advisory_lock($1)', [HOLD_LOCK]);
    append(writer, 'held;');
    // The relay has applied the edit and waits in its INSERT: it would have sent it by now.
    await waitUntil(async () => (await query(postgres.url, `SELECT pid FROM pg_stat_activity WHERE wait_event = 'advisory' AND query LIKE '%INSERT INTO ${TABLE} %'`)).length > 0, {
      description: 'the held edit waiting in its INSERT',
    });
    // An edit typed after that, through the same instance, reaches every instance first.
    append(besideWriter, 'after;');
    await waitUntil(() => besideReaders.every((c) => text(c) === 'after;'), { description: 'the later edit beside it everywhere' });
    expect(readers.map(text)).toEqual(['warm-up;', 'warm-up;', 'warm-up;']);
    expect(await storedText(room)).toBe('warm-up;');

    await blocker.query('SELECT pg_advisory_unlock($1)', [HOLD_LOCK]);
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

describe('access when scaled out', () => {
  const SECRET = 'shared-by-every-instance-0123456789';
  const REVOCATIONS = 'baton_revoked_tokens';

  /** An instance that checks tokens, as compose runs them: same BATON_SECRET everywhere. */
  async function spawnSecured(index: number): Promise<RelayProcess> {
    const dataDir = createTempDir(`baton-scale-auth-${index}-`);
    dataDirs.push(dataDir);
    const relay = await spawnRelayCli(['--port', '0', '--data', dataDir, '--redis', redis.url, '--postgres', postgres.url, '--instance-id', `secured-${index}`], {
      env: { BATON_SECRET: SECRET },
    });
    return cleanup.add(async () => {
      relay.kill();
      await relay.exited;
    }, relay);
  }

  /** `npm run relay -- ...` to completion, with this environment on top of the test's. */
  function relayCommand(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | string; stdout: string; stderr: string }> {
    return runRelayCli(args, { env });
  }

  async function mint(workspace: string): Promise<{ token: string; tokenId: string }> {
    const dir = createTempDir('baton-scale-mint-');
    try {
      const result = await relayCommand(['token', '--data', dir, '--workspace', workspace, '--role', 'editor'], { BATON_SECRET: SECRET });
      expect(result.code).toBe(0);
      const token = result.stdout.trim();
      const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { jti: string };
      return { token, tokenId: payload.jti };
    } finally {
      removeTempDir(dir);
    }
  }

  /** Stock clients with the token on each instance, synced, and the close codes each one sees. */
  async function connectEverywhere(instances: RelayProcess[], room: string, token: string) {
    const clients = instances.map((relay) => client(relay, room, undefined, token));
    const closes = clients.map((c) => {
      const codes: number[] = [];
      c.provider.on('connection-close', (event) => event && codes.push(event.code));
      return codes;
    });
    await Promise.all(clients.map((c) => c.synced(10_000)));
    return { clients, closes };
  }

  async function expectRefusedEverywhere(instances: RelayProcess[], room: string, token: string, status: number, reason: string) {
    for (const relay of instances) {
      const refusal = await upgradeResponse(relay.url, `${room}?token=${token}`);
      expect({ url: relay.url, status: refusal.status, body: refusal.body }).toMatchObject({ url: relay.url, status, body: { reason } });
    }
  }

  it('[S8][R16] `relay revoke --postgres --redis` closes the token\'s connections on every instance with 4401 and every upgrade refuses it', async () => {
    const instances = await Promise.all([0, 1, 2].map(spawnSecured));
    const revoked = await mint('team');
    const kept = await mint('team');
    const room = 'team/revoke-everywhere';
    const { clients, closes } = await connectEverywhere(instances, room, revoked.token);
    const keeping = await connectEverywhere(instances, room, kept.token);
    // One secret everywhere: a token minted once syncs through every instance.
    append(clients[0]!, 'before;');
    await waitUntil(() => [...clients, ...keeping.clients].every((c) => text(c) === 'before;'), { description: 'edit through every instance' });

    // By the token itself: whoever handed it out may not have its id.
    const result = await relayCommand(['revoke', revoked.token, '--postgres', postgres.url, '--redis', redis.url], { BATON_SECRET: SECRET });
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain(`token ${revoked.tokenId} revoked`);
    // Announced on Redis: the command did not fall back to the instances' periodic reads.
    expect(result.stderr).not.toContain('every instance reads it');
    await waitUntil(() => closes.every((codes) => codes.includes(CloseCode.unauthorized)), {
      timeoutMs: 10_000,
      description: 'every instance to close the revoked token with 4401',
    });
    // After those closes, the other token's connections, open on every instance all along,
    // still carry an edit to each other: the revocation closed that token's connections only.
    append(keeping.clients[1]!, 'after;');
    await waitUntil(() => keeping.clients.every((c) => text(c) === 'before;after;'), { description: 'an edit through the kept token after the revocation' });
    expect(keeping.closes).toEqual([[], [], []]);
    expect(await query(postgres.url, `SELECT token_id FROM ${REVOCATIONS} WHERE token_id = $1`, [revoked.tokenId])).toHaveLength(1);
    await expectRefusedEverywhere(instances, room, revoked.token, 401, 'revoked');
    // Only that token: another one still opens the room on every instance.
    for (const relay of instances) expect((await upgradeResponse(relay.url, `${room}?token=${kept.token}`)).status).toBe(101);

    // Revoking again says so, and changes nothing.
    const again = await relayCommand(['revoke', revoked.tokenId, '--postgres', postgres.url, '--redis', redis.url], {});
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('was already revoked');
  });

  it('[S8] without Redis (env BATON_POSTGRES_URL only) every instance still finds the revocation within seconds, and a new instance knows it from the start', async () => {
    const instances = await Promise.all([0, 1].map(spawnSecured));
    const { token, tokenId } = await mint('crew');
    const room = 'crew/periodic';
    const { closes } = await connectEverywhere(instances, room, token);

    const result = await relayCommand(['revoke', tokenId], { BATON_POSTGRES_URL: postgres.url, BATON_REDIS_URL: '' });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`token ${tokenId} revoked`);
    await waitUntil(() => closes.every((codes) => codes.includes(CloseCode.unauthorized)), {
      timeoutMs: 8000,
      description: 'every instance to find the revocation by its periodic read',
    });
    await expectRefusedEverywhere(instances, room, token, 401, 'revoked');
    // Nothing went to a data dir: the revocation lives in PostgreSQL only.
    await expectRefusedEverywhere([await spawnSecured(2)], room, token, 401, 'revoked');
  });

  it('[S8] a scaled-out relay that checks tokens refuses to start without BATON_SECRET (exit 2)', async () => {
    const dataDir = createTempDir('baton-scale-nosecret-');
    dataDirs.push(dataDir);
    const args = ['--port', '0', '--data', dataDir, '--redis', redis.url, '--postgres', postgres.url];
    const result = await relayCommand(args, { BATON_SECRET: '' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/needs BATON_SECRET/);
    expect((await relayCommand(args, { BATON_SECRET: 'short' })).code).toBe(2);
  });
});
