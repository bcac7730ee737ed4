import type { SyncState } from '../../../shared/sync';

function clock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function changes(count: number): string {
  return count === 1 ? '1 change' : `${count} changes`;
}

/** Words for a sync state: short for the badge, full for screen readers and the tooltip. */
export function describeSync(state: SyncState, hasRelay: boolean): { label: string; detail: string } {
  if (state.error === 'unauthorized') {
    return { label: 'Access expired', detail: 'The relay no longer accepts this device’s access. Ask a teammate for a new invite link; your changes stay on this device.' };
  }
  if (state.error === 'forbidden') {
    return { label: 'No access', detail: 'This invite is for another workspace. Ask for a new invite link; your changes stay on this device.' };
  }
  if (!hasRelay) return { label: 'Local only', detail: 'Everything is saved on this device. Share the workspace to sync with teammates.' };
  const last = state.lastSyncedAt ? ` Last synced at ${clock(state.lastSyncedAt)}.` : ' Not synced yet.';
  const pending = state.pending > 0 ? ` ${changes(state.pending)} waiting to sync.` : '';
  switch (state.status) {
    case 'offline':
      return { label: state.pending > 0 ? `Offline · ${changes(state.pending)} pending` : 'Offline', detail: `Working offline; everything is saved on this device.${pending}${last}` };
    case 'connecting':
      return { label: 'Connecting…', detail: `Reaching the relay.${pending}${last}` };
    case 'syncing':
      return { label: state.pending > 0 ? `Syncing · ${changes(state.pending)}` : 'Syncing…', detail: `Exchanging changes with the relay.${pending}` };
    case 'synced':
      return { label: 'Synced', detail: `All changes are on the relay.${last}` };
  }
}
