/**
 * Startup milestones as User Timing marks, read by `npm run bench:open`
 * (and visible in any profiler). Each is marked once per page load.
 */
export const Mark = {
  sidebarPainted: 'baton:sidebar-painted',
  interactive: 'baton:interactive',
} as const;

const done = new Set<string>();

export function markOnce(name: (typeof Mark)[keyof typeof Mark]): void {
  if (done.has(name)) return;
  done.add(name);
  // After the browser paints, not when React commits.
  requestAnimationFrame(() => setTimeout(() => performance.mark(name), 0));
}
