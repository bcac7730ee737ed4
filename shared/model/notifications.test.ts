import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from './errors';
import { addNotification, checkInReminder, checkInReminderId, deliveredAt, deliveredNotifications, listNotifications, markSeen, notificationDocId, recentNotificationDocIds, seenIds } from './notifications';
import { syncDocs } from './testing';

const at = (iso: string) => Date.parse(iso);
const weekdays = { start: 9 * 60, end: 18 * 60, days: [1, 2, 3, 4, 5] };
const mei = { timezone: 'Asia/Shanghai', workingHours: weekdays, timeOff: [] as { start: string; end: string }[] };
const ping = { kind: 'mention' as const, to: 'mei', from: 'kenji', pageId: 'plan', taskId: null, title: 'Launch plan', text: '@Mei can you check the venue?' };

describe('notifications as data', () => {
  it('live in a doc of the recipient per month, and keep what was sent and by whom', () => {
    expect(notificationDocId('mei', at('2026-06-30T23:59:00Z'))).toBe('notes-mei-202606');
    expect(recentNotificationDocIds('mei', at('2026-01-10T00:00:00Z'))).toEqual(['notes-mei-202601', 'notes-mei-202512']);
    const doc = new Y.Doc();
    const id = addNotification(doc, { ...ping, text: 'x'.repeat(1_000) }, at('2026-06-01T18:00:00Z'));
    const [record] = listNotifications(doc);
    expect(record).toMatchObject({ id, kind: 'mention', to: 'mei', from: 'kenji', urgent: false, at: at('2026-06-01T18:00:00Z') });
    expect(record!.text.length).toBeLessThanOrEqual(280);
    expect(() => addNotification(doc, { ...ping, from: 'mei' })).toThrow(ModelError);
    expect(() => addNotification(doc, { ...ping, to: 'not an id' })).toThrow(ModelError);
  });

  it('a ping at 02:00 in Beijing is shown at 09:00 in Beijing, not before; time off holds it longer; urgent does not wait', () => {
    const doc = new Y.Doc();
    // Tuesday 2 June 2026, 02:00 in Beijing.
    addNotification(doc, ping, at('2026-06-01T18:00:00Z'));
    const all = listNotifications(doc);
    expect(deliveredAt(all[0]!, mei)).toBe(at('2026-06-02T01:00:00Z'));
    // A fake clock walks through the night.
    for (const [now, shown] of [
      ['2026-06-01T18:00:00Z', 0],
      ['2026-06-01T23:00:00Z', 0],
      ['2026-06-02T00:59:00Z', 0],
      ['2026-06-02T01:00:00Z', 1],
    ] as const) expect(deliveredNotifications(all, mei, at(now))).toHaveLength(shown);
    // Off Tuesday and Wednesday: Thursday 09:00.
    const away = { ...mei, timeOff: [{ start: '2026-06-02', end: '2026-06-03' }] };
    expect(deliveredNotifications(all, away, at('2026-06-03T05:00:00Z'))).toHaveLength(0);
    expect(deliveredAt(all[0]!, away)).toBe(at('2026-06-04T01:00:00Z'));
    // Urgent: at once, even during time off, and says so.
    addNotification(doc, { ...ping, urgent: true, text: 'The venue cancelled' }, at('2026-06-02T19:00:00Z'));
    const urgent = listNotifications(doc).find((record) => record.urgent)!;
    expect(urgent).toMatchObject({ urgent: true, from: 'kenji' });
    expect(deliveredNotifications(listNotifications(doc), away, at('2026-06-02T19:00:00Z')).map((record) => record.text)).toEqual(['The venue cancelled']);
  });

  it('written by two senders apart and seen on two of the recipient’s devices, all of it merges', () => {
    const [kenji, ama, phone, laptop] = [new Y.Doc(), new Y.Doc(), new Y.Doc(), new Y.Doc()];
    const one = addNotification(kenji, ping, at('2026-06-02T02:00:00Z'));
    const two = addNotification(ama, { ...ping, from: 'ama', kind: 'assigned' }, at('2026-06-02T02:05:00Z'));
    for (const device of [phone, laptop]) {
      syncDocs(kenji, device);
      syncDocs(ama, device);
    }
    markSeen(phone, [one]);
    markSeen(laptop, [two]);
    syncDocs(phone, laptop);
    expect(listNotifications(laptop).map((record) => record.id)).toEqual([two, one]);
    expect(seenIds(phone)).toEqual(new Set([one, two]));
  });

  it('a due check-in is one reminder a day, written by the member’s own devices, shown at once (it is only written in their hours)', () => {
    const [phone, laptop] = [new Y.Doc(), new Y.Doc()];
    // Tuesday 2 June 2026, 17:00 in Beijing: both of Mei's devices find her check-in due.
    const due = at('2026-06-02T09:00:00Z');
    expect(checkInReminder(phone, { member: 'mei', day: '2026-06-02', pageId: 'check-ins' }, due)).toBe(true);
    expect(checkInReminder(phone, { member: 'mei', day: '2026-06-02', pageId: 'check-ins' }, due + 60_000)).toBe(false);
    expect(checkInReminder(laptop, { member: 'mei', day: '2026-06-02', pageId: 'check-ins' }, due + 5_000)).toBe(true);
    syncDocs(phone, laptop);
    const [reminder, ...others] = listNotifications(laptop);
    expect(others).toEqual([]);
    expect(reminder).toMatchObject({ id: checkInReminderId('2026-06-02'), kind: 'checkin', to: 'mei', from: 'mei', title: 'Time for your check-in', pageId: 'check-ins' });
    expect(deliveredNotifications([reminder!], mei, due + 5_000)).toHaveLength(1);
    // The next day is another one; and nobody sends someone else a check-in reminder as a notification.
    expect(checkInReminder(laptop, { member: 'mei', day: '2026-06-03', pageId: 'check-ins' }, due + 86_400_000)).toBe(true);
    expect(() => addNotification(laptop, { ...ping, kind: 'checkin' as never })).toThrow(ModelError);
    expect(() => checkInReminder(laptop, { member: 'mei', day: 'Tuesday', pageId: 'check-ins' })).toThrow(ModelError);
  });
});
