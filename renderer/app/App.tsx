import { useEffect, useState } from 'react';
import { InviteError, parseInvite, type Invite } from '../../shared/protocol';
import { Onboarding } from '../features/onboarding';
import { upsertWorkspace, workspaceFromInvite } from '../shared/device';
import { useDevice } from './useDevice';
import { WorkspaceView } from './workspace/WorkspaceView';

function inviteFromLocation(): Invite | null {
  if (!location.hash.startsWith('#join?')) return null;
  try {
    return parseInvite(location.href);
  } catch (error) {
    if (error instanceof InviteError) return null;
    throw error;
  }
}

export function App() {
  const [device, updateDevice] = useDevice();
  const [invite, setInvite] = useState<Invite | null>(inviteFromLocation);

  // Desktop: invite deep links arrive from the shell.
  useEffect(() => window.baton?.onInvite((link) => {
    try {
      setInvite(parseInvite(link));
    } catch {
      // An invalid link from the OS is ignored; the Join dialog explains errors for pasted ones.
    }
  }), []);

  // A profile that already exists joins an invite straight away.
  const hasProfile = Boolean(device?.profile);
  useEffect(() => {
    if (!invite || !hasProfile) return;
    void updateDevice((state) =>
      upsertWorkspace(state, workspaceFromInvite(invite)),
    );
    setInvite(null);
    history.replaceState(null, '', location.pathname + location.search);
  }, [invite, hasProfile, updateDevice]);

  if (!device) {
    return (
      <div className="loading" role="status" aria-live="polite">
        Opening Baton…
      </div>
    );
  }
  const workspace = device.workspaces.find((ref) => ref.id === device.currentWorkspaceId) ?? device.workspaces[0];
  if (!device.profile || !workspace) {
    return <Onboarding profile={device.profile} invite={invite} onDone={(change) => updateDevice(change)} />;
  }
  return <WorkspaceView key={workspace.id} workspace={workspace} profile={device.profile} device={device} updateDevice={updateDevice} />;
}
