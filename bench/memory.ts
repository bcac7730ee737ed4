/**
 * `npm run bench:memory`: whether memory returns after many rooms unload
 * ([R29] in relay/SPEC.md). Each run starts a relay process (as `npm run relay`
 * does), loads 100 rooms to warm it up and lets them unload, takes its RSS as
 * the baseline, loads 1,000 rooms at once, lets them unload and waits up to
 * 15 s for RSS to come down. Target: RSS after unloading within 20% of the
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

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROOMS = 1000;
const WARMUP_ROOMS = 100;
/** Long enough that all rooms are loaded at once, even on a busy machine. */
const IDLE_UNLOAD_MS = Number(process.env.BENCH_IDLE_UNLOAD_MS ?? 20_000);
const TARGET_RATIO = 1.2;
const SETTLE_MS = 15_000;

interface Run {
  baselineMb: number;
  peakMb: number;
  afterMb: number;
  /** RSS after unloading over the baseline. */
  ratio: number;
  loadMs: number;
  /** From the last room unloaded until RSS was within the target, or null if it never was. */
  settledMs: number | null;
  reclaims: number;
}

const mb = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function allUnloaded(relay: RelayProcess, timeoutMs: number): Promise<void> {
  await waitUntil(async () => (await scrapeGauges(relay)).rooms === 0, { timeoutMs, description: 'every room unloaded' });
}

async function oneRun(): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-memory-'));
  const relay = await spawnRelayCli(['--port', '0', '--data', dataDir, '--idle-unload-ms', String(IDLE_UNLOAD_MS)], { env: { BATON_AUTH: 'off' } });
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
    // after the burst has settled): sample until within the target or out of time.
    const unloadedAt = performance.now();
    let after = (await scrapeGauges(relay)).rss;
    while (after > baseline * TARGET_RATIO && performance.now() - unloadedAt < SETTLE_MS) {
      await sleep(500);
      after = (await scrapeGauges(relay)).rss;
    }
    const within = after <= baseline * TARGET_RATIO;
    return {
      baselineMb: mb(baseline),
      peakMb: mb(peak.rss),
      afterMb: mb(after),
      ratio: Number((after / baseline).toFixed(3)),
      loadMs: Math.round(loadMs),
      settledMs: within ? Math.round(performance.now() - unloadedAt) : null,
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
  for (let i = 0; i < RUNS; i++) {
    runs.push(await oneRun());
    process.stderr.write(`  run ${i + 1}/${RUNS}: done\n`);
  }
  const worst = Math.max(...runs.map((run) => run.ratio));
  const target = worst <= TARGET_RATIO ? 'pass' : 'fail';
  console.log(`\nRelay RSS after ${ROOMS} rooms load at once and unload (${RUNS} runs, a fresh process each; target: every run within ${TARGET_RATIO}× its baseline)\n`);
  console.table(runs.map((run) => ({ 'baseline MB': run.baselineMb, 'peak MB': run.peakMb, 'after unload MB': run.afterMb, 'after / baseline': run.ratio, 'load ms': run.loadMs, 'settled ms': run.settledMs ?? 'never', 'memory reclaimed': run.reclaims })));
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Number((totalmem() / 1024 ** 3).toFixed(1)), node: process.version, platform: `${process.platform}-${process.arch}` };
  const result = { rooms: ROOMS, warmupRooms: WARMUP_ROOMS, targetRatio: TARGET_RATIO, target, medianRatio: median(runs.map((run) => run.ratio)), worstRatio: worst, runs, machine, date: new Date().toISOString() };
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'memory.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`target ${target === 'pass' ? 'met' : 'missed'}: worst run at ${worst}× its baseline (median ${result.medianRatio}×)`);
  console.log('wrote bench/results/memory.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
