/**
 * [S7] Three relay instances over one real PostgreSQL and one real redis-server,
 * checking tokens and sharing revocations as deployed ([S8]), stock clients
 * editing through all of them, while PostgreSQL goes away in the
 * middle of compactions and Redis under load: every instance stays up, says so
 * in /healthz and /metrics, logs each outage once, and nothing is lost.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { issueToken } from '../../relay/auth/token';
import type { LogLine } from '../../relay/log';
import type { RelayProcess, StockClient } from '../helpers';
import { REPO_ROOT, RELAY_NODE_FLAGS, createCleanup, stockClientFor, waitUntil, withTimeout } from '../helpers';
import type { RestartableService } from '../helpers/services';
import { query, startPostgres, startRedis } from '../helpers/services';

const TABLE = 'baton_updates';
/** Low, so that every few edits of a room start a compaction and some are always in flight. */
const COMPACT_THRESHOLD = 3;
const INSTANCES = 3;
const SECRET = 'shared-by-every-instance-0123456789';
const TOKEN = issueToken(new Uint8Array(Buffer.from(SECRET, 'utf8')), { workspace: 'outage', role: 'editor' }).token;

let redis: RestartableService;
let postgres: RestartableService;
const instances: RelayProcess[] = [];
const cleanup = createCleanup();

/** An instance as the CLI runs it (test/fixtures/cluster-instance.ts), with a low compaction threshold. */
async function spawnInstance(index: number): Promise<RelayProcess> {
  const fixture = join(REPO_ROOT, 'test', 'fixtures', 'cluster-instance.ts');
  const args = [redis.url, postgres.url, `outage-${index}`, String(COMPACT_THRESHOLD)];
  const child = spawn(process.execPath, [...RELAY_NODE_FLAGS, '--import', 'tsx', fixture, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, BATON_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const listening = new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout.on('data', () => {
      const found = /^listening on (ws:\/\/[^\s]+:(\d+))$/m.exec(out);
      if (found) resolve(found);
    });
    void exited.then((code) => reject(new Error(`instance exited (${code}) before listening:\n${err}`)));
  });
  const match = await withTimeout(listening, 20_000, 'instance "listening on" line').catch((error: unknown) => {
    kill();
    throw error;
  });
  return { child, url: match[1]!, port: Number(match[2]), stdout: () => out, stderr: () => err, exited, kill };
}

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  for (let i = 0; i < INSTANCES; i++) instances.push(await spawnInstance(i));
}, 60_000);

afterAll(async () => {
  for (const instance of instances) instance.kill();
  await Promise.all(instances.map((instance) => instance.exited));
  await Promise.allSettled([redis?.stop(), postgres?.stop()]);
});

afterEach(() => cleanup.run());

const alive = (instance: RelayProcess) => instance.child.exitCode === null && instance.child.signalCode === null;

function logLines(instance: RelayProcess): LogLine[] {
  return instance
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

interface Health {
  httpStatus: number;
  status: string;
  storage?: string;
  fanout?: string;
}

async function health(instance: RelayProcess): Promise<Health> {
  try {
    const response = await fetch(`http://127.0.0.1:${instance.port}/healthz`);
    return { httpStatus: response.status, ...((await response.json()) as Omit<Health, 'httpStatus'>) };
  } catch {
    // Refused: the next round finds out whether the instance died.
    return { httpStatus: 0, status: 'unreachable' };
  }
}

async function metric(instance: RelayProcess, series: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${instance.port}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(series + ' '));
  return line === undefined ? NaN : Number(line.slice(series.length + 1));
}

/** Waits until every instance's /healthz satisfies `accept`, failing at once if one of them died. */
async function everyHealth(accept: (h: Health) => boolean, description: string): Promise<void> {
  await waitUntil(
    async () => {
      const dead = instances.find((instance) => !alive(instance));
      if (dead) throw new Error(`instance on port ${dead.port} exited (${dead.child.exitCode ?? dead.child.signalCode}):\n${dead.stderr().slice(-2000)}`);
      return (await Promise.all(instances.map(health))).every(accept);
    },
    { timeoutMs: 20_000, intervalMs: 50, description },
  );
}

const text = (c: StockClient | Y.Doc) => ('doc' in c ? c.doc : c).getText('body').toString();
const markers = (value: string) => value.split(';').filter(Boolean).sort();

/** Every row PostgreSQL holds for the room, applied to a fresh doc. */
async function storedMarkers(room: string): Promise<string[]> {
  const rows = await query<{ data: Buffer }>(postgres.url, `SELECT data FROM ${TABLE} WHERE room = $1 ORDER BY id`, [room]);
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
  return markers(text(doc));
}

/**
 * One stock client per instance in each room, each appending a marker ten times
 * a second until stopped (a pace a loaded 2-core machine keeps up with); `typed`
 * holds every marker typed, per room.
 */
function editors(rooms: string[]) {
  const clients = rooms.map((room) => instances.map((instance) => stockClientFor(cleanup, instance.url, room, { token: TOKEN })));
  const typed = new Map(rooms.map((room) => [room, [] as string[]]));
  let n = 0;
  let timer: NodeJS.Timeout | null = null;
  return {
    clients,
    typed,
    async start() {
      await Promise.all(clients.flat().map((c) => c.synced(10_000)));
      timer = setInterval(() => {
        rooms.forEach((room, r) =>
          clients[r]!.forEach((c, i) => {
            const marker = `${room.split('/')[1]}-${i}-${n}`;
            c.doc.getText('body').insert(c.doc.getText('body').length, marker + ';');
            typed.get(room)!.push(marker);
          }),
        );
        n += 1;
      }, 100);
      cleanup.add(() => this.stop());
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    /** Every client of every room holds every marker typed in it, and so does PostgreSQL. */
    async converged(): Promise<void> {
      for (const [r, room] of rooms.entries()) {
        const expected = [...typed.get(room)!].sort();
        await waitUntil(() => clients[r]!.every((c) => markers(text(c)).length === expected.length), {
          timeoutMs: 30_000,
          description: `clients of ${room} to hold all ${expected.length} markers`,
        });
        for (const c of clients[r]!) expect(markers(text(c))).toEqual(expected);
        await waitUntil(async () => (await storedMarkers(room)).length === expected.length, { timeoutMs: 10_000, description: `${room} stored` });
        expect(await storedMarkers(room)).toEqual(expected);
      }
    },
  };
}

describe('[S7] scale-out through Redis and PostgreSQL outages', () => {
  it('[S7] PostgreSQL stopped while compactions are in flight and queued on the advisory lock: every instance lives, reports it, logs it once, loses nothing', async () => {
    const rooms = ['outage/pg-a', 'outage/pg-b'];
    const load = editors(rooms);
    await load.start();
    // Park every compaction of the first room on its advisory lock ([S6]), and wait until
    // instances are queued on it: those are transactions on checked-out connections.
    const blocker = new pg.Client({ connectionString: postgres.url });
    blocker.on('error', () => {}); // ended by the shutdown below
    await blocker.connect();
    await blocker.query('SELECT pg_advisory_lock(hashtext($1))', [rooms[0]]);
    const waitingOnLock = async () =>
      Number((await query<{ n: string }>(postgres.url, `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`))[0]!.n);
    await waitUntil(async () => (await waitingOnLock()) >= 2, { timeoutMs: 15_000, description: 'compactions of two instances queued on the advisory lock' });
    const linesBefore = instances.map((instance) => logLines(instance).length);

    postgres.halt();
    await everyHealth((h) => h.httpStatus === 503 && h.status === 'degraded' && h.storage === 'down', 'every instance to report storage down (503)');
    // Edits go on, and clients retry their connections, for a while with PostgreSQL away.
    const typedAtOutage = load.typed.get(rooms[1]!)!.length;
    await waitUntil(() => load.typed.get(rooms[1]!)!.length >= typedAtOutage + 60, { timeoutMs: 10_000, description: 'edits during the outage' });
    await postgres.resume();
    await everyHealth((h) => h.httpStatus === 200 && h.status === 'ok' && h.storage === 'ok', 'every instance to report storage ok again');

    load.stop();
    await load.converged();
    for (const [i, instance] of instances.entries()) {
      expect(alive(instance)).toBe(true);
      const during = logLines(instance).slice(linesBefore[i]);
      // One line when the outage starts and one when it ends, whatever failed in between.
      const outageLines = during.filter((line) => /^postgres (unavailable|available again)/.test(line.msg));
      expect(outageLines.map((line) => [line.msg, line.time, line.failed])).toEqual([
        ['postgres unavailable; rooms close and reload once it is back', expect.any(String), undefined],
        ['postgres available again', expect.any(String), expect.any(Number)],
      ]);
      const restored = during.filter((line) => line.msg.startsWith('postgres available again'));
      expect(restored).toHaveLength(1);
      expect(restored[0]).toMatchObject({ level: 'info', failed: expect.any(Number), durationMs: expect.any(Number) });
      expect(during.filter((line) => line.level !== 'info').map((line) => line.msg)).toEqual(['postgres unavailable; rooms close and reload once it is back']);
      expect(await metric(instance, 'baton_storage_outages_total{backend="postgres"}')).toBe(1);
      expect(await metric(instance, 'baton_storage_up{backend="postgres"}')).toBe(1);
    }
    // A fresh client on each instance receives everything.
    for (const instance of instances) {
      const fresh = stockClientFor(cleanup, instance.url, rooms[0]!, { token: TOKEN });
      await fresh.synced(10_000);
      expect(markers(text(fresh))).toEqual([...load.typed.get(rooms[0]!)!].sort());
    }
  }, 120_000);

  it('[S7] Redis stopped under load: connections stay open, updates still reach every instance, /healthz says degraded (200), one log line per outage', async () => {
    const rooms = ['outage/redis-a', 'outage/redis-b'];
    const load = editors(rooms);
    await load.start();
    const failed = (instance: RelayProcess) => metric(instance, 'baton_storage_failures_total{backend="redis"}');
    const failedBefore = await Promise.all(instances.map(failed));
    const linesBefore = instances.map((instance) => logLines(instance).length);

    redis.halt();
    await everyHealth((h) => h.httpStatus === 200 && h.status === 'degraded' && h.fanout === 'down' && h.storage === 'ok', 'every instance to report fan-out down (200)');
    // Under load: each instance fails to publish many updates meanwhile (each was a log line before).
    await waitUntil(async () => (await Promise.all(instances.map(failed))).every((n, i) => n >= failedBefore[i]! + 50), {
      timeoutMs: 20_000,
      description: 'every instance to fail 50 publishes',
    });
    // Updates still cross instances, through catch-up reads: a marker typed on one instance shows up on another.
    const probe = 'crossed-while-redis-down';
    load.clients[0]![0]!.doc.getText('body').insert(0, probe + ';');
    load.typed.get(rooms[0]!)!.push(probe);
    await waitUntil(() => text(load.clients[0]![2]!).includes(probe), { timeoutMs: 10_000, description: 'an update to cross instances without Redis' });
    await redis.resume();
    await everyHealth((h) => h.httpStatus === 200 && h.status === 'ok' && h.fanout === 'ok', 'every instance to report fan-out ok again');

    load.stop();
    await load.converged();
    for (const [i, instance] of instances.entries()) {
      expect(alive(instance)).toBe(true);
      const during = logLines(instance).slice(linesBefore[i]);
      expect(during.filter((line) => line.level !== 'info').map((line) => line.msg)).toEqual([
        'redis unavailable; instances exchange updates only through catch-up reads',
      ]);
      const restored = during.filter((line) => line.msg.startsWith('redis available again'));
      expect(restored).toHaveLength(1);
      expect((restored[0] as LogLine & { failed: number }).failed).toBeGreaterThanOrEqual(50);
      expect(await metric(instance, 'baton_storage_outages_total{backend="redis"}')).toBe(1);
      expect(await metric(instance, 'baton_storage_up{backend="redis"}')).toBe(1);
    }
  }, 120_000);
});
