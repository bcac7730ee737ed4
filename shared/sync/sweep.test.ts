import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegistryData } from './registry';
import { BackgroundSweep, BACKGROUND_RETRY_MS, stalePages, type Cancellation, type PageVersion } from './sweep';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A sweep over `pages` whose jobs finish only when the test says so. */
function harness(pages: PageVersion[], registry: Pick<RegistryData, 'pending' | 'synced'>, concurrency?: number) {
  const running = new Map<string, { finish: () => void; cancellation: Cancellation }>();
  const started: string[] = [];
  let peak = 0;
  let ready = true;
  const live = new Set<string>();
  const sweep = new BackgroundSweep({
    ready: () => ready,
    pages: () => pages,
    registry: () => registry,
    isLive: (docId) => live.has(docId),
    run: (docId, cancellation) =>
      new Promise<void>((resolve) => {
        started.push(docId);
        running.set(docId, {
          cancellation,
          finish: () => {
            running.delete(docId);
            resolve();
          },
        });
        peak = Math.max(peak, running.size);
      }),
    changed: () => undefined,
    ...(concurrency ? { concurrency } : {}),
  });
  return {
    sweep,
    started,
    running,
    live,
    peak: () => peak,
    setReady: (value: boolean) => {
      ready = value;
    },
    /** Finishes the oldest running job and lets the sweep start the next. */
    async finishOne() {
      const [first] = running.values();
      first?.finish();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

const pages = (count: number, base = 1000): PageVersion[] => Array.from({ length: count }, (_, i) => ({ id: `p${i}`, updatedAt: base + i }));

describe('stalePages', () => {
  it('skips pages synced at their current version and puts the ones holding unsent changes first, most first', () => {
    const list = [
      { id: 'synced', updatedAt: 5 },
      { id: 'moved', updatedAt: 9 },
      { id: 'old-move', updatedAt: 7 },
      { id: 'two-pending', updatedAt: 1 },
      { id: 'five-pending', updatedAt: 2 },
    ];
    const registry = { pending: { 'two-pending': 2, 'five-pending': 5 }, synced: { synced: 5, moved: 8, 'two-pending': 1, 'five-pending': 2 } };
    expect(stalePages(list, registry)).toEqual(['five-pending', 'two-pending', 'moved', 'old-move']);
  });

  it('syncs a page again when its pending changes remain, even if its version was synced', () => {
    expect(stalePages([{ id: 'a', updatedAt: 3 }], { pending: { a: 1 }, synced: { a: 3 } })).toEqual(['a']);
  });

  it('also syncs docs beside the pages (a page history) that hold unsent changes, after the pages, never the index', () => {
    const registry = { pending: { a_history: 1, b_history: 4, c_history: 0, index: 2, a: 1 }, synced: { a: 3 } };
    expect(stalePages([{ id: 'a', updatedAt: 3 }], registry)).toEqual(['a', 'b_history', 'a_history']);
  });
});

describe('BackgroundSweep', () => {
  it('runs at most 3 docs at once and starts the next as soon as one finishes', async () => {
    const h = harness(pages(10), { pending: {}, synced: {} });
    h.sweep.sweep();
    expect(h.running.size).toBe(3);
    for (let i = 0; i < 10; i++) await h.finishOne();
    expect(h.started).toHaveLength(10);
    expect(new Set(h.started).size).toBe(10);
    expect(h.peak()).toBe(3);
    expect(h.sweep.busy).toBe(false);
  });

  it('starts pending pages before pages that only moved, newest first among equals', async () => {
    const list = pages(6);
    const h = harness(list, { pending: { p1: 1, p4: 3 }, synced: {} }, 1);
    h.sweep.sweep();
    for (let i = 0; i < 6; i++) await h.finishOne();
    expect(h.started).toEqual(['p4', 'p1', 'p5', 'p3', 'p2', 'p0']);
  });

  it('puts pending pages first even when docs closed offline were queued before the sweep', async () => {
    const h = harness(pages(4), { pending: { p0: 1, p2: 4 }, synced: {} }, 1);
    h.setReady(false);
    h.sweep.enqueue('p0'); // closed with changes while offline: waits for the index
    h.sweep.enqueue('p2');
    h.setReady(true);
    h.sweep.sweep();
    for (let i = 0; i < 4; i++) await h.finishOne();
    expect(h.started).toEqual(['p2', 'p0', 'p3', 'p1']);
  });

  it('waits for the index to be in step with the relay before acting on what it says', async () => {
    const h = harness(pages(2), { pending: {}, synced: {} });
    h.setReady(false);
    h.sweep.sweep();
    expect(h.started).toEqual([]);
    h.setReady(true);
    h.sweep.schedule(200);
    expect(h.sweep.busy).toBe(true); // a scheduled sweep already counts as work to do
    await vi.advanceTimersByTimeAsync(200);
    expect(h.started).toEqual(['p1', 'p0']);
  });

  it('leaves a page open in the UI to its own connection', () => {
    const h = harness(pages(3), { pending: {}, synced: {} });
    h.live.add('p2');
    h.sweep.sweep();
    expect(h.started).toEqual(['p1', 'p0']);
  });

  it('queues a waiting page once however often it is asked for', async () => {
    const h = harness(pages(5), { pending: {}, synced: {} }, 1);
    h.sweep.sweep();
    h.sweep.enqueue('p2');
    h.sweep.enqueue('p0');
    for (let i = 0; i < 8; i++) await h.finishOne();
    expect(h.started).toEqual(['p4', 'p3', 'p2', 'p1', 'p0']);
  });

  it('syncs a running page again only if it moved again while its job ran', async () => {
    const list = pages(2);
    const registry = { pending: {}, synced: {} as Record<string, number> };
    const h = harness(list, registry);
    h.sweep.sweep();
    expect(h.started).toEqual(['p1', 'p0']);
    // Both jobs sync the version they found; a teammate edits p0 again meanwhile, and the index change sweeps.
    registry.synced = { p0: 1000, p1: 1001 };
    list[0] = { id: 'p0', updatedAt: 5000 };
    h.sweep.sweep();
    expect(h.started).toEqual(['p1', 'p0']); // not queued twice while running
    await h.finishOne();
    await h.finishOne();
    await h.finishOne();
    expect(h.started).toEqual(['p1', 'p0', 'p0']);
  });

  it('retries a doc that could not hand its changes over after a pause, not in a loop', async () => {
    const registry = { pending: { p0: 2 } as Record<string, number>, synced: {} };
    const h = harness([{ id: 'p0', updatedAt: 1 }], registry);
    h.sweep.sweep();
    await h.finishOne(); // gave up with the changes still pending
    expect(h.started).toEqual(['p0']);
    await vi.advanceTimersByTimeAsync(BACKGROUND_RETRY_MS - 1);
    expect(h.started).toEqual(['p0']);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.started).toEqual(['p0', 'p0']);
    registry.pending = {};
    await h.finishOne();
    await vi.advanceTimersByTimeAsync(BACKGROUND_RETRY_MS * 2);
    expect(h.started).toEqual(['p0', 'p0']);
  });

  it('on dispose cancels running jobs and clears the sweep and retry timers', async () => {
    const registry = { pending: { p0: 1 } as Record<string, number>, synced: {} };
    const h = harness(pages(5), registry, 2);
    h.sweep.sweep();
    await h.finishOne(); // p0 first (pending): it schedules a retry
    h.sweep.schedule(200);
    expect(vi.getTimerCount()).toBe(2);
    const cancellations = [...h.running.values()].map((job) => job.cancellation);
    expect(cancellations).toHaveLength(2);
    h.sweep.dispose();
    expect(cancellations.every((cancellation) => cancellation.cancelled)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    h.sweep.enqueue('p1');
    h.sweep.schedule(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
