import { MEMBER_COLORS, newId, type TimeOff, type WorkingHours, DEFAULT_WORKING_HOURS } from '../../shared/model';
import { tokenRoleHint, type Invite, type JoinedWorkspace, type MemberRole } from '../../shared/protocol';
import type { RelayConfig } from '../../shared/sync';
import { systemTimezone } from '../../shared/time';

/**
 * What this device knows outside any workspace: who the person is and which
 * workspaces they have here. Workspace data itself lives in IndexedDB, one
 * database per doc; how this record is stored is the shell's business
 * (renderer/app/deviceStore.ts).
 */
export interface Profile {
  memberId: string;
  name: string;
  color: string;
  timezone: string;
  workingHours: WorkingHours;
  /** Days away, in the person's own calendar (shared/time/availability.ts): nothing waiting for them arrives then. */
  timeOff?: TimeOff[];
}

export interface WorkspaceRef {
  id: string;
  name: string;
  relay: RelayConfig | null;
  /** This device may only read: a viewer's invite said so, or the relay did last; kept for offline starts. */
  readOnly?: boolean;
  /** Who this device is on the relay (personal access): its member id there and last known role. */
  access?: { memberId: string; role: MemberRole };
}

export interface DeviceState {
  profile: Profile | null;
  workspaces: WorkspaceRef[];
  currentWorkspaceId: string | null;
}

/** A change to the device record; the screen follows it once it is saved. */
export type DeviceChange = (state: DeviceState) => DeviceState;

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

/** The workspace an accepted invite or a relay setup opened, with this device's own token. */
export function workspaceFromJoined(relayUrl: string, joined: JoinedWorkspace, fallbackName = 'Shared workspace'): WorkspaceRef {
  return {
    id: joined.workspace,
    name: joined.workspaceName ?? fallbackName,
    relay: { url: relayUrl, token: joined.token },
    readOnly: joined.role === 'viewer',
    access: { memberId: joined.memberId, role: joined.role },
  };
}
