/**
 * How `npm run bench:relay` shows what it found: a table of every system (median
 * and interquartile range of each figure), Baton against each peer (P(beat), p,
 * verdict), the target, the image size, the same as a Markdown table for the
 * README, and bench/results/relay.json with every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Spread } from '../stats';
import { ALPHA } from '../stats';
import type { ImageSize } from './image';
import type { LoadConfig } from './run';
import type { PeerComparison, SystemResult, Target } from './verdict';
import { FIGURES } from './verdict';

export interface BenchReport {
  date: string;
  /** Which relay code was measured. */
  relay: string;
  runs: number;
  load: LoadConfig & { cpus: string | { server: string; loadgen: string } };
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  image: ImageSize;
  systems: SystemResult[];
  comparisons: PeerComparison[];
  target: Target | null;
}

const iqr = (value: Spread) => `${value.median} (${value.q1}–${value.q3})`;

export function printReport(report: BenchReport): void {
  const { load } = report;
  console.log(
    `\nRelay load: stock clients, each inserting a small text edit ${load.ratePerClient}×/s; ${load.warmupMs / 1000} s warm-up, ${load.measureMs / 1000} s measured; ` +
      `${report.runs} runs of every system, interleaved (run 1 of each, then run 2 …).\n` +
      'updates/s = edits delivered to every other client of their room, per second; p99 = latency of each delivery (send → observed by a receiver); ' +
      'peak RSS = the server process alone. Each figure: median (interquartile range) over the runs.\n',
  );
  console.table(
    report.systems.map((row) => ({
      system: row.system,
      durable: row.durable,
      'clients/rooms': `${row.clients}/${row.rooms}`,
      'offered/s': row.offeredPerSec,
      'updates/s': iqr(row.figures.updatesPerSec),
      'p50 ms': row.p50Ms,
      'p99 ms': iqr(row.figures.p99Ms),
      'peak RSS MB': iqr(row.figures.rssMb),
      'server CPU': row.serverCpu,
      'loadgen stall ms': row.loadgenMaxLagMs,
      errors: row.errors.undelivered + row.errors.diverged + row.errors.disconnects,
    })),
  );
  if (report.comparisons.length > 0) {
    console.log(`Baton against each peer: P(beat) = probability that a random Baton run beats a random run of the peer; p = two-sided Mann–Whitney U; ahead/behind only when p < ${ALPHA}.`);
    console.table(
      report.comparisons.map((entry) => ({
        peer: entry.peer,
        'clients/rooms': `${entry.clients}/${entry.rooms}`,
        ...Object.fromEntries(FIGURES.map(({ key, label }) => [label, `${entry.figures[key].verdict} (P ${entry.figures[key].pBeat}, p ${entry.figures[key].p})`])),
      })),
    );
  }
  if (report.target) {
    const { size, met, figures } = report.target;
    const parts = FIGURES.map(({ key, label }) => `${label} ${figures[key].verdict} (worst: against ${figures[key].against})`);
    console.log(`target (${size.clients} clients / ${size.rooms} rooms: on every figure, Baton not behind any peer): ${met ? 'met' : 'missed'} — ${parts.join('; ')}`);
    const stall = Math.max(...report.systems.filter((row) => row.clients === size.clients && row.rooms === size.rooms).map((row) => row.loadgenMaxLagMs));
    console.log(`note: a load generator's event loop stalled up to ${stall} ms at this size; latency differences below that belong to the machine as much as to the servers`);
  }
  const { image } = report;
  console.log(`image: node:20-bookworm-slim + ${image.totalMb} MB (build ${image.buildMb} MB, ${image.packages.length} packages ${image.packagesMb} MB: what the Dockerfile's last stage copies, measured from this checkout)`);
  console.log(`relay: ${report.relay}; machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, node ${report.machine.node}; servers and load generators share it`);
  console.log('\nFor the README:\n');
  console.log(markdownTable(report));
}

/** Baton's row, then each peer's with its comparison, per size. */
export function markdownTable(report: BenchReport): string {
  const header = ['server', 'clients / rooms', ...FIGURES.map(({ label }) => `${label}: median (IQR) · P(beat) · p · verdict`)];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of report.systems) {
    const comparison = report.comparisons.find((entry) => entry.peer === row.system && entry.clients === row.clients && entry.rooms === row.rooms);
    const cells = FIGURES.map(({ key }) => {
      const figure = iqr(row.figures[key]);
      if (!comparison) return figure;
      const { pBeat, p, verdict } = comparison.figures[key];
      return `${figure} · ${pBeat} · ${p} · Baton **${verdict}**`;
    });
    lines.push(`| ${row.system} | ${row.clients} / ${row.rooms} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function writeReport(report: BenchReport): void {
  const out = join(import.meta.dirname, '..', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'relay.json'), JSON.stringify(report, null, 2) + '\n');
  console.log('\nwrote bench/results/relay.json');
}
