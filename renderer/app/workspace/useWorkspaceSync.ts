import { useEffect, useRef, useState } from 'react';
import { getMember, getMeta, getPage, initWorkspace, upsertMember, Origin } from '../../../shared/model';
import { WorkspaceSync, type RelayConfig, type SocketFactory } from '../../../shared/sync';
import type { Profile, WorkspaceRef } from '../../shared/device';
import { Mark, markOnce } from '../../shared/marks';
import { indexedDbPersistence } from '../persistence';
import { readSavedIndexEarly } from './taskIndexStore';
import { lastPageKey } from '../useLastPage';

/** The member record others see of this person, from their profile. */
export function memberFields(profile: Profile) {
  return { id: profile.memberId, name: profile.name, color: profile.color, timezone: profile.timezone, workingHours: profile.workingHours, timeOff: profile.timeOff ?? [] };
}

/** Opens the workspace's sync engine for as long as the workspace is on screen. */
export function useWorkspaceSync(
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
    readSavedIndexEarly(workspace.id);
    const engine = new WorkspaceSync({
      workspaceId: workspace.id,
      relay: workspace.relay,
      persistence: indexedDbPersistence,
      WebSocket: window.WebSocket as unknown as SocketFactory,
      fetch: (url, init) => window.fetch(url, init),
      onTokenRenewed: (token) => onTokenRenewed.current(token),
      readOnly: workspace.readOnly ?? false,
      onAccessKnown: (readOnly) => onAccessKnown.current(readOnly),
      member: profile.memberId,
      // WorkspaceProvider starts it once the inbox and the task index listen.
      deferConnect: true,
    });
    let alive = true;
    void engine.ready.then(() => {
      if (!alive) return;
      markOnce(Mark.workspaceReady, 'now');
      if (!workspace.relay && !getMeta(engine.index)) {
        initWorkspace(engine.index, { id: workspace.id, name: workspace.name, creator: { ...memberFields(profile), joinedAt: Date.now() } });
      } else if (!getMember(engine.index, profile.memberId)) {
        upsertMember(engine.index, memberFields(profile), Origin.setup);
      }
      // Start loading the page that will open while React renders the page tree.
      const lastPage = localStorage.getItem(lastPageKey(workspace.id));
      // Only a page: My work and Team are views, with no doc of their own to open.
      if (lastPage && getPage(engine.index, lastPage)) void engine.openDoc(lastPage).then((handle) => setTimeout(() => handle.release(), 10_000));
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

/**
 * A new invite for this workspace (deep link, #join link) changes the stored
 * relay or token: the running engine follows it without a restart.
 */
export function useFollowRelay(sync: WorkspaceSync | null, relay: RelayConfig | null): void {
  const relayUrl = relay?.url ?? null;
  const relayToken = relay?.token ?? null;
  useEffect(() => {
    if (!sync) return;
    const current = sync.relayConfig;
    if ((current?.url ?? null) === relayUrl && (current?.token ?? null) === relayToken) return;
    sync.setRelay(relayUrl ? { url: relayUrl, ...(relayToken ? { token: relayToken } : {}) } : null);
  }, [sync, relayUrl, relayToken]);
}
