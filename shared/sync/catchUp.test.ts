import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CatchUp } from './catchUp';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(inStep: string[] = []) {
  const asked: number[] = [];
  const enqueued: string[] = [];
  let saved = 5;
  const catchUp = new CatchUp({
    ask: (cursor) => (asked.push(cursor), true),
    cursor: () => saved,
    reached: (cursor) => (saved = cursor),
    enqueue: (docIds) => enqueued.push(...docIds),
    inStep: (docId) => inStep.includes(docId),
    changed: () => undefined,
    page: 4,
    againMs: 1_000,
  });
  return { catchUp, asked, enqueued, saved: () => saved };
}

describe('CatchUp', () => {
  it('asks from the saved cursor, asks on at once when an answer was cut at the cap, and saves the last cursor once every named doc is in step', () => {
    const { catchUp, asked, enqueued, saved } = setup();
    catchUp.opened();
    expect(asked).toEqual([5]);
    catchUp.changed(10, ['a', 'b', 'c', 'd']);
    expect(asked).toEqual([5, 10]);
    expect(enqueued).toEqual(['a', 'b', 'c', 'd']);
    for (const docId of ['a', 'b', 'c', 'd']) catchUp.settled(docId);
    expect(saved()).toBe(5); // the rest of the list is still to come
    catchUp.changed(12, ['e']);
    expect(catchUp.busy).toBe(true);
    catchUp.settled('e');
    expect(saved()).toBe(12);
    expect(catchUp.busy).toBe(false);
  });

  it('counts docs already in step on a channel as done, and takes an empty answer at cursor 0 as the answer of a relay that stored nothing', () => {
    const { catchUp, enqueued, saved } = setup(['index']);
    catchUp.opened();
    catchUp.changed(9, ['index']);
    expect(enqueued).toEqual([]);
    expect(saved()).toBe(9);
    catchUp.opened();
    catchUp.changed(0, []);
    expect(catchUp.busy).toBe(false);
  });

  it('syncs docs pushed live without moving the cursor, then asks again once idle, which does', async () => {
    const { catchUp, asked, enqueued, saved } = setup();
    catchUp.opened();
    catchUp.changed(7, []);
    expect(saved()).toBe(7);
    catchUp.changed(0, ['x']);
    expect(enqueued).toEqual(['x']);
    expect(saved()).toBe(7);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(asked).toEqual([5, 7]);
    catchUp.changed(8, ['x']);
    catchUp.settled('x');
    expect(saved()).toBe(8);
    catchUp.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('forgets what was named when the socket goes down: the next answer names it again', () => {
    const { catchUp, saved } = setup();
    catchUp.opened();
    catchUp.changed(10, ['a']);
    catchUp.down();
    catchUp.settled('a');
    expect(saved()).toBe(5);
    expect(catchUp.busy).toBe(false);
  });
});
