import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('is 21 URL-safe characters', () => {
    for (let i = 0; i < 1000; i++) {
      const id = newId();
      expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
      expect(encodeURIComponent(id)).toBe(id);
    }
  });

  it('never repeats in 100,000 ids', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i++) ids.add(newId());
    expect(ids.size).toBe(100_000);
  });

  it('uses the whole alphabet, not a biased part of it', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) for (const ch of newId()) seen.add(ch);
    expect(seen.size).toBe(64);
  });
});
