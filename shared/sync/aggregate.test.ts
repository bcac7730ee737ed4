import { describe, expect, it } from 'vitest';
import { aggregateState, AggregateState, LOCAL_ONLY, type AggregateInput } from './aggregate';
import type { SyncState } from './types';

const NOW = 1_767_600_000_000;
const index = (status: SyncState['status'], error: SyncState['error'] = null): SyncState => ({ status, pending: 0, lastSyncedAt: null, error });
const input = (patch: Partial<AggregateInput>): AggregateInput => ({ index: index('synced'), pending: 0, busy: false, lastSyncedAt: 42, readOnly: false, ...patch });
const syncing: SyncState = { status: 'syncing', pending: 0, lastSyncedAt: 42, error: null, readOnly: false };

describe('aggregateState', () => {
  it('reports a local-only workspace as offline with nothing pending, keeping when it last synced', () => {
    expect(aggregateState(input({ index: null, pending: 3, busy: true }), LOCAL_ONLY, NOW)).toEqual({ ...LOCAL_ONLY, lastSyncedAt: 42 });
  });

  it('lets the index connection decide offline and connecting, whatever else is going on', () => {
    expect(aggregateState(input({ index: index('offline', 'revoked') }), syncing, NOW)).toMatchObject({ status: 'offline', error: 'revoked' });
    expect(aggregateState(input({ index: index('connecting'), pending: 2 }), syncing, NOW)).toMatchObject({ status: 'connecting', pending: 2 });
  });

  it('is syncing while anything is pending or busy, even with the index in step', () => {
    expect(aggregateState(input({ pending: 1 }), syncing, NOW)).toMatchObject({ status: 'syncing', pending: 1, lastSyncedAt: 42 });
    expect(aggregateState(input({ busy: true }), syncing, NOW)).toMatchObject({ status: 'syncing', lastSyncedAt: 42 });
  });

  it('stamps lastSyncedAt when the workspace becomes synced, and keeps the stamp while it stays so', () => {
    const synced = aggregateState(input({ readOnly: true }), syncing, NOW);
    expect(synced).toEqual({ status: 'synced', pending: 0, lastSyncedAt: NOW, error: null, readOnly: true });
    expect(aggregateState(input({ lastSyncedAt: NOW, readOnly: true }), synced, NOW + 5_000)).toEqual(synced);
  });
});

describe('AggregateState', () => {
  it('tells subscribers only about states that differ from the last one', () => {
    const state = new AggregateState();
    const seen: SyncState[] = [];
    state.changes.subscribe((value) => seen.push(value));
    state.set({ ...LOCAL_ONLY });
    state.set(syncing);
    state.set({ ...syncing });
    state.set({ ...syncing, readOnly: true });
    expect(seen).toEqual([syncing, { ...syncing, readOnly: true }]);
    expect(state.current).toEqual({ ...syncing, readOnly: true });
  });
});
