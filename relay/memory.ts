/**
 * Gives memory back after rooms unload. V8 sizes its heap for the busiest
 * moment and, on a process that then goes quiet, neither collects nor returns
 * those pages for a long time: a relay that served a thousand rooms at 9:00
 * would still hold their memory at midnight. So after a burst of unloads the
 * relay runs a full collection once things are quiet — at most every
 * `minIntervalMs`, and never while rooms are being unloaded in quick succession —
 * and repeats it while the young generation has not shrunk yet ([R29]).
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from './log';

export interface ReclaimerOptions {
  /** Unloads since the last collection that make one worthwhile. */
  unloadsBeforeReclaim: number;
  /** Quiet time after the last unload before collecting. */
  settleMs: number;
  minIntervalMs: number;
}

export const DEFAULT_RECLAIMER: ReclaimerOptions = { unloadsBeforeReclaim: 50, settleMs: 1_000, minIntervalMs: 5_000 };

type Collect = () => void;

/**
 * `BATON_MEMORY_RECLAIM=off` leaves memory to V8 alone: `npm run bench:memory`
 * runs the relay both ways to show what the forced collections buy ([R29]).
 */
function reclaimEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.BATON_MEMORY_RECLAIM !== 'off';
}

function obtainCollector(): Collect | null {
  if (!reclaimEnabled()) return null;
  const exposed = (globalThis as { gc?: Collect }).gc;
  if (exposed) return exposed;
  try {
    // Exposes gc() to a fresh context only; the relay's own global stays unchanged.
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as Collect;
  } catch {
    return null;
  }
}

/**
 * Young generation (V8's new space) size above which the collection is repeated.
 * V8 shrinks it only in a collection that finds the allocation rate of the last
 * few seconds low, which the first one after a burst usually does not.
 */
const YOUNG_IDLE_BYTES = 4 * 2 ** 20;
const YOUNG_RETRY_MS = 2_000;
const YOUNG_RETRIES = 5;

function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;
}

export class MemoryReclaimer {
  private unloads = 0;
  private lastRun = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly collect = obtainCollector();

  constructor(
    private readonly logger: Logger,
    private readonly options: ReclaimerOptions = DEFAULT_RECLAIMER,
  ) {}

  /** A room was unloaded. */
  noteUnload(): void {
    this.unloads++;
    if (!this.collect || this.unloads < this.options.unloadsBeforeReclaim) return;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(this.options.settleMs, this.lastRun + this.options.minIntervalMs - Date.now());
    this.timer = setTimeout(() => this.run(), wait);
    this.timer.unref();
  }

  private run(retry = 0): void {
    this.timer = null;
    this.unloads = 0;
    this.lastRun = Date.now();
    const before = process.memoryUsage();
    const youngBefore = youngGenerationBytes();
    this.collect?.();
    const after = process.memoryUsage();
    const young = youngGenerationBytes();
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    this.logger.info('memory reclaimed', { heapUsedMb: [mb(before.heapUsed), mb(after.heapUsed)], rssMb: [mb(before.rss), mb(after.rss)], youngMb: [mb(youngBefore), mb(young)] });
    if (young > YOUNG_IDLE_BYTES && retry < YOUNG_RETRIES) {
      this.timer = setTimeout(() => this.run(retry + 1), YOUNG_RETRY_MS);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
