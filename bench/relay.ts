/**
 * `npm run bench:relay`: the same load against Baton's relay and its peers, in one
 * run. N stock clients (y-websocket's WebsocketProvider; Hocuspocus gets its own
 * provider) over M rooms, every client inserting a small text edit at a steady
 * rate; latency from an edit's send to its arrival at each other client of the
 * room, on one clock. Each server runs in a process of its own, started fresh for
 * every size. Prints a table and writes bench/results/relay.json.
 *
 * Every size is run BENCH_RUNS times (default 5), the systems in a rotating order, and
 * a row holds the median run: tail latency on a shared machine is noisy.
 *
 * BENCH_SIZES="100x10,1000x100" (clients x rooms), BENCH_RATE (edits/s per client),
 * BENCH_WARMUP_S, BENCH_MEASURE_S, BENCH_WORKERS (load-generator processes),
 * BENCH_SYSTEMS (comma-separated substrings of system names; "floor" adds a bare forwarder that shows
 * the harness' own share of the latency), BENCH_PIN=1 (server on cores of its own),
 * BENCH_CPU_PROF=<dir> (V8 CPU profiles of the servers).
 */
import type { ChildProcess } from 'node:child_process';
import { fork, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { FromLoadgen, LoadResult, RoomLoad, ToLoadgen } from './relay/protocol';
import type { System } from './relay/servers';
import { PLACEMENT, SYSTEMS, children, killAll, pin, sampleProcess, startServer } from './relay/servers';

interface Size {
  clients: number;
  rooms: number;
}

const SIZES: Size[] = (process.env.BENCH_SIZES ?? '100x10,1000x100').split(',').map((text) => {
  const [clients, rooms] = text.split('x').map(Number);
  if (!clients || !rooms || clients < rooms * 2) throw new Error(`bad size "${text}": expected <clients>x<rooms>, at least 2 clients a room`);
  return { clients, rooms };
});
const TARGET_SIZE: Size = { clients: 1_000, rooms: 100 };
const RATE = Number(process.env.BENCH_RATE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_S ?? 5) * 1000;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_S ?? 15) * 1000;
const DRAIN_MS = 3_000;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const CONNECT_BATCH = 50;
const CONNECT_TIMEOUT_MS = 60_000;
const SAMPLE_EVERY_MS = 100;
const WORKSPACE = 'benchws';
/** Throughput is capped by the offered load, so "matches" allows for the edges of the window. */
const THROUGHPUT_TOLERANCE = 0.99;
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : null;

interface Row {
  system: string;
  clients: number;
  rooms: number;
  /** Edits whose delivery to every other client of the room completed, per second of the window. */
  updatesPerSec: number;
  /** Per delivery (edit × receiver), for edits sent inside the window. */
  p50Ms: number;
  p99Ms: number;
  /** Peak resident memory of the server process. */
  rssMb: number;
  durable: string;
  offeredPerSec: number;
  deliveriesPerSec: number;
  maxMs: number;
  rssEndMb: number;
  /** Server CPU over the window, in cores. */
  serverCpu: number;
  /** Load generators' CPU over the window, in cores (all processes together). */
  loadgenCpu: number;
  loadgenMaxLagMs: number;
  diskMb: number | null;
  connectMs: number;
  errors: { undelivered: number; diverged: number; disconnects: number };
  target: 'pass' | 'fail' | null;
  /** Every run of this system at this size; the row's figures are their medians (rssMb: the highest). */
  runs: Array<Pick<Row, 'updatesPerSec' | 'p50Ms' | 'p99Ms' | 'maxMs' | 'rssMb' | 'serverCpu' | 'loadgenCpu' | 'loadgenMaxLagMs'>>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One row from several runs: medians, the worst memory, errors summed. */
function combine(runs: Row[]): Row {
  const pick = (key: 'updatesPerSec' | 'p50Ms' | 'p99Ms' | 'maxMs' | 'rssEndMb' | 'serverCpu' | 'loadgenCpu' | 'deliveriesPerSec' | 'connectMs') => round(median(runs.map((run) => run[key])), 2);
  const first = runs[0]!;
  return {
    ...first,
    updatesPerSec: pick('updatesPerSec'),
    p50Ms: pick('p50Ms'),
    p99Ms: pick('p99Ms'),
    rssMb: Math.max(...runs.map((run) => run.rssMb)),
    deliveriesPerSec: pick('deliveriesPerSec'),
    maxMs: pick('maxMs'),
    rssEndMb: pick('rssEndMb'),
    serverCpu: pick('serverCpu'),
    loadgenCpu: pick('loadgenCpu'),
    loadgenMaxLagMs: Math.max(...runs.map((run) => run.loadgenMaxLagMs)),
    diskMb: first.diskMb === null ? null : Math.max(...runs.map((run) => run.diskMb ?? 0)),
    connectMs: pick('connectMs'),
    errors: {
      undelivered: runs.reduce((total, run) => total + run.errors.undelivered, 0),
      diverged: runs.reduce((total, run) => total + run.errors.diverged, 0),
      disconnects: runs.reduce((total, run) => total + run.errors.disconnects, 0),
    },
    runs: runs.map(({ updatesPerSec, p50Ms, p99Ms, maxMs, rssMb, serverCpu, loadgenCpu, loadgenMaxLagMs }) => ({ updatesPerSec, p50Ms, p99Ms, maxMs, rssMb, serverCpu, loadgenCpu, loadgenMaxLagMs })),
  };
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function dirSize(path: string): number {
  let bytes = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    bytes += entry.isDirectory() ? dirSize(full) : statSync(full).size;
  }
  return bytes;
}

/** Rooms `benchws/room<i>`, clients spread evenly, rooms dealt round-robin to the load generators. */
function shard(size: Size, workers: number): RoomLoad[][] {
  const shards: RoomLoad[][] = Array.from({ length: workers }, () => []);
  for (let i = 0; i < size.rooms; i++) {
    const clients = Math.floor(size.clients / size.rooms) + (i < size.clients % size.rooms ? 1 : 0);
    shards[i % workers]!.push({ name: `${WORKSPACE}/room${i}`, clients });
  }
  return shards.filter((rooms) => rooms.length > 0);
}

class Loadgen {
  private readonly child: ChildProcess;
  private readonly inbox: FromLoadgen[] = [];
  private waiting: ((message: FromLoadgen) => void) | null = null;
  private failure: Error | null = null;

  constructor() {
    this.child = fork(join(import.meta.dirname, 'relay', 'loadgen.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.add(this.child);
    pin(this.child.pid!, PLACEMENT?.loadgen);
    this.child.on('message', (message: FromLoadgen) => this.deliver(message));
    this.child.on('exit', (code, signal) => {
      children.delete(this.child);
      this.failure ??= new Error(`load generator exited (${code ?? signal})`);
      this.deliver(null);
    });
  }

  private deliver(message: FromLoadgen | null): void {
    if (message) this.inbox.push(message);
    const waiting = this.waiting;
    if (waiting && (this.inbox.length > 0 || this.failure)) {
      this.waiting = null;
      waiting(this.inbox.shift() ?? { type: 'error', message: this.failure!.message });
    }
  }

  send(message: ToLoadgen): void {
    this.child.send(message);
  }

  async next<T extends FromLoadgen['type']>(type: T, timeoutMs: number): Promise<Extract<FromLoadgen, { type: T }>> {
    let timer: NodeJS.Timeout | undefined;
    const message = await new Promise<FromLoadgen>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`load generator: no ${type} after ${timeoutMs} ms`)), timeoutMs);
      this.waiting = resolve;
      this.deliver(null);
    }).finally(() => clearTimeout(timer));
    if (message.type === 'error') throw new Error(`load generator: ${message.message}`);
    if (message.type !== type) throw new Error(`load generator: expected ${type}, got ${message.type}`);
    return message as Extract<FromLoadgen, { type: T }>;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

async function measure(system: System, size: Size): Promise<Row> {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-relay-'));
  // One directory per server and size: node writes a profile for each thread (tsx's loader has its own).
  const nodeFlags = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${join(CPU_PROF_DIR, `${system.name.replace(/\W+/g, '-')}-${size.clients}x${size.rooms}`)}`] : [];
  const server = await startServer(system, dataDir, nodeFlags);
  const loadgens: Loadgen[] = [];
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, sampleProcess(server.pid)?.rssMb ?? 0);
  }, SAMPLE_EVERY_MS);
  try {
    const token = system.token?.(dataDir, WORKSPACE) ?? null;
    const shards = shard(size, Math.min(WORKERS, size.rooms));
    const started = performance.now();
    for (const rooms of shards) {
      const loadgen = new Loadgen();
      loadgens.push(loadgen);
      loadgen.send({ type: 'connect', kind: system.client, url: server.url, token, rooms, batch: CONNECT_BATCH, timeoutMs: CONNECT_TIMEOUT_MS });
    }
    await Promise.all(loadgens.map((loadgen) => loadgen.next('connected', CONNECT_TIMEOUT_MS * 20)));
    const connectMs = performance.now() - started;

    for (const loadgen of loadgens) loadgen.send({ type: 'run', ratePerClient: RATE, warmupMs: WARMUP_MS, measureMs: MEASURE_MS, drainMs: DRAIN_MS });
    const window = new Promise<{ cpu: number; rssEnd: number }>((resolve) => {
      setTimeout(() => {
        const atStart = sampleProcess(server.pid);
        setTimeout(() => {
          const atEnd = sampleProcess(server.pid);
          resolve({ cpu: atStart && atEnd ? (atEnd.cpuSeconds - atStart.cpuSeconds) / (MEASURE_MS / 1000) : NaN, rssEnd: atEnd?.rssMb ?? NaN });
        }, MEASURE_MS);
      }, WARMUP_MS);
    });
    const timeout = WARMUP_MS + MEASURE_MS + DRAIN_MS + 60_000;
    const results: LoadResult[] = (await Promise.all(loadgens.map((loadgen) => loadgen.next('result', timeout)))).map((message) => message.result);
    const { cpu, rssEnd } = await window;

    const latencies = Float64Array.from(results.flatMap((result) => result.latencies)).sort();
    const sum = (pick: (result: LoadResult) => number) => results.reduce((total, result) => total + pick(result), 0);
    const seconds = MEASURE_MS / 1000;
    return {
      system: system.name,
      clients: size.clients,
      rooms: size.rooms,
      updatesPerSec: round(sum((result) => result.completed) / seconds, 1),
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms: round(percentile(latencies, 99), 2),
      rssMb: round(peakRss, 1),
      durable: system.durable,
      offeredPerSec: round(sum((result) => result.clients) * RATE, 1),
      deliveriesPerSec: round(sum((result) => result.deliveries) / seconds, 1),
      maxMs: round(latencies.at(-1) ?? NaN, 1),
      rssEndMb: round(rssEnd, 1),
      serverCpu: round(cpu, 2),
      loadgenCpu: round(sum((result) => result.cpu), 2),
      loadgenMaxLagMs: round(Math.max(...results.map((result) => result.maxLagMs)), 1),
      diskMb: system.durable.startsWith('none') ? null : round(dirSize(dataDir) / 1024 / 1024, 2),
      connectMs: round(connectMs),
      errors: { undelivered: sum((result) => result.undelivered), diverged: sum((result) => result.diverged), disconnects: sum((result) => result.disconnects) },
      target: null,
      runs: [],
    };
  } finally {
    clearInterval(sampler);
    await Promise.all(loadgens.map((loadgen) => loadgen.close()));
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function judge(rows: Row[]): void {
  const atTarget = rows.filter((row) => row.clients === TARGET_SIZE.clients && row.rooms === TARGET_SIZE.rooms);
  const baton = atTarget.find((row) => row.system === SYSTEMS[0]!.name);
  const references = new Set(SYSTEMS.filter((system) => system.reference).map((system) => system.name));
  const peers = atTarget.filter((row) => row !== baton && !references.has(row.system));
  if (!baton || peers.length === 0) return;
  const bestRate = Math.max(...peers.map((row) => row.updatesPerSec));
  const bestP99 = Math.min(...peers.map((row) => row.p99Ms));
  baton.target = baton.updatesPerSec >= bestRate * THROUGHPUT_TOLERANCE && baton.p99Ms <= bestP99 ? 'pass' : 'fail';
  console.log(
    `target (${TARGET_SIZE.clients} clients / ${TARGET_SIZE.rooms} rooms: Baton ≥ best peer in updates/s, ≤ best peer p99): ${baton.target}` +
      ` — Baton ${baton.updatesPerSec}/s, p99 ${baton.p99Ms} ms; best peer ${bestRate}/s, p99 ${bestP99} ms`,
  );
  const stall = Math.max(...atTarget.map((row) => row.loadgenMaxLagMs));
  if (stall > bestP99) console.log(`note: a load generator's event loop stalled up to ${stall} ms (busy machine); p99 differences below that are not the servers'`);
}

/** Which relay code was measured: a ref, or the working tree (possibly with uncommitted changes). */
function relaySource(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: import.meta.dirname, encoding: 'utf8' }).stdout.trim();
  const ref = process.env.BATON_RELAY_REF;
  // A ref like HEAD moves on; the commit it named is what was measured.
  if (ref) return `${ref} (${git('rev-parse', '--short', `${ref}^{commit}`) || 'unknown commit'})`;
  const dirty = git('status', '--porcelain', '--', '../relay', '../shared') !== '';
  return `working tree at ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes' : ''}`;
}

function report(rows: Row[]): void {
  console.log(
    `\nRelay load: stock clients, each inserting a small text edit ${RATE}×/s; ${WARMUP_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured; median of ${RUNS} runs.\n` +
      'updates/s = edits delivered to every other client of their room, per second; p50/p99 = latency of each delivery (send → observed by a receiver).\n',
  );
  console.table(
    rows.map((row) => ({
      system: row.system,
      durable: row.durable,
      'clients/rooms': `${row.clients}/${row.rooms}`,
      'offered/s': row.offeredPerSec,
      'updates/s': row.updatesPerSec,
      'p50 ms': row.p50Ms,
      'p99 ms': row.p99Ms,
      'peak RSS MB': row.rssMb,
      'server CPU': row.serverCpu,
      'loadgen stall ms': row.loadgenMaxLagMs,
      errors: row.errors.undelivered + row.errors.diverged + row.errors.disconnects,
    })),
  );
  judge(rows);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: round(totalmem() / 1024 ** 3, 1), node: process.version, platform: `${process.platform}-${process.arch}` };
  const load = { relay: relaySource(), runs: RUNS, ratePerClient: RATE, warmupMs: WARMUP_MS, measureMs: MEASURE_MS, drainMs: DRAIN_MS, loadgenProcesses: WORKERS, cpus: PLACEMENT ?? 'shared' };
  const date = new Date().toISOString();
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'relay.json'), JSON.stringify(rows.map((row) => ({ ...row, load, machine, date })), null, 2) + '\n');
  console.log(`relay: ${load.relay}; machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}; servers and load generators share it`);
  console.log('wrote bench/results/relay.json');
}

async function main(): Promise<void> {
  const filter = process.env.BENCH_SYSTEMS?.split(',').map((part) => part.trim().toLowerCase());
  const systems = SYSTEMS.filter((system) => (filter ? filter.some((part) => system.name.toLowerCase().includes(part)) : !system.reference));
  if (CPU_PROF_DIR) mkdirSync(CPU_PROF_DIR, { recursive: true });
  const rows: Row[] = [];
  for (const size of SIZES) {
    const runs = new Map<System, Row[]>(systems.map((system) => [system, []]));
    for (let run = 0; run < RUNS; run++) {
      // Rotate the order so no system always runs right after another one's teardown.
      const order = systems.map((_, i) => systems[(i + run) % systems.length]!);
      for (const system of order) {
        process.stderr.write(`  run ${run + 1}/${RUNS}: ${system.name}, ${size.clients} clients / ${size.rooms} rooms…`);
        const row = await measure(system, size);
        runs.get(system)!.push(row);
        process.stderr.write(` ${row.updatesPerSec} updates/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms\n`);
      }
    }
    for (const system of systems) rows.push(combine(runs.get(system)!));
  }
  report(rows);
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

// The harness itself (sampling /proc, collecting results) stays off the server's cores too.
pin(process.pid, PLACEMENT?.loadgen);
main().catch((error: unknown) => {
  console.error(error);
  killAll();
  process.exitCode = 1;
});
