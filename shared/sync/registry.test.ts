import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseRegistry, REGISTRY_KEY, REGISTRY_SAVE_DELAY_MS, RegistryStore, totalPending } from './registry';

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
      expect(registry.cursor).toBe(0);
    }
  });

  it('keeps the catch-up cursor with the relay it was reached on, and a doc version that only moves forward', async () => {
    const registry = new RegistryStore({ getMeta: async () => ({ cursor: 42, cursorRelay: 'ws://a', versions: { p: 10 } }), setMeta: async () => undefined });
    await registry.load();
    expect(registry.cursorFor('ws://a')).toBe(42);
    expect(registry.cursorFor('ws://b')).toBe(0);
    registry.bumpVersion('p', 5); // a clock behind the stored version still moves it on
    expect(registry.version('p')).toBe(11);
    registry.forgetSynced();
    expect(registry.cursorFor('ws://a')).toBe(0);
    registry.dispose();
  });
});

describe('RegistryStore', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A meta store that keeps what was written and counts the writes. */
  function metaStore(initial?: unknown) {
    const stored = new Map<string, unknown>(initial === undefined ? [] : [[REGISTRY_KEY, initial]]);
    const writes: unknown[] = [];
    return {
      stored,
      writes,
      getMeta: async (key: string) => stored.get(key),
      setMeta: async (key: string, value: unknown) => {
        writes.push(JSON.parse(JSON.stringify(value)));
        stored.set(key, value);
      },
    };
  }

  it('saves a burst of changes as one write, shortly after the first', async () => {
    const store = metaStore();
    const registry = new RegistryStore(store);
    await registry.load();
    registry.setPending('a', 1);
    registry.setPending('a', 2);
    registry.markSynced('b', 17);
    await vi.advanceTimersByTimeAsync(REGISTRY_SAVE_DELAY_MS);
    expect(store.writes).toEqual([{ pending: { a: 2 }, synced: { b: 17 }, lastSyncedAt: null, cursor: 0, cursorRelay: null, versions: {}, unshared: {} }]);
    registry.setPending('a', 0);
    await vi.advanceTimersByTimeAsync(REGISTRY_SAVE_DELAY_MS);
    expect(store.writes.at(-1)).toEqual({ pending: {}, synced: { b: 17 }, lastSyncedAt: null, cursor: 0, cursorRelay: null, versions: {}, unshared: {} });
  });

  it('never overwrites the stored registry before reading it (a workspace closed while opening)', async () => {
    const store = metaStore({ pending: { a: 3 }, synced: {}, lastSyncedAt: 5 });
    const registry = new RegistryStore(store);
    registry.setPending('b', 1);
    await registry.save();
    await vi.advanceTimersByTimeAsync(REGISTRY_SAVE_DELAY_MS);
    expect(store.writes).toEqual([]);
    await registry.load();
    expect(registry.pending('a')).toBe(3);
  });

  it('after dispose schedules nothing, and a last save() still writes the latest', async () => {
    const store = metaStore();
    const registry = new RegistryStore(store);
    await registry.load();
    registry.setPending('a', 1);
    registry.dispose();
    expect(vi.getTimerCount()).toBe(0);
    registry.setPending('a', 2);
    expect(vi.getTimerCount()).toBe(0);
    await registry.save();
    expect(store.writes).toEqual([{ pending: { a: 2 }, synced: {}, lastSyncedAt: null, cursor: 0, cursorRelay: null, versions: {}, unshared: {} }]);
  });
});
