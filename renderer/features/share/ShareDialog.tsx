import { getMeta } from '../../../shared/model';
import type { JoinedWorkspace } from '../../../shared/protocol';
import type { RelayConfig } from '../../../shared/sync';
import type { WorkspaceRef } from '../../shared/device';
import { useWorkspace } from '../../shared/workspace';
import { Dialog } from '../dialog';
import { ConnectRelay } from './ConnectRelay';
import { InviteLink, inviteLink } from './InviteLink';
import { InvitePeople } from './InvitePeople';
import { JoinForm } from './JoinForm';
import { PeopleList } from './PeopleList';
import { useAccess, type AccessView } from './useAccess';
import './share.css';

interface Props {
  /** A relay (and this device's access on it) for this workspace; null stops syncing. */
  onConnect(relay: RelayConfig | null, joined: JoinedWorkspace | null): void;
  onJoined(ref: WorkspaceRef): void;
  onClose(): void;
}

/**
 * Share: puts the workspace on a relay, then shows who has access and lets an
 * owner invite people one link at a time, change roles and take access back.
 */
export function ShareDialog({ onConnect, onJoined, onClose }: Props) {
  const { sync, ref, profile } = useWorkspace();
  const workspaceName = getMeta(sync.index)?.name ?? ref.name;
  const [view, actions] = useAccess(sync.workspaceId, ref.relay);

  return (
    <Dialog title="Share workspace" onClose={onClose}>
      {ref.relay ? (
        <>
          <p className="relay-line muted small">
            <span>
              Syncing through <code>{ref.relay.url}</code>
            </span>
            <button type="button" className="link" onClick={() => onConnect(null, null)}>
              Stop syncing
            </button>
          </p>
          <AccessPanel view={view} relay={ref.relay} workspaceId={sync.workspaceId} workspaceName={workspaceName} ownerName={profile.name} actions={actions} onConnect={onConnect} />
        </>
      ) : (
        <ConnectRelay workspaceId={sync.workspaceId} workspaceName={workspaceName} ownerName={profile.name} onConnected={onConnect} />
      )}
      <JoinForm
        name={profile.name}
        onJoined={(joined) => {
          onJoined(joined);
          onClose();
        }}
      />
    </Dialog>
  );
}

interface PanelProps {
  view: AccessView;
  relay: RelayConfig;
  workspaceId: string;
  workspaceName: string;
  ownerName: string;
  actions: ReturnType<typeof useAccess>[1];
  onConnect(relay: RelayConfig, joined: JoinedWorkspace | null): void;
}

function AccessPanel({ view, relay, workspaceId, workspaceName, ownerName, actions, onConnect }: PanelProps) {
  switch (view.kind) {
    case 'loading':
      return (
        <p className="muted" role="status">
          Asking the relay who has access…
        </p>
      );
    case 'open':
      return (
        <InviteLink link={inviteLink({ relayUrl: relay.url, workspaceId, token: relay.token ?? '', workspaceName })}>
          This relay does not check access: anyone with this link can join and edit. They get everything on their next connection.
        </InviteLink>
      );
    case 'unreachable':
      return (
        <p className="muted" role="status">
          The relay cannot be reached right now. Everything stays on this device and syncs once it answers; people and invites show here then.
        </p>
      );
    case 'refused':
      return (
        <p className="muted" role="status">
          The relay no longer accepts this device’s access, so it cannot show who else has access. Ask an owner for a new invite link.
        </p>
      );
    case 'member':
      break;
  }
  const owners = view.members.filter((member) => member.role === 'owner').map((member) => member.name);
  return (
    <>
      {view.memberId === null && (
        <div className="share-section">
          <p className="muted small">
            This device uses a workspace token shared by everyone who has it. To invite people one by one, and take access back from one person, paste the relay&rsquo;s setup link:
          </p>
          <ConnectRelay workspaceId={workspaceId} workspaceName={workspaceName} ownerName={ownerName} onConnected={onConnect} initialUrl={relay.url} />
        </div>
      )}
      {view.members.length > 0 && <PeopleList members={view.members} me={view.memberId} canManage={view.role === 'owner'} actions={actions} />}
      {view.role === 'owner' ? (
        <InvitePeople relayUrl={relay.url} workspaceId={workspaceId} workspaceName={workspaceName} invites={view.invites} actions={actions} />
      ) : (
        view.memberId !== null && (
          <p className="muted small">
            You are {view.role === 'viewer' ? 'a viewer' : 'an editor'} here. Only owners invite people{owners.length > 0 ? `: ask ${owners.join(' or ')} for an invite link` : ''}.
          </p>
        )
      )}
    </>
  );
}
