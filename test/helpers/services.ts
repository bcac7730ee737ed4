/**
 * Real redis-server and PostgreSQL for scale-out tests, started on free ports
 * on 127.0.0.1 in temp dirs and stopped afterwards. The binaries come from
 * apt (`redis-server`, `postgresql`; `.ci/run` installs them).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports';
import { createTempDir, removeTempDir } from './tempDir';
import { waitUntil } from './wait';

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

/** A service a test can take away and bring back on the same address, data kept (outages, restarts). */
export interface RestartableService extends RunningService {
  /** Shuts the server down; clients see their connections end and new ones refused. */
  halt(): void;
  /** Starts it again on the same port with the same data; resolves once it answers. */
  resume(): Promise<void>;
}

/** redis-server with no persistence, daemonized with a pidfile. */
export async function startRedis(): Promise<RestartableService> {
  const dir = createTempDir('baton-redis-');
  const port = await freePort();
  const pidfile = join(dir, 'redis.pid');
  const launch = async () => {
    execFileSync('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--pidfile', pidfile, '--dir', dir, '--logfile', join(dir, 'redis.log')]);
    await waitUntil(ping, { timeoutMs: 10_000, intervalMs: 50, description: 'redis-server to answer PING' });
  };
  const ping = () => {
    try {
      return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' }).trim() === 'PONG';
    } catch {
      return false;
    }
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    halt() {
      execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
    },
    resume: launch,
    async stop() {
      try {
        execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
      } catch {
        // Already gone, or refused: fall back to the pid.
        if (existsSync(pidfile)) killPid(Number(readFileSync(pidfile, 'utf8')));
      }
      removeTempDir(dir);
    },
  };
}

/** The newest PostgreSQL server binaries apt installed (/usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'pg_ctl'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL server binaries are missing: apt-get install postgresql');
  return join(root, newest, 'bin');
}

/**
 * A throwaway PostgreSQL cluster (user `baton`, trust auth, database `baton`).
 * PostgreSQL refuses to run as root, so when the tests run as root the
 * cluster belongs to the `postgres` user that the apt package creates.
 */
export async function startPostgres(): Promise<RestartableService> {
  const bin = postgresBinDir();
  const dir = createTempDir('baton-pg-');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  chmodSync(dir, 0o700);
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const run = (command: string, args: string[]) => {
    if (!asRoot) return execFileSync(join(bin, command), args, { stdio: 'pipe' });
    const line = [join(bin, command), ...args].map(shellQuote).join(' ');
    return execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', line], { stdio: 'pipe', cwd: '/tmp' });
  };
  run('initdb', ['-D', dir, '-A', 'trust', '-U', 'baton', '--no-sync']);
  const admin = `postgres://baton@127.0.0.1:${port}/postgres`;
  const launch = async () => {
    // fsync stays on: the tests check that updates are durable, not just visible.
    run('pg_ctl', ['-D', dir, '-o', `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1`, '-l', join(dir, 'log'), '-w', 'start']);
    await waitUntil(async () => (await query(admin, 'SELECT 1').then(() => true, () => false)), { timeoutMs: 15_000, intervalMs: 100, description: 'postgres to accept connections' });
  };
  await launch();
  await query(admin, 'CREATE DATABASE baton');
  return {
    url: `postgres://baton@127.0.0.1:${port}/baton`,
    // Fast shutdown, as a restart or failover does: sessions end mid-query, transactions roll back.
    halt: () => void run('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop']),
    resume: launch,
    async stop() {
      try {
        run('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop']);
      } finally {
        removeTempDir(dir);
      }
    },
  };
}

/** One query on a fresh connection; for assertions on what the relay stored. */
export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Not running.
  }
}
