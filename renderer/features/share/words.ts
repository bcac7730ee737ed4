import type { MemberRole } from '../../../shared/protocol';

const ROLE_NAMES: Record<MemberRole, string> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };

export function roleName(role: MemberRole): string {
  return ROLE_NAMES[role];
}

/** "an editor", "a viewer", "an owner". */
export function withArticle(role: MemberRole): string {
  return `${role === 'viewer' ? 'a' : 'an'} ${role}`;
}

/** "7 Dec" (with the year when it is not this one). */
export function formatDay(at: number, now = Date.now()): string {
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return new Date(at).toLocaleDateString([], { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) });
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", then the day. */
export function timeAgo(at: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 14) return days === 1 ? 'yesterday' : `${days} days ago`;
  return `on ${formatDay(at, now)}`;
}
