import { useEffect } from 'react';
import { checkInReminder, checkInReminderId, listNotifications, markSeen, notificationDocId } from '../../../shared/model/notifications';
import type { DocHandle } from '../../../shared/sync';
import { CHECK_INS_VIEW, useCheckIns } from '../checkins';
import { useWorkspace } from '../../shared/workspace';

/**
 * When my check-in is due (my check-in time has come, I am at work and not on time off, and I have
 * not answered today: shared/model/checkIns.ts), this device writes "Time for your check-in" into my
 * notification doc, once a day: it shows among my notifications, and by the system's, like any other.
 * Once I have answered, it counts as seen.
 */
export function useCheckInReminder(handles: readonly DocHandle[], now: number): void {
  const { profile, readOnly } = useWorkspace();
  const { due, today, checkIns } = useCheckIns();
  const me = profile.memberId;
  const doc = handles.find((handle) => handle.docId === notificationDocId(me, now))?.doc;
  const answered = checkIns.some((checkIn) => checkIn.member === me && checkIn.day === today);
  useEffect(() => {
    if (!doc || readOnly) return;
    if (due) {
      checkInReminder(doc, { member: me, day: today, pageId: CHECK_INS_VIEW }, now);
      return;
    }
    if (!answered) return;
    const id = checkInReminderId(today);
    for (const handle of handles) if (listNotifications(handle.doc).some((record) => record.id === id)) markSeen(handle.doc, [id]);
    // `now` only dates the record: a new minute alone changes nothing here.
  }, [doc, handles, readOnly, due, answered, me, today]);
}
