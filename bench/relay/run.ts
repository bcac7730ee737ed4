/**
 * One run of `npm run bench:relay`: a system at a size, started fresh, loaded by
 * the load-generator processes (loadgen.ts) for a warm-up and a measured window,
 * then stopped. Returns that run's figures; bench/relay.ts repeats it.
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FromLoadgen, LoadResult, RoomLoad, ToLoadgen } from './protocol';
import type { System } from './servers';
import { PLACEMENT, children, pin, sampleProcess, startServer } from './servers';

export interface Size {
  clients: number;
  rooms: number;
}

export interface LoadConfig {
  /** Edits per second per client. */
  ratePerClient: number;
  warmupMs: number;
  measureMs: number;
  drainMs: number;
  /** Load-generator processes. */
  workers: number;
  /** Where V8 CPU profiles of the servers go, if anywhere. */
  cpuProfDir: string | null;
}

const CONNECT_BATCH = 50;
const CONNECT_TIMEOUT_MS = 60_000;
const SAMPLE_EVERY_MS = 100;
export const WORKSPACE = 'benchws';

export interface RunResult {
  system: string;
  clients: number;
  rooms: number;
  /** Edits whose delivery to every other client of the room completed, per second of the window. */
  updatesPerSec: number;
  /** Per delivery (edit × receiver), for edits sent inside the window. */
  p50Ms: number;
  p99Ms: number;
  /** Peak resident memory of the server process (one process: the server, nothing beside it). */
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
export function shard(size: Size, workers: number): RoomLoad[][] {
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
    this.child = fork(join(import.meta.dirname, 'loadgen.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

export async function measure(system: System, size: Size, config: LoadConfig): Promise<RunResult> {
  const { ratePerClient, warmupMs, measureMs, drainMs, workers, cpuProfDir } = config;
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-relay-'));
  // One directory per server and size: node writes a profile for each thread a server starts.
  const nodeFlags = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfDir, `${system.name.replace(/\W+/g, '-')}-${size.clients}x${size.rooms}`)}`] : [];
  const server = await startServer(system, dataDir, nodeFlags);
  const loadgens: Loadgen[] = [];
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, sampleProcess(server.pid)?.rssMb ?? 0);
  }, SAMPLE_EVERY_MS);
  try {
    const token = system.token?.(dataDir, WORKSPACE) ?? null;
    const shards = shard(size, Math.min(workers, size.rooms));
    const started = performance.now();
    for (const rooms of shards) {
      const loadgen = new Loadgen();
      loadgens.push(loadgen);
      loadgen.send({ type: 'connect', kind: system.client, url: server.url, token, rooms, batch: CONNECT_BATCH, timeoutMs: CONNECT_TIMEOUT_MS });
    }
    await Promise.all(loadgens.map((loadgen) => loadgen.next('connected', CONNECT_TIMEOUT_MS * 20)));
    const connectMs = performance.now() - started;

    for (const loadgen of loadgens) loadgen.send({ type: 'run', ratePerClient, warmupMs, measureMs, drainMs });
    const window = new Promise<{ cpu: number; rssEnd: number }>((resolve) => {
      setTimeout(() => {
        const atStart = sampleProcess(server.pid);
        setTimeout(() => {
          const atEnd = sampleProcess(server.pid);
          resolve({ cpu: atStart && atEnd ? (atEnd.cpuSeconds - atStart.cpuSeconds) / (measureMs / 1000) : NaN, rssEnd: atEnd?.rssMb ?? NaN });
        }, measureMs);
      }, warmupMs);
    });
    const timeout = warmupMs + measureMs + drainMs + 60_000;
    const results: LoadResult[] = (await Promise.all(loadgens.map((loadgen) => loadgen.next('result', timeout)))).map((message) => message.result);
    const { cpu, rssEnd } = await window;

    const latencies = Float64Array.from(results.flatMap((result) => result.latencies)).sort();
    const sum = (pick: (result: LoadResult) => number) => results.reduce((total, result) => total + pick(result), 0);
    const seconds = measureMs / 1000;
    return {
      system: system.name,
      clients: size.clients,
      rooms: size.rooms,
      updatesPerSec: round(sum((result) => result.completed) / seconds, 1),
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms: round(percentile(latencies, 99), 2),
      rssMb: round(peakRss, 1),
      durable: system.durable,
      offeredPerSec: round(sum((result) => result.clients) * ratePerClient, 1),
      deliveriesPerSec: round(sum((result) => result.deliveries) / seconds, 1),
      maxMs: round(latencies.at(-1) ?? NaN, 1),
      rssEndMb: round(rssEnd, 1),
      serverCpu: round(cpu, 2),
      loadgenCpu: round(sum((result) => result.cpu), 2),
      loadgenMaxLagMs: round(Math.max(...results.map((result) => result.maxLagMs)), 1),
      diskMb: system.durable.startsWith('none') ? null : round(dirSize(dataDir) / 1024 / 1024, 2),
      connectMs: round(connectMs),
      errors: { undelivered: sum((result) => result.undelivered), diverged: sum((result) => result.diverged), disconnects: sum((result) => result.disconnects) },
    };
  } finally {
    clearInterval(sampler);
    await Promise.all(loadgens.map((loadgen) => loadgen.close()));
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
