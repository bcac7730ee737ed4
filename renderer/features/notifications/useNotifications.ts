import { useCallback, useEffect, useMemo, useState } from 'react';
import { deliveredAt, listNotifications, markSeen, recentNotificationDocIds, seenIds, type NotificationRecord } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import { useNow } from '../../shared/when';
import { useWorkspace } from '../../shared/workspace';

export interface Notifications {
  /** Delivered to me by now (my working hours and time off decide), newest first. */
  delivered: NotificationRecord[];
  unseen: number;
  isSeen(id: string): boolean;
  markSeen(ids: readonly string[]): void;
}

/**
 * What was sent to me, from my notification docs for this month and last (shared/model/notifications.ts),
 * kept open while the workspace is: they sync live, and offline what this device already has shows.
 * A record shows once my working hours say so; until then it waits, unseen, and uncounted.
 */
export function useNotifications(): Notifications {
  const { sync, profile } = useWorkspace();
  const now = useNow();
  const [handles, setHandles] = useState<DocHandle[]>([]);
  const [version, setVersion] = useState(0);
  const month = recentNotificationDocIds(profile.memberId, now).join(' ');
  useEffect(() => {
    let alive = true;
    const opened: DocHandle[] = [];
    const bump = () => setVersion((count) => count + 1);
    void Promise.all(month.split(' ').map((docId) => sync.openDoc(docId))).then((list) => {
      opened.push(...list);
      if (!alive) return list.forEach((handle) => handle.release());
      for (const handle of list) handle.doc.on('update', bump);
      setHandles(list);
    });
    return () => {
      alive = false;
      for (const handle of opened) {
        handle.doc.off('update', bump);
        handle.release();
      }
    };
  }, [sync, month]);
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
  };
}
