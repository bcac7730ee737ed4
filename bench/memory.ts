/**
 * `npm run bench:memory`: whether memory returns after many rooms unload
 * ([R29] in relay/SPEC.md), and what the relay's forced full collections buy.
 * Each run starts a relay process (as `npm run relay` does), loads 100 rooms to
 * warm it up and lets them unload, takes its RSS as the baseline, loads 1,000
 * rooms at once, lets them unload and samples RSS for 15 s of idle. Runs
 * alternate between the relay as shipped and one started with
 * `BATON_MEMORY_RECLAIM=off` (V8 left to itself), BENCH_RUNS of each.
 * Target, for the shipped relay: RSS after the idle within 20% of the
 * baseline. Prints a table and writes bench/results/memory.json.
 *
 * The warm-up is there because the first rooms load code (yjs, SQLite
 * statements, ws), fill SQLite's page cache and grow V8's heap to the working
 * size of ~150 rooms loaded at once: paid once per process, not per room.
 */
import { mkdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { sleep, spawnRelayCli, waitUntil } from '../test/helpers';
import type { RelayProcess } from '../test/helpers';
import { scrapeGauges, touchRooms } from '../test/helpers/room-load';

/** Runs per mode (reclaimer on, reclaimer off), interleaved. */
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const ROOMS = 1000;
const WARMUP_ROOMS = 100;
/** Long enough that all rooms are loaded at once, even on a busy machine. */
const IDLE_UNLOAD_MS = Number(process.env.BENCH_IDLE_UNLOAD_MS ?? 20_000);
const TARGET_RATIO = 1.2;
const SETTLE_MS = 15_000;

type Mode = 'reclaim on' | 'reclaim off';

interface Run {
  mode: Mode;
  baselineMb: number;
  peakMb: number;
  afterMb: number;
  /** RSS after unloading over the baseline. */
  ratio: number;
  /** Lowest RSS seen during the idle, over the baseline. */
  lowestRatio: number;
  loadMs: number;
  /** From the last room unloaded until RSS was within the target, or null if it never was. */
  settledMs: number | null;
  reclaims: number;
}

const mb = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));
const round = (value: number) => Number(value.toFixed(3));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function allUnloaded(relay: RelayProcess, timeoutMs: number): Promise<void> {
  await waitUntil(async () => (await scrapeGauges(relay)).rooms === 0, { timeoutMs, description: 'every room unloaded' });
}

async function oneRun(mode: Mode): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-memory-'));
  const env = { BATON_AUTH: 'off', ...(mode === 'reclaim off' ? { BATON_MEMORY_RECLAIM: 'off' } : {}) };
  const relay = await spawnRelayCli(['--port', '0', '--data', dataDir, '--idle-unload-ms', String(IDLE_UNLOAD_MS)], { env });
  try {
    await touchRooms(relay, 'warmup', WARMUP_ROOMS);
    await allUnloaded(relay, IDLE_UNLOAD_MS + 20_000);
    await sleep(1000);
    const baseline = (await scrapeGauges(relay)).rss;

    const started = performance.now();
    await touchRooms(relay, 'load', ROOMS);
    const loadMs = performance.now() - started;
    const peak = await scrapeGauges(relay);
    if (peak.rooms !== ROOMS) throw new Error(`${peak.rooms} rooms loaded at the peak, expected ${ROOMS}: the load took longer than the idle timeout (BENCH_IDLE_UNLOAD_MS)`);
    await allUnloaded(relay, IDLE_UNLOAD_MS + 30_000);
    // V8 collects and returns memory on its own schedule (and the relay's reclaimer
    // after the burst has settled): the same idle for both modes, sampled throughout.
    const unloadedAt = performance.now();
    let after = (await scrapeGauges(relay)).rss;
    let lowest = after;
    let settledMs: number | null = after <= baseline * TARGET_RATIO ? 0 : null;
    while (performance.now() - unloadedAt < SETTLE_MS) {
      await sleep(500);
      after = (await scrapeGauges(relay)).rss;
      lowest = Math.min(lowest, after);
      if (settledMs === null && after <= baseline * TARGET_RATIO) settledMs = Math.round(performance.now() - unloadedAt);
    }
    return {
      mode,
      baselineMb: mb(baseline),
      peakMb: mb(peak.rss),
      afterMb: mb(after),
      ratio: Number((after / baseline).toFixed(3)),
      lowestRatio: Number((lowest / baseline).toFixed(3)),
      loadMs: Math.round(loadMs),
      settledMs,
      reclaims: relay.stderr().split('\n').filter((line) => line.includes('memory reclaimed')).length,
    };
  } finally {
    relay.kill();
    await relay.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const runs: Run[] = [];
  const modes: Mode[] = ['reclaim on', 'reclaim off'];
  for (let i = 0; i < RUNS; i++) {
    for (const mode of modes) {
      runs.push(await oneRun(mode));
      process.stderr.write(`  run ${runs.length}/${RUNS * modes.length} (${mode}): done\n`);
    }
  }
  const summary = Object.fromEntries(
    modes.map((mode) => {
      const of = runs.filter((run) => run.mode === mode);
      return [mode, { medianAfterMb: round(median(of.map((run) => run.afterMb))), medianRatio: round(median(of.map((run) => run.ratio))), worstRatio: Math.max(...of.map((run) => run.ratio)) }];
    }),
  ) as Record<Mode, { medianAfterMb: number; medianRatio: number; worstRatio: number }>;
  const worst = summary['reclaim on'].worstRatio;
  const target = worst <= TARGET_RATIO ? 'pass' : 'fail';
  console.log(`\nRelay RSS after ${ROOMS} rooms load at once, unload and stay idle ${SETTLE_MS / 1000} s (${RUNS} runs per mode, a fresh process each; target: every run with the reclaimer within ${TARGET_RATIO}× its baseline)\n`);
  console.table(runs.map((run) => ({ mode: run.mode, 'baseline MB': run.baselineMb, 'peak MB': run.peakMb, 'after idle MB': run.afterMb, 'after / baseline': run.ratio, 'lowest / baseline': run.lowestRatio, 'load ms': run.loadMs, 'settled ms': run.settledMs ?? 'never', 'memory reclaimed': run.reclaims })));
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Number((totalmem() / 1024 ** 3).toFixed(1)), node: process.version, platform: `${process.platform}-${process.arch}` };
  const result = { rooms: ROOMS, warmupRooms: WARMUP_ROOMS, idleUnloadMs: IDLE_UNLOAD_MS, idleMs: SETTLE_MS, targetRatio: TARGET_RATIO, target, summary, runs, machine, date: new Date().toISOString() };
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'memory.json'), JSON.stringify(result, null, 2) + '\n');
  for (const mode of modes) console.log(`${mode}: median ${summary[mode].medianAfterMb} MB after the idle, ${summary[mode].medianRatio}× the baseline (worst ${summary[mode].worstRatio}×)`);
  console.log(`target ${target === 'pass' ? 'met' : 'missed'}: worst run with the reclaimer at ${worst}× its baseline`);
  console.log('wrote bench/results/memory.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
