import { useState } from 'react';
import { MyWorkFromCopy } from '../../features/mywork';
import type { Profile, WorkspaceRef } from '../../shared/device';
import { copyToDraw, openOnceReady } from './openingCopy';

/**
 * What shows while a workspace's docs load from the device. When it opens on My work and this
 * device saved a copy of it, the layout and My work are drawn from that copy at once (the sidebar
 * fills in when the pages are read); otherwise a quiet "Opening…". renderer/main.ts draws the same
 * before React has loaded.
 */
export function WorkspaceOpening({ workspace, profile }: { workspace: WorkspaceRef; profile: Profile }) {
  const [copy] = useState(() => copyToDraw(workspace.id, profile.memberId));
  if (!copy) {
    return (
      <div className="loading" role="status" aria-live="polite">
        Opening {workspace.name}…
      </div>
    );
  }
  return (
    <div className="app">
      <aside className="sidebar">
        <div className="workspace-name">
          <strong>{copy.workspaceName}</strong>
        </div>
        <p className="muted sidebar-opening" role="status">
          Opening {copy.workspaceName}…
        </p>
      </aside>
      <div className="main">
        <header className="topbar" />
        <MyWorkFromCopy copy={copy} profile={profile} onOpen={(listId) => openOnceReady(workspace.id, listId)} />
      </div>
    </div>
  );
}
