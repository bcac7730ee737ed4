import { useEffect, useState } from 'react';
import { InviteError, parseInvite, type Invite } from '../../shared/protocol';
import { Onboarding } from '../features/onboarding';
import { upsertWorkspace, type DeviceChange } from '../shared/device';
import { joinInvite } from '../shared/joinInvite';
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
  const profileName = device?.profile?.name ?? null;
  const [joinError, setJoinError] = useState<string | null>(null);
  useEffect(() => {
    if (!invite || profileName === null) return;
    let current = true;
    setJoinError(null);
    joinInvite(invite, profileName).then(
      (ref) => {
        if (!current) return;
        void updateDevice((state) => upsertWorkspace(state, ref));
        setInvite(null);
        history.replaceState(null, '', location.pathname + location.search);
      },
      (error: unknown) => current && setJoinError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
  }, [invite, profileName, updateDevice]);
  const dismissInvite = () => {
    setInvite(null);
    setJoinError(null);
    history.replaceState(null, '', location.pathname + location.search);
  };

  if (!device) {
    return (
      <div className="loading" role="status" aria-live="polite">
        Opening Baton…
      </div>
    );
  }
  const workspace = device.workspaces.find((ref) => ref.id === device.currentWorkspaceId) ?? device.workspaces[0];
  if (!device.profile || !workspace) {
    // Onboarding redeems the invite itself: once it is done, the invite is spent here too.
    const done = (change: DeviceChange) => {
      setInvite(null);
      void updateDevice(change);
    };
    return <Onboarding profile={device.profile} invite={invite} onDone={done} />;
  }
  return (
    <>
      {invite && <JoinNotice invite={invite} error={joinError} onDismiss={dismissInvite} />}
      <WorkspaceView key={workspace.id} workspace={workspace} profile={device.profile} device={device} updateDevice={updateDevice} />
    </>
  );
}

/** While an invite is being redeemed for someone who already uses Baton, and why it failed if it did. */
function JoinNotice({ invite, error, onDismiss }: { invite: Invite; error: string | null; onDismiss(): void }) {
  const name = invite.workspaceName ?? 'the shared workspace';
  return error ? (
    <div className="banner join-notice" role="alert">
      <strong>Could not join {name}.</strong> {error}{' '}
      <button type="button" className="link" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  ) : (
    <div className="banner info join-notice" role="status">
      Joining {name}…
    </div>
  );
}
