import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue';

/** A promise and the functions that settle it. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('SerialQueue', () => {
  it('[S3] runs a task in the calling tick while nothing is queued', () => {
    const queue = new SerialQueue();
    const ran: string[] = [];
    void queue.run(() => void ran.push('now'));
    expect(ran).toEqual(['now']);
    expect(queue.busy).toBe(false);
  });

  it('[S3] while work is in flight, later tasks wait and run in order, and a failure does not stop the ones after it', async () => {
    const queue = new SerialQueue();
    const ran: string[] = [];
    const load = deferred();
    const loading = queue.track(load.promise);
    const first = queue.run(() => void ran.push('first'));
    const failing = queue.run(() => {
      throw new Error('bad frame');
    });
    const last = queue.run(() => void ran.push('last'));
    expect(queue.busy).toBe(true);
    // Every microtask queued so far has run once setImmediate fires: the tasks are still waiting for the load.
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual([]);
    load.reject(new Error('load failed'));
    await expect(loading).rejects.toThrow('load failed');
    await first;
    await expect(failing).rejects.toThrow('bad frame');
    await last;
    expect(ran).toEqual(['first', 'last']);
    expect(queue.busy).toBe(false);
  });
});
