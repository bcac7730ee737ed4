import { useCallback, useEffect, useRef, useState } from 'react';
import { getMember, getMeta, initWorkspace, upsertMember, Origin } from '../../shared/model';
import { WorkspaceSync, type RelayConfig, type SocketFactory } from '../../shared/sync';
import { PageView } from '../features/editor/PageView';
import { ProfileDialog } from '../features/profile/ProfileDialog';
import { ShareDialog } from '../features/share/ShareDialog';
import { ShortcutsDialog } from '../features/shortcuts/ShortcutsDialog';
import { useShortcuts } from '../features/shortcuts/useShortcuts';
import { Sidebar } from '../features/sidebar/Sidebar';
import { AccessBanner } from '../features/sync/AccessBanner';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { Toasts, useToasts } from '../features/toasts/Toasts';
import type { Invite } from '../../shared/protocol';
import { upsertWorkspace, workspaceFromInvite, type DeviceState, type Profile, type WorkspaceRef } from './device';
import { indexedDbPersistence } from './persistence';
import { lastPageKey, useLastPage } from './useLastPage';
import { useReadOnly } from './useSyncState';

interface Props {
  workspace: WorkspaceRef;
  profile: Profile;
  device: DeviceState;
  updateDevice(change: (state: DeviceState) => DeviceState): void;
}

function memberFields(profile: Profile) {
  return { id: profile.memberId, name: profile.name, color: profile.color, timezone: profile.timezone, workingHours: profile.workingHours };
}

/** Opens the workspace's sync engine for as long as the workspace is on screen. */
function useWorkspaceSync(
  workspace: WorkspaceRef,
  profile: Profile,
  saveToken: (token: string) => void,
  saveAccess: (readOnly: boolean) => void,
): WorkspaceSync | null {
  const [sync, setSync] = useState<WorkspaceSync | null>(null);
  const onTokenRenewed = useRef(saveToken);
  onTokenRenewed.current = saveToken;
  const onAccessKnown = useRef(saveAccess);
  onAccessKnown.current = saveAccess;
  useEffect(() => {
    const engine = new WorkspaceSync({
      workspaceId: workspace.id,
      relay: workspace.relay,
      persistence: indexedDbPersistence,
      WebSocket: window.WebSocket as unknown as SocketFactory,
      fetch: (url, init) => window.fetch(url, init),
      onTokenRenewed: (token) => onTokenRenewed.current(token),
      readOnly: workspace.readOnly ?? false,
      onAccessKnown: (readOnly) => onAccessKnown.current(readOnly),
    });
    let alive = true;
    void engine.ready.then(() => {
      if (!alive) return;
      if (!workspace.relay && !getMeta(engine.index)) {
        initWorkspace(engine.index, { id: workspace.id, name: workspace.name, creator: { ...memberFields(profile), joinedAt: Date.now() } });
      } else if (!getMember(engine.index, profile.memberId)) {
        upsertMember(engine.index, memberFields(profile), Origin.setup);
      }
      // Start loading the page that will open while React renders the page tree.
      const lastPage = localStorage.getItem(lastPageKey(workspace.id));
      if (lastPage) void engine.openDoc(lastPage).then((handle) => setTimeout(() => handle.release(), 10_000));
      setSync(engine);
    });
    const online = () => engine.reconnectNow();
    window.addEventListener('online', online);
    return () => {
      alive = false;
      window.removeEventListener('online', online);
      void engine.destroy();
    };
    // The relay is changed in place with setRelay(); the engine lives as long as the workspace.
  }, [workspace.id]);
  return sync;
}

export function WorkspaceView({ workspace, profile, device, updateDevice }: Props) {
  const updateRef = useCallback(
    (patch: Partial<WorkspaceRef>) =>
      updateDevice((state) => ({ ...state, workspaces: state.workspaces.map((ref) => (ref.id === workspace.id ? { ...ref, ...patch } : ref)) })),
    [updateDevice, workspace.id],
  );
  const saveRelay = useCallback((relay: RelayConfig | null) => updateRef({ relay }), [updateRef]);
  const saveAccess = useCallback((readOnly: boolean) => updateRef({ readOnly }), [updateRef]);
  const sync = useWorkspaceSync(workspace, profile, (token) => saveRelay(workspace.relay ? { ...workspace.relay, token } : null), saveAccess);
  const [pageId, setPageId] = useLastPage(workspace.id);
  const [dialog, setDialog] = useState<'share' | 'profile' | 'shortcuts' | null>(null);
  const toasts = useToasts();
  const readOnly = useReadOnly(sync);

  // A new invite for this workspace (deep link, #join link) changes the stored relay or token:
  // the running engine follows it without a restart.
  const relayUrl = workspace.relay?.url ?? null;
  const relayToken = workspace.relay?.token ?? null;
  useEffect(() => {
    if (!sync) return;
    const current = sync.relayConfig;
    if ((current?.url ?? null) === relayUrl && (current?.token ?? null) === relayToken) return;
    sync.setRelay(relayUrl ? { url: relayUrl, ...(relayToken ? { token: relayToken } : {}) } : null);
  }, [sync, relayUrl, relayToken]);

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

  useShortcuts({
    'mod+shift+s': () => setDialog('share'),
    'mod+,': () => setDialog('profile'),
    'mod+/': () => setDialog('shortcuts'),
  });

  if (!sync) {
    return (
      <div className="loading" role="status" aria-live="polite">
        Opening {workspace.name}…
      </div>
    );
  }

  return (
    <div className="app">
      <Sidebar sync={sync} readOnly={readOnly} profile={profile} currentPageId={pageId} onOpen={setPageId} toasts={toasts} device={device} updateDevice={updateDevice} />
      <div className="main">
        <header className="topbar">
          <SyncIndicator sync={sync} onFix={() => setDialog('share')} />
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
        <AccessBanner sync={sync} onFix={() => setDialog('share')} />
        {pageId ? (
          <PageView key={pageId} sync={sync} readOnly={readOnly} pageId={pageId} profile={profile} onMissing={() => setPageId(null)} />
        ) : (
          <section className="empty" aria-label="No page open">
            <h1>Nothing open</h1>
            <p className="muted">Create a page or a task list from the sidebar, or press Ctrl+Alt+N.</p>
          </section>
        )}
      </div>
      {dialog === 'share' && <ShareDialog sync={sync} workspaceName={workspace.name} onRelay={setRelay} onJoin={join} onClose={() => setDialog(null)} />}
      {dialog === 'profile' && <ProfileDialog profile={profile} onSave={saveProfile} onClose={() => setDialog(null)} />}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(null)} />}
      <Toasts controller={toasts} />
    </div>
  );
}
