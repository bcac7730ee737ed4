import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('reconnect backoff', () => {
  const options = { baseMs: 500, capMs: 30_000 };

  it('doubles per attempt and never exceeds the cap, however long a device was away', () => {
    const high = (attempt: number) => backoffDelay(attempt, { ...options, random: () => 1 });
    expect([0, 1, 2, 3].map(high)).toEqual([500, 1000, 2000, 4000]);
    expect(high(10)).toBe(30_000);
    expect(high(10_000)).toBe(30_000);
  });

  it('spreads clients out: delays are jittered between half and all of the ceiling', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(6, options));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(15_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(30_000);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});
