import { MEMBER_COLORS, newId, type WorkingHours, DEFAULT_WORKING_HOURS } from '../../shared/model';
import { tokenRoleHint, type Invite } from '../../shared/protocol';
import type { RelayConfig } from '../../shared/sync';
import { systemTimezone } from '../../shared/time';

/**
 * What this device knows outside any workspace: who the person is and which
 * workspaces they have here. Small, so localStorage; workspace data itself
 * lives in IndexedDB.
 */
export interface Profile {
  memberId: string;
  name: string;
  color: string;
  timezone: string;
  workingHours: WorkingHours;
}

export interface WorkspaceRef {
  id: string;
  name: string;
  relay: RelayConfig | null;
  /** This device may only read: a viewer's invite said so, or the relay did last; kept for offline starts. */
  readOnly?: boolean;
}

export interface DeviceState {
  profile: Profile | null;
  workspaces: WorkspaceRef[];
  currentWorkspaceId: string | null;
}

/** A device state with the number of saves that led to it, so the newer of two copies wins. */
export interface StoredDevice {
  revision: number;
  state: DeviceState;
}

const KEY = 'baton:device';

export function emptyDevice(): DeviceState {
  return { profile: null, workspaces: [], currentWorkspaceId: null };
}

/** The copy in localStorage, which survives a reload but not a browser killed within seconds of the write. */
export function readLocalDevice(): StoredDevice | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw) {
      const { revision, ...state } = JSON.parse(raw) as DeviceState & { revision?: number };
      if (Array.isArray(state.workspaces)) return { revision: revision ?? 0, state };
    }
  } catch {
    // A corrupt entry must not lock someone out: start the device afresh (workspace data stays in IndexedDB).
  }
  return null;
}

export function writeLocalDevice(stored: StoredDevice): void {
  localStorage.setItem(KEY, JSON.stringify({ ...stored.state, revision: stored.revision }));
}

export function draftProfile(): Profile {
  const color = MEMBER_COLORS[Math.floor(Math.random() * MEMBER_COLORS.length)] ?? MEMBER_COLORS[0];
  return { memberId: newId(), name: '', color, timezone: systemTimezone(), workingHours: DEFAULT_WORKING_HOURS };
}

export function upsertWorkspace(state: DeviceState, ref: WorkspaceRef): DeviceState {
  const others = state.workspaces.filter((workspace) => workspace.id !== ref.id);
  return { ...state, workspaces: [...others, ref], currentWorkspaceId: ref.id };
}

export function workspaceFromInvite(invite: Invite): WorkspaceRef {
  const ref: WorkspaceRef = { id: invite.workspaceId, name: invite.workspaceName ?? 'Shared workspace', relay: { url: invite.relayUrl, token: invite.token } };
  // Read-only from the start with a viewer's token, even offline; the relay's answer prevails.
  const role = tokenRoleHint(invite.token);
  return role === null ? ref : { ...ref, readOnly: role === 'viewer' };
}
