import { useCallback, useMemo } from 'react';
import { deliveredAt, listNotifications, markSeen, recentNotificationDocIds, seenIds, type NotificationRecord } from '../../../shared/model';
import { useNow } from '../../shared/when';
import { useOpenDocs } from '../../shared/useOpenDocs';
import { useWorkspace } from '../../shared/workspace';
import { useCheckInReminder } from './useCheckInReminder';

export interface Notifications {
  /** Delivered to me by now (my working hours and time off decide), newest first. */
  delivered: NotificationRecord[];
  unseen: number;
  isSeen(id: string): boolean;
  markSeen(ids: readonly string[]): void;
  /** My notification docs are read (until then nothing is delivered, not even what arrived long ago). */
  loaded: boolean;
}

/**
 * What was sent to me, from my notification docs for this month and last (shared/model/notifications.ts),
 * kept open while the workspace is: they sync live, and offline what this device already has shows.
 * A record shows once my working hours say so; until then it waits, unseen, and uncounted.
 */
export function useNotifications(): Notifications {
  const { profile } = useWorkspace();
  const now = useNow();
  const { handles, version } = useOpenDocs(recentNotificationDocIds(profile.memberId, now).join(' '));
  useCheckInReminder(handles, now);
  const all = useMemo(
    () => handles.flatMap((handle) => listNotifications(handle.doc).map((record) => ({ record, handle }))),
    // `version` stands for the docs' content.
    [handles, version],
  );
  const seen = useMemo(() => new Set(handles.flatMap((handle) => [...seenIds(handle.doc)])), [handles, version]);
  const delivered = useMemo(
    () => all.filter(({ record }) => record.to === profile.memberId && deliveredAt(record, profile) <= now).sort((a, b) => deliveredAt(b.record, profile) - deliveredAt(a.record, profile)),
    [all, profile, now],
  );
  const mark = useCallback(
    (ids: readonly string[]) => {
      for (const handle of handles) {
        const here = ids.filter((id) => listNotifications(handle.doc).some((record) => record.id === id));
        if (here.length > 0) markSeen(handle.doc, here);
      }
    },
    [handles],
  );
  return {
    delivered: delivered.map(({ record }) => record),
    unseen: delivered.filter(({ record }) => !seen.has(record.id)).length,
    isSeen: (id) => seen.has(id),
    markSeen: mark,
    loaded: handles.length > 0,
  };
}
