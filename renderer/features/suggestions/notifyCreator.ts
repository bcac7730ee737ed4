import type { Page } from '../../../shared/model';
import type { NotificationInput } from '../../../shared/model/notifications';
import type { PendingSuggestion } from '../../../shared/model/suggestions-scan';
import { describeSuggestion } from './describe';

/** A page's creator hears of suggestions on it at most this often from one suggester's device: a burst of edits is one notification. */
export const NOTIFY_AGAIN_AFTER_MS = 30 * 60_000;

/**
 * What the creator of a page is told of suggestions just made on it by `me`: "Ana suggests inserting
 * “the venue” (and 2 more)". Nothing for my own page, a page whose creator is unknown, suggestions
 * no longer pending (taken back at once), or when they were told less than NOTIFY_AGAIN_AFTER_MS ago.
 */
export function suggestionNotice(
  page: Pick<Page, 'id' | 'title' | 'createdBy'> | null,
  me: { id: string; name: string },
  made: readonly PendingSuggestion[],
  lastToldAt: number | undefined,
  now: number,
): Omit<NotificationInput, 'from'> | null {
  if (!page || !page.createdBy || page.createdBy === me.id || made.length === 0) return null;
  if (lastToldAt !== undefined && now - lastToldAt < NOTIFY_AGAIN_AFTER_MS) return null;
  const [first] = made;
  const more = made.length > 1 ? ` (and ${made.length - 1} more)` : '';
  return { kind: 'suggestion', to: page.createdBy, pageId: page.id, taskId: null, title: page.title.trim() || 'Untitled', text: `${describeSuggestion(me.name, first!)}${more}` };
}
