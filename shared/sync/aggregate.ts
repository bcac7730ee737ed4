import { Emitter } from './emitter';
import type { SyncState } from './types';

/** A workspace with no relay (or no websocket): nothing to sync, nothing to wait for. */
export const LOCAL_ONLY: SyncState = { status: 'offline', pending: 0, lastSyncedAt: null, error: null };

export interface AggregateInput {
  /** The index doc's connection state; null when the workspace is local only. */
  index: SyncState | null;
  /** Unconfirmed local changes across every doc, loaded or not. */
  pending: number;
  /** Background work is queued or running, or a loaded doc is not in step yet. */
  busy: boolean;
  /** When the workspace was last entirely synced (remembered across reloads). */
  lastSyncedAt: number | null;
  readOnly: boolean;
}

/**
 * The workspace's one state: the index's connection decides offline and
 * connecting (without it nothing else can sync), and the workspace is synced
 * only when nothing is pending or busy. Becoming synced, or synced with a
 * different pending count, stamps `lastSyncedAt` with `now`.
 */
export function aggregateState(input: AggregateInput, previous: SyncState, now: number): SyncState {
  const { index, pending } = input;
  if (!index) return { ...LOCAL_ONLY, lastSyncedAt: input.lastSyncedAt };
  const busy = input.busy || pending > 0;
  const status = index.status === 'offline' || index.status === 'connecting' ? index.status : busy ? 'syncing' : 'synced';
  const fresh = status === 'synced' && (previous.status !== 'synced' || previous.pending !== pending);
  return { status, pending, lastSyncedAt: fresh ? now : input.lastSyncedAt, error: index.error, readOnly: input.readOnly };
}

export function sameState(a: SyncState, b: SyncState): boolean {
  return a.status === b.status && a.pending === b.pending && a.error === b.error && a.lastSyncedAt === b.lastSyncedAt && a.readOnly === b.readOnly;
}

/** The current workspace state, announced to subscribers only when it changes. */
export class AggregateState {
  readonly changes = new Emitter<SyncState>();
  private value: SyncState = LOCAL_ONLY;

  get current(): SyncState {
    return this.value;
  }

  set(next: SyncState): void {
    if (sameState(this.value, next)) return;
    this.value = next;
    this.changes.emit(next);
  }
}

/** Resolves once the workspace is synced and nothing is pending (or rejects after timeoutMs). */
export function whenSynced(state: AggregateState, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      if (state.current.status !== 'synced') return false;
      clearTimeout(timer);
      unsubscribe();
      resolve();
      return true;
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`workspace not synced after ${timeoutMs} ms (${state.current.status}, ${state.current.pending} pending)`));
    }, timeoutMs);
    const unsubscribe = state.changes.subscribe(done);
    done();
  });
}
