/**
 * Startup milestones as User Timing marks, read by `npm run bench:open`
 * (and visible in any profiler). Each is marked once per page load.
 */
export const Mark = {
  /** The device record is read (the app knows which workspace to open). */
  deviceRead: 'baton:device-read',
  /** The workspace's index doc is loaded from the device. */
  workspaceReady: 'baton:workspace-ready',
  sidebarPainted: 'baton:sidebar-painted',
  /** The saved task index is read back (My work can show its groups). */
  taskIndexRead: 'baton:task-index-read',
  interactive: 'baton:interactive',
  /** My work is drawn from the copy saved when it was last shown (renderer/features/mywork/savedCopy.ts). */
  myWorkFromCopy: 'baton:my-work-from-copy',
} as const;

const done = new Set<string>();

/** `when`: after the browser next paints (what a person sees), or now (work done off screen). */
export function markOnce(name: (typeof Mark)[keyof typeof Mark], when: 'painted' | 'now' = 'painted'): void {
  if (done.has(name)) return;
  done.add(name);
  if (when === 'now') performance.mark(name);
  else requestAnimationFrame(() => setTimeout(() => performance.mark(name), 0));
}
