import { describe, expect, it } from 'vitest';
import { parseRegistry, totalPending } from './registry';

describe('sync registry', () => {
  it('reads back what was stored and sums pending changes across docs', () => {
    const registry = parseRegistry({ pending: { a: 2, b: 3 }, synced: { a: 17 }, lastSyncedAt: 5 });
    expect(totalPending(registry)).toBe(5);
    expect(registry.synced).toEqual({ a: 17 });
    expect(registry.lastSyncedAt).toBe(5);
  });

  it('treats a missing or corrupt stored value as a fresh device instead of failing to open', () => {
    for (const stored of [undefined, null, 'garbage', 42, { pending: 'x', synced: [1], lastSyncedAt: 'then' }]) {
      const registry = parseRegistry(stored);
      expect(totalPending(registry)).toBe(0);
      expect(registry.lastSyncedAt).toBeNull();
    }
  });
});
