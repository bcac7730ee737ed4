/**
 * `npm run bench:relay`: the same load against Baton's relay and its peers, in one
 * run. N stock clients (y-websocket's WebsocketProvider; Hocuspocus gets its own
 * provider) over M rooms, every client inserting a small text edit at a steady
 * rate; latency from an edit's send to its arrival at each other client of the
 * room, on one clock. Each server is plain JavaScript in a process of its own
 * (relay/servers.ts), started fresh for every run, so its peak RSS is its own.
 *
 * Runs are interleaved: run 1 of every system, then run 2 …, the order rotating
 * so that no system always follows another one's teardown; whatever the machine
 * does meanwhile falls on every system alike. The verdict per figure (updates/s,
 * p99, peak RSS) rests on every run of both systems (relay/verdict.ts, stats.ts):
 * ahead or behind only when a rank test says the difference is not chance.
 *
 * BENCH_SIZES="100x10,1000x100" (clients x rooms), BENCH_RUNS (default 8: fewer than
 * four runs a side can never show a difference), BENCH_RATE (edits/s per client),
 * BENCH_WARMUP_S, BENCH_MEASURE_S, BENCH_WORKERS (load-generator processes),
 * BENCH_SYSTEMS (comma-separated substrings of system names; "floor" adds a bare forwarder that shows
 * the harness' own share of the latency), BENCH_PIN=1 (server on cores of its own),
 * BENCH_CPU_PROF=<dir> (V8 CPU profiles of the servers), BATON_RELAY_REF=<git ref> (that commit's relay),
 * BATON_RELAY_DIR=<dir> (a copy of the checkout with a change being tried).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { imageSize } from './relay/image';
import type { BenchReport } from './relay/report';
import { printReport, writeReport } from './relay/report';
import type { LoadConfig, RunResult, Size } from './relay/run';
import { measure } from './relay/run';
import type { System } from './relay/servers';
import { PLACEMENT, SYSTEMS, killAll, pin, prepareSystems } from './relay/servers';
import type { SystemResult } from './relay/verdict';
import { comparePeer, judgeTarget, summarise } from './relay/verdict';

const SIZES: Size[] = (process.env.BENCH_SIZES ?? '100x10,1000x100').split(',').map((text) => {
  const [clients, rooms] = text.split('x').map(Number);
  if (!clients || !rooms || clients < rooms * 2) throw new Error(`bad size "${text}": expected <clients>x<rooms>, at least 2 clients a room`);
  return { clients, rooms };
});
const TARGET_SIZE: Size = { clients: 1_000, rooms: 100 };
const RUNS = Number(process.env.BENCH_RUNS ?? 8);
const LOAD: LoadConfig = {
  ratePerClient: Number(process.env.BENCH_RATE ?? 1),
  warmupMs: Number(process.env.BENCH_WARMUP_S ?? 5) * 1000,
  measureMs: Number(process.env.BENCH_MEASURE_S ?? 15) * 1000,
  drainMs: 3_000,
  workers: Number(process.env.BENCH_WORKERS ?? 2),
  cpuProfDir: process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : null,
};

/** Which relay code was measured: a copy, a ref, or the working tree (possibly with uncommitted changes). */
function relaySource(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: import.meta.dirname, encoding: 'utf8' }).stdout.trim();
  if (process.env.BATON_RELAY_DIR) return `the copy in ${process.env.BATON_RELAY_DIR}`;
  const ref = process.env.BATON_RELAY_REF;
  // A ref like HEAD moves on; the commit it named is what was measured.
  if (ref) return `${ref} (${git('rev-parse', '--short', `${ref}^{commit}`) || 'unknown commit'})`;
  const dirty = git('status', '--porcelain', '--', '../relay', '../shared') !== '';
  return `working tree at ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes' : ''}`;
}

async function main(): Promise<void> {
  const filter = process.env.BENCH_SYSTEMS?.split(',').map((part) => part.trim().toLowerCase());
  const systems = SYSTEMS.filter((system) => (filter ? filter.some((part) => system.name.toLowerCase().includes(part)) : !system.reference));
  if (LOAD.cpuProfDir) mkdirSync(LOAD.cpuProfDir, { recursive: true });
  const { relayDir } = await prepareSystems();
  const results: SystemResult[] = [];
  for (const size of SIZES) {
    const runs = new Map<System, RunResult[]>(systems.map((system) => [system, []]));
    for (let run = 0; run < RUNS; run++) {
      // Rotate the order so no system always runs right after another one's teardown.
      const order = systems.map((_, i) => systems[(i + run) % systems.length]!);
      for (const system of order) {
        process.stderr.write(`  run ${run + 1}/${RUNS}: ${system.name}, ${size.clients} clients / ${size.rooms} rooms…`);
        const result = await measure(system, size, LOAD);
        runs.get(system)!.push(result);
        process.stderr.write(` ${result.updatesPerSec} updates/s, p99 ${result.p99Ms} ms, peak RSS ${result.rssMb} MB\n`);
      }
    }
    for (const system of systems) results.push(summarise(runs.get(system)!));
  }
  const baton = SYSTEMS[0]!.name;
  const references = new Set(SYSTEMS.filter((system) => system.reference).map((system) => system.name));
  const comparisons = results
    .filter((row) => row.system !== baton && !references.has(row.system))
    .flatMap((peer) => {
      const ours = results.find((row) => row.system === baton && row.clients === peer.clients && row.rooms === peer.rooms);
      return ours ? [comparePeer(ours, peer)] : [];
    });
  const report: BenchReport = {
    date: new Date().toISOString(),
    relay: relaySource(),
    runs: RUNS,
    load: { ...LOAD, cpus: PLACEMENT ?? 'shared' },
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Number((totalmem() / 1024 ** 3).toFixed(1)), node: process.version, platform: `${process.platform}-${process.arch}` },
    image: imageSize(relayDir),
    systems: results,
    comparisons,
    target: judgeTarget(TARGET_SIZE, comparisons),
  };
  printReport(report);
  writeReport(report);
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
