import { useCallback, useState } from 'react';
import { upsertMember } from '../../../shared/model';
import type { Invite } from '../../../shared/protocol';
import type { RelayConfig } from '../../../shared/sync';
import { PageView } from '../../features/page';
import { ProfileDialog } from '../../features/profile';
import { ShareDialog } from '../../features/share';
import { ShortcutsDialog, useShortcuts } from '../../features/shortcuts';
import { Sidebar } from '../../features/sidebar';
import { AccessBanner, SyncIndicator } from '../../features/sync';
import { Toasts, useToasts, type ToastController } from '../../features/toasts';
import { upsertWorkspace, workspaceFromInvite, type DeviceChange, type DeviceState, type Profile, type WorkspaceRef } from '../../shared/device';
import { useWorkspace } from '../../shared/workspace';
import { memberFields, useFollowRelay, useWorkspaceSync } from './useWorkspaceSync';
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

  const setRelay = useCallback(
    (relay: RelayConfig | null) => {
      sync?.setRelay(relay);
      saveRelay(relay);
    },
    [sync, saveRelay],
  );

  const join = (invite: Invite) => {
    // A new invite to this same workspace replaces its relay access in place.
    if (invite.workspaceId === workspace.id) setRelay(workspaceFromInvite(invite).relay);
    else updateDevice((state) => upsertWorkspace(state, workspaceFromInvite(invite)));
  };

  const saveProfile = (next: Profile) => {
    updateDevice((state) => ({ ...state, profile: next }));
    if (sync) upsertMember(sync.index, memberFields(next));
  };

  if (!sync) {
    return (
      <div className="loading" role="status" aria-live="polite">
        Opening {workspace.name}…
      </div>
    );
  }

  return (
    <WorkspaceProvider workspace={workspace} sync={sync} profile={profile} workspaces={device.workspaces} switchWorkspace={switchWorkspace} toasts={toasts}>
      <WorkspaceLayout toasts={toasts} onRelay={setRelay} onJoin={join} onSaveProfile={saveProfile} />
    </WorkspaceProvider>
  );
}

interface LayoutProps {
  toasts: ToastController;
  onRelay(relay: RelayConfig | null): void;
  onJoin(invite: Invite): void;
  onSaveProfile(profile: Profile): void;
}

/** Sidebar, top bar, the open page, and the dialogs and notifications over them. */
function WorkspaceLayout({ toasts, onRelay, onJoin, onSaveProfile }: LayoutProps) {
  const { profile, currentPageId } = useWorkspace();
  const [dialog, setDialog] = useState<'share' | 'profile' | 'shortcuts' | null>(null);

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
            <button type="button" onClick={() => setDialog('share')} aria-keyshortcuts="Control+Shift+S">
              Share
            </button>
            <button type="button" className="avatar" onClick={() => setDialog('profile')} aria-label={`Profile: ${profile.name}`} style={{ background: profile.color }}>
              {profile.name.slice(0, 1).toUpperCase()}
            </button>
            <button type="button" className="ghost" onClick={() => setDialog('shortcuts')} aria-label="Keyboard shortcuts">
              ?
            </button>
          </div>
        </header>
        <AccessBanner onFix={() => setDialog('share')} />
        {currentPageId ? (
          <PageView key={currentPageId} pageId={currentPageId} />
        ) : (
          <section className="empty" aria-label="No page open">
            <h1>Nothing open</h1>
            <p className="muted">Create a page or a task list from the sidebar, or press Ctrl+Alt+N.</p>
          </section>
        )}
      </div>
      {dialog === 'share' && <ShareDialog onRelay={onRelay} onJoin={onJoin} onClose={() => setDialog(null)} />}
      {dialog === 'profile' && <ProfileDialog profile={profile} onSave={onSaveProfile} onClose={() => setDialog(null)} />}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(null)} />}
      <Toasts controller={toasts} />
    </div>
  );
}
