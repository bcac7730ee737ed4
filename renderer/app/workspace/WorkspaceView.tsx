import { useCallback, useState } from 'react';
import { upsertMember } from '../../../shared/model';
import type { JoinedWorkspace } from '../../../shared/protocol';
import type { RelayConfig } from '../../../shared/sync';
import { NotificationsButton } from '../../features/notifications';
import { usePresence } from '../../features/people';
import { ProfileDialog } from '../../features/profile';
import { ShareDialog } from '../../features/share';
import { ShortcutsDialog, useShortcuts } from '../../features/shortcuts';
import { Sidebar } from '../../features/sidebar';
import { AccessBanner, SyncIndicator } from '../../features/sync';
import { Toasts, useToasts, type ToastController } from '../../features/toasts';
import { upsertWorkspace, type DeviceChange, type DeviceState, type Profile, type WorkspaceRef } from '../../shared/device';
import { useWorkspace } from '../../shared/workspace';
import { labelColors } from '../../shared/contrast';
import { memberFields, useFollowRelay, useWorkspaceSync } from './useWorkspaceSync';
import { WorkspaceContent } from './WorkspaceContent';
import { WorkspaceOpening } from './WorkspaceOpening';
import { WorkspaceProvider } from './WorkspaceProvider';

interface Props {
  workspace: WorkspaceRef;
  profile: Profile;
  device: DeviceState;
  updateDevice(change: DeviceChange): void;
}

/** Opens a workspace's engine, keeps the device record in step with it, and lays the workspace out once it is ready. */
export function WorkspaceView({ workspace, profile, device, updateDevice }: Props) {
  const updateRef = useCallback(
    (patch: Partial<WorkspaceRef>) =>
      updateDevice((state) => ({ ...state, workspaces: state.workspaces.map((ref) => (ref.id === workspace.id ? { ...ref, ...patch } : ref)) })),
    [updateDevice, workspace.id],
  );
  const saveRelay = useCallback((relay: RelayConfig | null) => updateRef({ relay }), [updateRef]);
  const saveAccess = useCallback((readOnly: boolean) => updateRef({ readOnly }), [updateRef]);
  const sync = useWorkspaceSync(workspace, profile, (token) => saveRelay(workspace.relay ? { ...workspace.relay, token } : null), saveAccess);
  useFollowRelay(sync, workspace.relay);
  const switchWorkspace = useCallback((workspaceId: string) => updateDevice((state) => ({ ...state, currentWorkspaceId: workspaceId })), [updateDevice]);
  const toasts = useToasts();

  // Put on a relay from Share: with a setup, this device is the workspace's first owner there.
  const connect = useCallback(
    (relay: RelayConfig | null, joined: JoinedWorkspace | null) => {
      sync?.setRelay(relay);
      updateRef(joined ? { relay, readOnly: false, access: { memberId: joined.memberId, role: joined.role } } : { relay, access: undefined });
    },
    [sync, updateRef],
  );

  const join = (ref: WorkspaceRef) => {
    // A new invite to this same workspace replaces its relay access in place.
    if (ref.id === workspace.id) {
      sync?.setRelay(ref.relay);
      updateRef({ relay: ref.relay, readOnly: ref.readOnly, access: ref.access });
    } else updateDevice((state) => upsertWorkspace(state, ref));
  };

  const saveProfile = (next: Profile) => {
    updateDevice((state) => ({ ...state, profile: next }));
    if (sync) upsertMember(sync.index, memberFields(next));
  };

  if (!sync) return <WorkspaceOpening workspace={workspace} profile={profile} />;

  return (
    <WorkspaceProvider workspace={workspace} sync={sync} profile={profile} workspaces={device.workspaces} switchWorkspace={switchWorkspace} toasts={toasts}>
      <WorkspaceLayout toasts={toasts} onConnect={connect} onJoined={join} onSaveProfile={saveProfile} />
    </WorkspaceProvider>
  );
}

interface LayoutProps {
  toasts: ToastController;
  onConnect(relay: RelayConfig | null, joined: JoinedWorkspace | null): void;
  onJoined(ref: WorkspaceRef): void;
  onSaveProfile(profile: Profile): void;
}

/** Sidebar, top bar, the open page, and the dialogs and notifications over them. */
function WorkspaceLayout({ toasts, onConnect, onJoined, onSaveProfile }: LayoutProps) {
  const { profile } = useWorkspace();
  const [dialog, setDialog] = useState<'share' | 'profile' | 'shortcuts' | null>(null);
  // Teammates see this device online (the Team view) while the workspace is open.
  usePresence();

  useShortcuts({
    'mod+shift+s': () => setDialog('share'),
    'mod+,': () => setDialog('profile'),
    'mod+/': () => setDialog('shortcuts'),
  });

  return (
    <div className="app">
      <Sidebar />
      <div className="main">
        <header className="topbar">
          <SyncIndicator onFix={() => setDialog('share')} />
          <div className="topbar-actions">
            <NotificationsButton />
            <button type="button" onClick={() => setDialog('share')} aria-keyshortcuts="Control+Shift+S">
              Share
            </button>
            <button type="button" className="avatar" onClick={() => setDialog('profile')} aria-label={`Profile: ${profile.name}`} style={avatarStyle(profile.color)}>
              {profile.name.slice(0, 1).toUpperCase()}
            </button>
            <button type="button" className="ghost" onClick={() => setDialog('shortcuts')} aria-label="Keyboard shortcuts">
              ?
            </button>
          </div>
        </header>
        <AccessBanner onFix={() => setDialog('share')} />
        <WorkspaceContent />
      </div>
      {dialog === 'share' && <ShareDialog onConnect={onConnect} onJoined={onJoined} onClose={() => setDialog(null)} />}
      {dialog === 'profile' && <ProfileDialog profile={profile} onSave={onSaveProfile} onClose={() => setDialog(null)} />}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(null)} />}
      <Toasts controller={toasts} />
    </div>
  );
}

function avatarStyle(color: string): { background: string; color: string } {
  const { background, text } = labelColors(color);
  return { background, color: text };
}
