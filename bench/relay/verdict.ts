/**
 * What `npm run bench:relay` concludes: for each system, where its runs fell on
 * each figure; for Baton against each peer, the probability that a random Baton
 * run beats a random run of the peer, the rank test's p, and a verdict (stats.ts).
 * Never two medians compared alone: a rerun flips those.
 */
import type { Better, Comparison, Spread, Verdict } from '../stats';
import { compare, spread } from '../stats';
import type { RunResult, Size } from './run';

/** The figures a verdict is given on, and which way each one improves. */
export const FIGURES = [
  { key: 'updatesPerSec', label: 'updates/s', better: 'higher' },
  { key: 'p99Ms', label: 'p99 ms', better: 'lower' },
  { key: 'rssMb', label: 'peak RSS MB', better: 'lower' },
] as const satisfies ReadonlyArray<{ key: keyof RunResult; label: string; better: Better }>;

export type FigureKey = (typeof FIGURES)[number]['key'];

/** One system at one size, over every run. */
export interface SystemResult {
  system: string;
  durable: string;
  clients: number;
  rooms: number;
  offeredPerSec: number;
  /** The verdict's figures: median, quartiles and range over the runs. */
  figures: Record<FigureKey, Spread>;
  /** Medians over the runs of the figures that get no verdict. */
  p50Ms: number;
  serverCpu: number;
  loadgenCpu: number;
  /** The worst over the runs. */
  loadgenMaxLagMs: number;
  diskMb: number | null;
  errors: RunResult['errors'];
  runs: RunResult[];
}

/** Baton against one peer at one size. */
export interface PeerComparison {
  peer: string;
  clients: number;
  rooms: number;
  figures: Record<FigureKey, Comparison>;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function rounded(value: Spread, digits: number): Spread {
  return { n: value.n, median: round(value.median, digits), q1: round(value.q1, digits), q3: round(value.q3, digits), min: round(value.min, digits), max: round(value.max, digits) };
}

const median = (values: number[]) => spread(values).median;

export function summarise(runs: RunResult[]): SystemResult {
  const first = runs[0]!;
  const figures = Object.fromEntries(FIGURES.map(({ key }) => [key, rounded(spread(runs.map((run) => run[key])), 2)])) as Record<FigureKey, Spread>;
  const disk = runs.map((run) => run.diskMb).filter((value): value is number => value !== null);
  return {
    system: first.system,
    durable: first.durable,
    clients: first.clients,
    rooms: first.rooms,
    offeredPerSec: first.offeredPerSec,
    figures,
    p50Ms: round(median(runs.map((run) => run.p50Ms)), 2),
    serverCpu: round(median(runs.map((run) => run.serverCpu)), 2),
    loadgenCpu: round(median(runs.map((run) => run.loadgenCpu)), 2),
    loadgenMaxLagMs: Math.max(...runs.map((run) => run.loadgenMaxLagMs)),
    diskMb: disk.length > 0 ? Math.max(...disk) : null,
    errors: {
      undelivered: runs.reduce((total, run) => total + run.errors.undelivered, 0),
      diverged: runs.reduce((total, run) => total + run.errors.diverged, 0),
      disconnects: runs.reduce((total, run) => total + run.errors.disconnects, 0),
    },
    runs,
  };
}

export function comparePeer(baton: SystemResult, peer: SystemResult): PeerComparison {
  const figures = Object.fromEntries(
    FIGURES.map(({ key, better }) => {
      const result = compare(
        baton.runs.map((run) => run[key]),
        peer.runs.map((run) => run[key]),
        better,
      );
      return [key, { ...result, pBeat: round(result.pBeat, 3), p: round(result.p, 4) }];
    }),
  ) as Record<FigureKey, Comparison>;
  return { peer: peer.system, clients: peer.clients, rooms: peer.rooms, figures };
}

/** The target at one size: on every figure, Baton is not behind any peer (ahead or level with the best). */
export interface Target {
  size: Size;
  met: boolean;
  /** Per figure, the verdict against the peer Baton fares worst with. */
  figures: Record<FigureKey, { verdict: Verdict; against: string }>;
}

const RANK: Record<Verdict, number> = { behind: 0, level: 1, ahead: 2 };

export function judgeTarget(size: Size, comparisons: PeerComparison[]): Target | null {
  const here = comparisons.filter((entry) => entry.clients === size.clients && entry.rooms === size.rooms);
  if (here.length === 0) return null;
  const figures = Object.fromEntries(
    FIGURES.map(({ key }) => {
      const worst = here.reduce((a, b) => (RANK[b.figures[key].verdict] < RANK[a.figures[key].verdict] ? b : a));
      return [key, { verdict: worst.figures[key].verdict, against: worst.peer }];
    }),
  ) as Target['figures'];
  return { size, met: Object.values(figures).every((entry) => entry.verdict !== 'behind'), figures };
}
