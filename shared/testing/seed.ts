/**
 * Seeds for randomized tests. Every run draws a fresh seed, so CI explores new
 * cases each time instead of the same ones forever; a failure prints
 * `BATON_FUZZ_SEED=<seed>`, and setting that variable replays the run exactly.
 * A seed that once found a bug stays in its test file as a named case.
 *
 * Test code only (unit tests in shared/ and relay/, and test/): production
 * code never imports it. It reads the environment through globalThis so that
 * it compiles without Node's typings, like the rest of shared/.
 */
import { onTestFailed } from 'vitest';

export const SEED_ENV = 'BATON_FUZZ_SEED';
export const RUNS_ENV = 'BATON_FUZZ_RUNS';

/** Seeds are 31-bit: fast-check and the PRNG below take them as they are, and they print short. */
const MAX_SEED = 0x7fff_ffff;

export type FuzzEnvErrorReason = 'invalid-seed' | 'invalid-runs';

/** BATON_FUZZ_SEED or BATON_FUZZ_RUNS holds something that is not a usable number. */
export class FuzzEnvError extends Error {
  constructor(
    readonly reason: FuzzEnvErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'FuzzEnvError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function processEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}

/** shared/ compiles without DOM or Node typings; every test runtime has a console. */
function printError(text: string): void {
  (globalThis as { console?: { error(text: string): void } }).console?.error(text);
}

/** `BATON_FUZZ_SEED` if set (decimal, or hex with 0x), else a fresh random seed. */
export function fuzzSeed(env: Env = processEnv()): number {
  const text = env[SEED_ENV]?.trim();
  if (text === undefined || text === '') return Math.floor(Math.random() * (MAX_SEED + 1));
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new FuzzEnvError('invalid-seed', `${SEED_ENV} must be an integer from 0 to ${MAX_SEED}, got "${text}"`);
  }
  return seed;
}

/** `BATON_FUZZ_RUNS` if set (to widen a run), else `fallback`. */
export function fuzzRuns(fallback: number, env: Env = processEnv()): number {
  const text = env[RUNS_ENV]?.trim();
  if (text === undefined || text === '') return fallback;
  const runs = Number(text);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new FuzzEnvError('invalid-runs', `${RUNS_ENV} must be a positive integer, got "${text}"`);
  return runs;
}

/** What a failure prints so the run can be replayed. */
export function replayHint(seed: number): string {
  return `replay with ${SEED_ENV}=${seed}`;
}

function annotate(error: unknown, seed: number): unknown {
  if (error instanceof Error && !error.message.includes(replayHint(seed))) error.message = `${error.message}\n(${replayHint(seed)})`;
  return error;
}

/**
 * Runs a randomized test body with `seed` (default: fuzzSeed()). If the test
 * fails in any way — an assertion here, a rejected promise, a timeout, an
 * afterEach — the seed is printed; an error thrown by the body also carries
 * it in its message. Call it inside `it(...)`.
 */
export function withFuzzSeed<T>(body: (seed: number) => T, seed: number = fuzzSeed()): T {
  useFuzzSeed(seed);
  let result: T;
  try {
    result = body(seed);
  } catch (error) {
    throw annotate(error, seed);
  }
  if (result instanceof Promise) return result.catch((error: unknown) => Promise.reject(annotate(error, seed))) as T;
  return result;
}

/**
 * The seed for this test (default: fuzzSeed()), printed if the test fails in
 * any way. For a test that draws numbers itself (see seededRandom) rather than
 * wrapping its body in withFuzzSeed. Call it inside `it(...)`.
 */
export function useFuzzSeed(seed: number = fuzzSeed()): number {
  onTestFailed(() => printError(replayHint(seed)));
  return seed;
}

/** A PRNG for tests that draw numbers themselves (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
