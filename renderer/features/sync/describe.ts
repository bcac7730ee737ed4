import type { SyncState } from '../../../shared/sync';

function clock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function changes(count: number): string {
  return count === 1 ? '1 change' : `${count} changes`;
}

/** Words for a sync state: short for the badge, full for screen readers and the tooltip. */
export function describeSync(state: SyncState, hasRelay: boolean): { label: string; detail: string } {
  const keep = ' Your changes stay on this device and sync once you have a new invite link from a teammate.';
  switch (state.error) {
    case 'expired':
      return { label: 'Access expired', detail: `Your access to this workspace’s relay has expired.${keep}` };
    case 'revoked':
      return { label: 'Access revoked', detail: `Your access to this workspace’s relay was revoked.${keep}` };
    case 'removed':
      return {
        label: 'Access removed',
        detail: 'An owner of this workspace removed your access. Everything stays on this device: you can read it and export what you wrote.',
      };
    case 'forbidden':
      return { label: 'No access', detail: `Your invite is for another workspace.${keep}` };
    case 'unauthorized':
      return { label: 'Access refused', detail: `The relay does not accept this device’s access token.${keep}` };
    case null:
      break;
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
