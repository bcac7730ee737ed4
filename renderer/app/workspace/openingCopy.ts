import { MY_WORK_VIEW, readCopy, type MyWorkCopy } from '../../features/mywork/firstPaint';
import { writeDeviceValue } from '../deviceStore';
import { lastPageKey } from '../useLastPage';

/**
 * The copy of My work a workspace opening on it is drawn from while it loads: first by the page's
 * first script, before React has loaded (drawCopy.ts), then by React (WorkspaceOpening.tsx) until
 * the workspace is ready. No React here.
 */
let read: { key: string; copy: MyWorkCopy | null } | null = null;

/** The saved copy of My work when the workspace opens on it; read once per start. */
export function copyToDraw(workspaceId: string, memberId: string): MyWorkCopy | null {
  const key = `${workspaceId} ${memberId}`;
  if (read?.key !== key) read = { key, copy: localStorage.getItem(lastPageKey(workspaceId)) === MY_WORK_VIEW ? readCopy(workspaceId, memberId) : null };
  return read.copy;
}

/** A task list opened from the copy: the workspace opens on it once it is ready (it opens on the last page chosen). */
export function openOnceReady(workspaceId: string, listId: string): void {
  localStorage.setItem(lastPageKey(workspaceId), listId);
  void writeDeviceValue(lastPageKey(workspaceId), listId);
}
