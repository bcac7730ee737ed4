import { describe, expect, it } from 'vitest';
import { FuzzEnvError, fuzzRuns, fuzzSeed, seededRandom, withFuzzSeed } from './seed';

function thrown(body: () => unknown): unknown {
  try {
    body();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('randomized test seeds', () => {
  it('replays the seed BATON_FUZZ_SEED names, decimal or hex', () => {
    expect(fuzzSeed({ BATON_FUZZ_SEED: '20260304' })).toBe(20_260_304);
    expect(fuzzSeed({ BATON_FUZZ_SEED: ' 0x10 ' })).toBe(16);
  });

  it('draws a fresh seed each time when none is given, so runs differ', () => {
    const seeds = Array.from({ length: 8 }, () => fuzzSeed({}));
    expect(new Set(seeds).size).toBeGreaterThan(1);
    for (const seed of seeds) expect(Number.isSafeInteger(seed) && seed >= 0 && seed <= 0x7fff_ffff).toBe(true);
  });

  it('refuses a seed or run count it could not replay, saying which', () => {
    for (const text of ['abc', '-1', '1.5', '4294967296']) {
      const error = thrown(() => fuzzSeed({ BATON_FUZZ_SEED: text }));
      expect(error).toBeInstanceOf(FuzzEnvError);
      expect((error as FuzzEnvError).reason).toBe('invalid-seed');
    }
    expect((thrown(() => fuzzRuns(10, { BATON_FUZZ_RUNS: '0' })) as FuzzEnvError).reason).toBe('invalid-runs');
    expect(fuzzRuns(10, {})).toBe(10);
    expect(fuzzRuns(10, { BATON_FUZZ_RUNS: '500' })).toBe(500);
  });

  it('hands the body its seed and names it in a failure, thrown or rejected', async () => {
    expect(withFuzzSeed((seed) => seed * 2, 21)).toBe(42);
    const sync = thrown(() => withFuzzSeed(() => expect(1).toBe(2), 77));
    expect((sync as Error).message).toContain('BATON_FUZZ_SEED=77');
    const rejected = await withFuzzSeed(async () => {
      throw new Error('diverged');
    }, 78).catch((error: unknown) => error);
    expect((rejected as Error).message).toMatch(/^diverged\n.*BATON_FUZZ_SEED=78/);
    await expect(withFuzzSeed(async (seed) => seed, 79)).resolves.toBe(79);
  });

  it('gives the same numbers for the same seed and other numbers for another', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(8)).not.toEqual(draw(7));
    for (const x of draw(9)) expect(x >= 0 && x < 1).toBe(true);
  });
});
