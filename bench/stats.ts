/**
 * What the benches conclude from repeated runs. A median of a few noisy runs
 * against another median flips from rerun to rerun; a verdict here rests on
 * every run of both systems: how often one beats the other (the common-language
 * effect size, U / (n·m)) and whether that is more than chance (the two-sided
 * Mann–Whitney U test).
 */

/** Where a figure's runs fell. */
export interface Spread {
  n: number;
  median: number;
  /** First and third quartiles (linear interpolation between order statistics, as R's and numpy's default). */
  q1: number;
  q3: number;
  min: number;
  max: number;
}

export type Verdict = 'ahead' | 'level' | 'behind';

/** Which way a figure improves: updates/s up, latency and memory down. */
export type Better = 'higher' | 'lower';

export interface Comparison {
  /** Probability that a random run of the first system beats a random run of the other (a tie counts half). */
  pBeat: number;
  /** Two-sided p-value of the Mann–Whitney U test. */
  p: number;
  /** Exact distribution of U (small samples, no ties), or the normal approximation with tie correction. */
  method: 'exact' | 'normal';
  verdict: Verdict;
}

/** Significance level of a verdict other than `level`. */
export const ALPHA = 0.05;
/** Up to this many runs in both samples together (and no ties), p comes from U's exact distribution. */
const EXACT_MAX_TOTAL = 40;

export class StatsInputError extends Error {
  constructor(readonly reason: 'empty' | 'not-finite') {
    super(reason === 'empty' ? 'no values to summarise' : 'a value is not a finite number');
  }
}

function checked(values: readonly number[]): number[] {
  if (values.length === 0) throw new StatsInputError('empty');
  if (values.some((value) => !Number.isFinite(value))) throw new StatsInputError('not-finite');
  return [...values].sort((a, b) => a - b);
}

/** The p-quantile (0 ≤ p ≤ 1) of sorted values: R's type 7. */
export function quantile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below);
}

export function spread(values: readonly number[]): Spread {
  const sorted = checked(values);
  return { n: sorted.length, median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75), min: sorted[0]!, max: sorted.at(-1)! };
}

/**
 * The complementary error function (Numerical Recipes' erfcc, a Chebyshev fit
 * with relative error below 1.2e-7 everywhere): plenty for a p-value.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/**
 * How many of the C(n+m, n) orderings of two samples without ties give each U
 * (0 … n·m): f(n, m, u) = f(n−1, m, u−m) + f(n, m−1, u), the last value being
 * either one of the first sample (above all m others) or one of the second.
 */
function exactCounts(n: number, m: number): Float64Array {
  // row[j] holds the counts for (i, j) while i grows; each is a polynomial in u.
  let row: Float64Array[] = Array.from({ length: m + 1 }, () => Float64Array.of(1));
  for (let i = 1; i <= n; i++) {
    const next: Float64Array[] = [Float64Array.of(1)];
    for (let j = 1; j <= m; j++) {
      const counts = new Float64Array(i * j + 1);
      const fromAbove = row[j]!; // (i−1, j): the new largest value is from the first sample, above j others
      for (let u = 0; u < fromAbove.length; u++) counts[u + j] = counts[u + j]! + fromAbove[u]!;
      const fromLeft = next[j - 1]!; // (i, j−1): the largest value is from the second sample
      for (let u = 0; u < fromLeft.length; u++) counts[u] = counts[u]! + fromLeft[u]!;
      next.push(counts);
    }
    row = next;
  }
  return row[m]!;
}

export interface RankTest {
  /** U of the first sample: pairs where its value is the larger, ties counting half. */
  u: number;
  p: number;
  method: 'exact' | 'normal';
}

/**
 * The two-sided Mann–Whitney U test of a against b. `method: 'normal'` skips the
 * exact distribution even where it applies (to compare with published approximations).
 */
export function mannWhitney(aValues: readonly number[], bValues: readonly number[], { method = 'auto' }: { method?: 'auto' | 'normal' } = {}): RankTest {
  const a = checked(aValues);
  const b = checked(bValues);
  const n = a.length;
  const m = b.length;
  // Ranks of the pooled sample, ties sharing the mean of their ranks.
  const pooled = [...a.map((value) => ({ value, first: true })), ...b.map((value) => ({ value, first: false }))].sort((x, y) => x.value - y.value);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let start = 0; start < pooled.length; ) {
    let end = start;
    while (end + 1 < pooled.length && pooled[end + 1]!.value === pooled[start]!.value) end++;
    const size = end - start + 1;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (pooled[k]!.first) rankSumA += rank;
    tieTerm += size ** 3 - size;
    start = end + 1;
  }
  const u = rankSumA - (n * (n + 1)) / 2;
  const extreme = Math.max(u, n * m - u);
  if (method === 'auto' && tieTerm === 0 && n + m <= EXACT_MAX_TOTAL) {
    const counts = exactCounts(n, m);
    let total = 0;
    let atLeast = 0;
    for (let k = 0; k < counts.length; k++) {
      total += counts[k]!;
      if (k >= extreme) atLeast += counts[k]!;
    }
    return { u, p: Math.min(1, (2 * atLeast) / total), method: 'exact' };
  }
  const total = n + m;
  const variance = ((n * m) / 12) * (total + 1 - tieTerm / (total * (total - 1)));
  if (variance <= 0) return { u, p: 1, method: 'normal' };
  // With the continuity correction, as scipy.stats.mannwhitneyu does by default.
  const z = (extreme - (n * m) / 2 - 0.5) / Math.sqrt(variance);
  return { u, p: Math.min(1, erfc(z / Math.SQRT2)), method: 'normal' };
}

/** `ahead` or `behind` only when the difference is both one-sided and unlikely by chance. */
export function verdictOf(pBeat: number, p: number, alpha = ALPHA): Verdict {
  if (p >= alpha) return 'level';
  if (pBeat > 0.5) return 'ahead';
  if (pBeat < 0.5) return 'behind';
  return 'level';
}

/** How `ours` compares with `theirs` on a figure that improves in the direction `better`. */
export function compare(ours: readonly number[], theirs: readonly number[], better: Better): Comparison {
  const test = mannWhitney(ours, theirs);
  const higher = test.u / (ours.length * theirs.length);
  const pBeat = better === 'higher' ? higher : 1 - higher;
  return { pBeat, p: test.p, method: test.method, verdict: verdictOf(pBeat, test.p) };
}
