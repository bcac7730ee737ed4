import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import type { WorkspaceSync } from '../../../shared/sync';
import type { ToastController } from '../../features/toasts';
import type { Profile, WorkspaceRef } from '../../shared/device';
import { useReadOnly } from '../../shared/useSyncState';
import { WorkspaceContext, type Workspace } from '../../shared/workspace';
import { loadEditorFeatures, pageKinds, preloadWhenIdle } from '../registry';
import { useLastPage } from '../useLastPage';
import { TaskIndex } from '../../../shared/tasks';
import { keepTaskIndex } from './taskIndex';
import { Inbox } from '../../../shared/inbox';
import { keepInbox } from './inbox';
import { useUndo } from './useUndo';

interface Props {
  workspace: WorkspaceRef;
  sync: WorkspaceSync;
  profile: Profile;
  workspaces: readonly WorkspaceRef[];
  switchWorkspace(workspaceId: string): void;
  toasts: ToastController;
  children: ReactNode;
}

/** Gives every feature below it the workspace on screen (renderer/shared/workspace.ts says what that holds). */
export function WorkspaceProvider({ workspace, sync, profile, workspaces, switchWorkspace, toasts, children }: Props) {
  const readOnly = useReadOnly(sync);
  const [currentPageId, openPage] = useLastPage(workspace.id);
  const { show, dismiss } = toasts;
  const undo = useUndo(show, dismiss);
  const notify = useCallback((message: string) => void show(message), [show]);
  // Empty until keepTaskIndex has read the saved one from the device (tasks.isLoaded()).
  const tasks = useMemo(() => new TaskIndex(), [workspace.id]);
  useEffect(() => keepTaskIndex(sync, workspace.id, tasks), [sync, workspace.id, tasks]);
  // What others did since this person last looked, worked out on the device (shared/inbox).
  const inbox = useMemo(() => new Inbox({ me: profile.memberId }), [workspace.id, profile.memberId]);
  useEffect(() => keepInbox(sync, workspace.id, inbox, profile.memberId), [sync, workspace.id, inbox, profile.memberId]);
  // Online only now: every doc the engine loads and syncs from here on is seen by the two above (and by the features' effects, which ran first).
  useEffect(() => sync.start(), [sync]);
  useEffect(preloadWhenIdle, []);
  const value = useMemo<Workspace>(
    () => ({ ref: workspace, sync, index: sync.index, tasks, inbox, profile, readOnly, workspaces, switchWorkspace, currentPageId, openPage, undo, notify, pageKinds, loadEditorFeatures }),
    [workspace, sync, tasks, inbox, profile, readOnly, workspaces, switchWorkspace, currentPageId, openPage, undo, notify],
  );
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}
