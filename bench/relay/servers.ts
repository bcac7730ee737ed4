/**
 * The servers `npm run bench:relay` compares, each started as a child process of
 * its own so its memory and CPU are its own: Baton's relay as it ships (built by
 * relay/build.mjs, run like `npm run relay`), the stock y-websocket server and
 * Hocuspocus through the launchers next to this file. Every one is plain
 * JavaScript under plain `node`: a TypeScript loader in the process would add its
 * own thread and memory to the figures.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { RELAY_NODE_FLAGS } from '../../test/helpers/cli';
import type { ClientKind } from './protocol';

const ROOT = join(import.meta.dirname, '..', '..');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
/** Ticks per second of utime/stime in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

export interface System {
  name: string;
  /** What survives a `kill -9` of the server, as shown in the table. */
  durable: string;
  client: ClientKind;
  /** The script `node` runs (built by prepareSystems), its arguments and extra environment, for a server keeping its data in dataDir. */
  command(dataDir: string): { script: string; args: string[]; env: Record<string, string>; nodeFlags?: string[] };
  /** Not a relay but a yardstick (floor-server.ts): run only when BENCH_SYSTEMS names it, never a peer in the target. */
  reference?: boolean;
  /** A token the clients present, if the server wants one. */
  token?(dataDir: string, workspace: string): string | null;
}

export const SYSTEMS: System[] = [
  {
    name: 'baton relay',
    durable: 'journal write per update before broadcast, SQLite every 250 ms, fsyncs off the event loop',
    client: 'y-websocket',
    // Started the way `npm run relay` starts it (package.json), Node flags included.
    command: (dataDir) => ({ script: built('relay'), args: ['--port', '0', '--data', dataDir], env: {}, nodeFlags: RELAY_NODE_FLAGS }),
    token: mintBatonToken,
  },
  {
    name: '@y/websocket-server + LevelDB',
    durable: 'LevelDB (y-leveldb), each update, async',
    client: 'y-websocket',
    command: (dataDir) => ({ script: built('stock-server'), args: [], env: { YPERSISTENCE: dataDir } }),
  },
  {
    name: '@y/websocket-server in memory',
    durable: 'none',
    client: 'y-websocket',
    command: () => ({ script: built('stock-server'), args: [], env: {} }),
  },
  {
    name: '@hocuspocus/server',
    durable: 'none (no storage extension)',
    client: 'hocuspocus',
    command: () => ({ script: built('hocuspocus-server'), args: [], env: {} }),
  },
  {
    name: 'floor: bare forwarder',
    durable: 'none (no document either)',
    client: 'y-websocket',
    reference: true,
    command: () => ({ script: built('floor-server'), args: [], env: {} }),
  },
];

let exported: string | null = null;

/**
 * Where Baton's relay is built from: this checkout; with BATON_RELAY_REF=<git ref>
 * that commit's relay/ and shared/ (to compare commits, or to measure a committed
 * relay while the working tree is mid-change); with BATON_RELAY_DIR=<dir> a copy
 * laid out like the checkout (relay/, shared/, node_modules/) holding a change being tried.
 */
export function relayRoot(): string {
  if (process.env.BATON_RELAY_DIR) return process.env.BATON_RELAY_DIR;
  const ref = process.env.BATON_RELAY_REF;
  if (!ref) return ROOT;
  if (exported) return exported;
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-relay-src-'));
  const archive = spawnSync('git', ['archive', '--format=tar', ref, 'relay', 'shared', 'package.json', 'tsconfig.base.json'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  if (archive.status !== 0) throw new Error(`git archive ${ref}: ${archive.stderr.toString()}`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar: ${untar.stderr.toString()}`);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  exported = dir;
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const LAUNCHERS = ['stock-server', 'hocuspocus-server', 'floor-server'] as const;
type Script = 'relay' | (typeof LAUNCHERS)[number];
const scripts = new Map<Script, string>();

function built(name: Script): string {
  const script = scripts.get(name);
  if (!script) throw new Error(`${name} is not built: call prepareSystems() first`);
  return script;
}

/**
 * Builds what the systems run, once per bench: Baton's relay from relayRoot() with
 * relay/build.mjs (the build `npm run relay` and the image run), and the peers'
 * launchers bundled the same way, their packages left in node_modules. Both land
 * in a directory of their own beside a node_modules link, so nothing in dist/ is
 * touched and packages resolve as they do in the checkout.
 */
export async function prepareSystems(): Promise<{ relayDir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-built-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const relayDir = join(dir, 'relay');
  mkdirSync(relayDir);
  // The relay's own build script: what a relay's build puts beside cli.js changes with the relay.
  const { buildRelay } = (await import(pathToFileURL(join(relayRoot(), 'relay', 'build.mjs')).href)) as {
    buildRelay(options: { root: string; outDir: string }): Promise<string>;
  };
  scripts.set('relay', await buildRelay({ root: relayRoot(), outDir: relayDir }));
  await Promise.all(
    LAUNCHERS.map(async (name) => {
      const outfile = join(dir, 'peers', `${name}.mjs`);
      await build({ entryPoints: [join(import.meta.dirname, `${name}.ts`)], outfile, bundle: true, packages: 'external', platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning' });
      scripts.set(name, outfile);
    }),
  );
  return { relayDir };
}

/**
 * Signed tokens, when the relay has them: `cli.js token` mints one for the data
 * directory. A relay without that command allows everyone, so no token is needed.
 */
function mintBatonToken(dataDir: string, workspace: string): string | null {
  const result = spawnSync(process.execPath, [built('relay'), 'token', '--data', dataDir, '--workspace', workspace, '--role', 'editor'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) return null;
  const token = result.stdout.trim().split('\n').at(-1)?.trim();
  return token ? token : null;
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** Stops the server with SIGTERM (its clean shutdown), then SIGKILL if it hangs. */
  stop(): Promise<void>;
}

/** Every child this bench started, so that none outlives it, whatever happens. */
export const children = new Set<ChildProcess>();

export function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

export async function startServer(system: System, dataDir: string, nodeFlags: string[] = []): Promise<ServerProcess> {
  const { script, args, env, nodeFlags: serverFlags = [] } = system.command(dataDir);
  const child = spawn(process.execPath, [...serverFlags, ...nodeFlags, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  pin(child.pid!, PLACEMENT?.server);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`${system.name} did not start in ${START_TIMEOUT_MS} ms: ${stderr}`)), START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /listening on (ws:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${system.name} exited (${code ?? signal}) before listening: ${stderr}`));
    });
  });
  let stopped: Promise<void> | null = null;
  return {
    url,
    pid: child.pid!,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}

/**
 * CPUs for servers and for load generators with BENCH_PIN=1: the server under test
 * gets half the cores to itself. Off by default: on a small machine the load
 * generators, squeezed onto the other half, then add more latency than they remove.
 */
export const PLACEMENT: { server: string; loadgen: string } | null = (() => {
  const count = cpus().length;
  if (process.env.BENCH_PIN !== '1' || count < 2 || spawnSync('taskset', ['-V']).status !== 0) return null;
  const half = Math.floor(count / 2);
  const range = (from: number, to: number) => (from === to ? `${from}` : `${from}-${to}`);
  return { loadgen: range(0, half - 1), server: range(half, count - 1) };
})();

/** Moves every thread of a process (and the threads it starts later) onto `cpuList`. */
export function pin(pid: number, cpuList: string | undefined): void {
  if (cpuList === undefined) return;
  const result = spawnSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`taskset ${cpuList} ${pid}: ${result.stderr}`);
}

export interface ProcessSample {
  rssMb: number;
  /** CPU seconds (user + system) since the process started. */
  cpuSeconds: number;
}

/** Resident memory and CPU time of a process, from /proc; null once it has gone. */
export function sampleProcess(pid: number): ProcessSample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssMb: rssKb / 1024, cpuSeconds: ticks / CLOCK_TICKS };
  } catch {
    return null;
  }
}
