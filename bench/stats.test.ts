import { describe, expect, it } from 'vitest';
import { StatsInputError, compare, erfc, mannWhitney, spread, verdictOf } from './stats';

// Reference values from scipy.stats.mannwhitneyu (scipy 1.17, default continuity correction);
// the first pair is the example of its documentation (ages of male and female readers).
const MALES = [19, 22, 16, 29, 24];
const FEMALES = [20, 11, 17, 12];

describe('spread', () => {
  it('gives median, quartiles (numpy.percentile, linear) and range', () => {
    expect(spread([1, 2, 3, 4, 10])).toEqual({ n: 5, median: 3, q1: 2, q3: 4, min: 1, max: 10 });
    expect(spread([7, 1, 3, 5])).toEqual({ n: 4, median: 4, q1: 2.5, q3: 5.5, min: 1, max: 7 });
    expect(spread([42])).toEqual({ n: 1, median: 42, q1: 42, q3: 42, min: 42, max: 42 });
  });

  it('refuses an empty or non-finite sample, saying which', () => {
    expect(() => spread([])).toThrow(StatsInputError);
    expect(() => spread([1, Number.NaN])).toThrow(expect.objectContaining({ reason: 'not-finite' }));
  });
});

describe('erfc', () => {
  it('matches the library values (math.erfc) to 1.2e-7 relative', () => {
    const known: Array<[number, number]> = [
      [0.1, 0.8875370839817152],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047265],
      [3, 2.2090496998585438e-5],
      [5, 1.5374597944280351e-12],
    ];
    for (const [x, value] of known) {
      expect(Math.abs(erfc(x) - value) / value).toBeLessThan(1.2e-7);
      expect(Math.abs(erfc(-x) - (2 - value))).toBeLessThan(1e-7);
    }
  });
});

describe('mannWhitney', () => {
  it('gives U and the exact two-sided p of a small sample without ties', () => {
    const test = mannWhitney(MALES, FEMALES);
    expect(test).toMatchObject({ u: 17, method: 'exact' });
    expect(test.p).toBeCloseTo(0.1111111111111111, 12);
    // Swapping the samples changes U to n·m − U, not p.
    expect(mannWhitney(FEMALES, MALES)).toMatchObject({ u: 3, p: test.p });
  });

  it('gives 2 / C(8, 4) for two runs of four that do not overlap: the smallest p four runs can show', () => {
    const test = mannWhitney([5, 6, 7, 8], [1, 2, 3, 4]);
    expect(test.u).toBe(16);
    expect(test.p).toBeCloseTo(2 / 70, 12);
  });

  it('gives the exact p for twelve runs a side', () => {
    const a = [3.1, 4.2, 2.8, 5.0, 3.9, 4.4, 3.3, 4.8, 2.9, 3.6, 4.1, 3.0];
    const b = [4.6, 5.2, 3.8, 5.9, 4.9, 5.5, 4.3, 6.1, 4.0, 5.1, 4.7, 5.8];
    const test = mannWhitney(a, b);
    expect(test).toMatchObject({ u: 19, method: 'exact' });
    expect(test.p).toBeCloseTo(0.0014326096571351653, 12);
  });

  it('uses the normal approximation with tie and continuity corrections when values tie', () => {
    const a = [1.1, 2.2, 2.2, 3.0, 4.5, 5.0, 5.0, 6.1];
    const b = [2.2, 3.0, 3.0, 4.5, 4.6, 6.1, 7.0, 8.2];
    const test = mannWhitney(a, b);
    // scipy reports max(U, n·m − U) = 42 for (b, a); U of a is 64 − 42.
    expect(test).toMatchObject({ u: 22, method: 'normal' });
    expect(test.p).toBeCloseTo(0.3144788639260816, 6);
  });

  it('matches scipy\'s asymptotic p for the documentation example', () => {
    const test = mannWhitney(MALES, FEMALES, { method: 'normal' });
    expect(test).toMatchObject({ u: 17, method: 'normal' });
    expect(test.p).toBeCloseTo(0.11134688653314041, 6);
  });

  it('calls identical samples level with p = 1', () => {
    expect(mannWhitney([3, 3, 3], [3, 3, 3])).toMatchObject({ u: 4.5, p: 1 });
  });
});

describe('compare and verdictOf', () => {
  it('counts a tie as half a win and turns the direction of "better" around', () => {
    expect(compare([1, 2], [2, 3], 'higher').pBeat).toBeCloseTo(0.125, 12);
    expect(compare([1, 2], [2, 3], 'lower').pBeat).toBeCloseTo(0.875, 12);
  });

  it('is ahead or behind only when p is below 0.05, level otherwise', () => {
    const low = [1, 2, 3, 4];
    const high = [5, 6, 7, 8];
    expect(compare(low, high, 'lower')).toMatchObject({ pBeat: 1, verdict: 'ahead' });
    expect(compare(low, high, 'higher')).toMatchObject({ pBeat: 0, verdict: 'behind' });
    // Three runs a side cannot show anything: 2 / C(6, 3) = 0.1 even with no overlap.
    expect(compare([1, 2, 3], [5, 6, 7], 'lower')).toMatchObject({ pBeat: 1, verdict: 'level' });
    expect(compare(MALES, FEMALES, 'higher')).toMatchObject({ pBeat: 0.85, verdict: 'level' });
    expect(verdictOf(0.5, 0.01)).toBe('level');
  });
});
