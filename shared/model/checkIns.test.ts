import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { answerCheckIn, blockedText, checkInDocId, checkInsByDay, checkInTimeToday, DEFAULT_CHECK_INS, getCheckInSchedule, isCheckInDue, listCheckIns, setCheckInSchedule } from './checkIns';
import { ModelError } from './errors';
import { syncDocs } from './testing';

const at = (iso: string) => Date.parse(iso);
const berlin = { timezone: 'Europe/Berlin', workingHours: { start: 9 * 60, end: 17 * 60, days: [1, 2, 3, 4, 5] }, timeOff: [] as { start: string; end: string }[] };

describe('check-ins', () => {
  it('are asked at each member’s own time on their working days, only inside their hours, until answered', () => {
    // Tuesday 2 June 2026: Berlin is UTC+2, its day ends 17:00, so it asks at 16:00 (14:00 UTC).
    expect(checkInTimeToday(at('2026-06-02T08:00:00Z'), berlin, DEFAULT_CHECK_INS)).toBe(at('2026-06-02T14:00:00Z'));
    const none = new Set<string>();
    expect(isCheckInDue(at('2026-06-02T13:59:00Z'), berlin, DEFAULT_CHECK_INS, none)).toBe(false);
    expect(isCheckInDue(at('2026-06-02T14:00:00Z'), berlin, DEFAULT_CHECK_INS, none)).toBe(true);
    // After hours it waits for tomorrow's; answered, it is not asked again that day.
    expect(isCheckInDue(at('2026-06-02T15:30:00Z'), berlin, DEFAULT_CHECK_INS, none)).toBe(false);
    expect(isCheckInDue(at('2026-06-02T14:30:00Z'), berlin, DEFAULT_CHECK_INS, new Set(['2026-06-02']))).toBe(false);
    // Not on Saturday, nor on time off; a fixed 09:30 is 07:30 UTC.
    expect(checkInTimeToday(at('2026-06-06T12:00:00Z'), berlin, DEFAULT_CHECK_INS)).toBeNull();
    expect(checkInTimeToday(at('2026-06-02T12:00:00Z'), { ...berlin, timeOff: [{ start: '2026-06-02', end: '2026-06-02' }] }, DEFAULT_CHECK_INS)).toBeNull();
    expect(checkInTimeToday(at('2026-06-02T05:00:00Z'), berlin, { ...DEFAULT_CHECK_INS, at: 9 * 60 + 30 })).toBe(at('2026-06-02T07:30:00Z'));
  });

  it('are asked an hour before the end of that weekday’s own hours', () => {
    // Lena stops at 13:00 on Fridays: Friday 5 June 2026 she is asked at 12:00 Berlin (10:00 UTC), Thursday at 16:00.
    const lena = { ...berlin, workingHours: { ...berlin.workingHours, perDay: { '5': { start: 9 * 60, end: 13 * 60 } } } };
    expect(checkInTimeToday(at('2026-06-05T06:00:00Z'), lena, DEFAULT_CHECK_INS)).toBe(at('2026-06-05T10:00:00Z'));
    expect(checkInTimeToday(at('2026-06-04T06:00:00Z'), lena, DEFAULT_CHECK_INS)).toBe(at('2026-06-04T14:00:00Z'));
    expect(isCheckInDue(at('2026-06-05T10:30:00Z'), lena, DEFAULT_CHECK_INS, new Set())).toBe(true);
    // After 13:00 that Friday she is not at work: not asked.
    expect(isCheckInDue(at('2026-06-05T11:30:00Z'), lena, DEFAULT_CHECK_INS, new Set())).toBe(false);
  });

  it('live outside the index doc, one per member per day, and the feed groups them by the reader’s day', () => {
    expect(checkInDocId('2026-06-02')).toBe('checkins-202606');
    const [berlinDevice, beijingDevice] = [new Y.Doc(), new Y.Doc()];
    answerCheckIn(berlinDevice, { member: 'lena', day: '2026-06-02', answers: [{ question: 'done', text: 'Draft sent' }, { question: 'blocked', text: 'Need the venue contract' }] }, at('2026-06-02T14:10:00Z'));
    answerCheckIn(beijingDevice, { member: 'mei', day: '2026-06-03', answers: [{ question: 'done', text: 'Slides' }, { question: 'blocked', text: 'No' }] }, at('2026-06-02T22:30:00Z'));
    syncDocs(berlinDevice, beijingDevice);
    const all = listCheckIns(beijingDevice);
    expect(all.map((checkIn) => checkIn.member)).toEqual(['mei', 'lena']);
    // Read in London, both were written on 2 June; read in Beijing, Mei's was on the 3rd.
    expect(checkInsByDay(all, 'Europe/London').map((group) => [group.day, group.checkIns.length])).toEqual([['2026-06-02', 2]]);
    expect(checkInsByDay(all, 'Asia/Shanghai').map((group) => group.day)).toEqual(['2026-06-03', '2026-06-02']);
    expect(all.map((checkIn) => blockedText(checkIn, DEFAULT_CHECK_INS))).toEqual([null, 'Need the venue contract']);
    // Answering again replaces the day's answer.
    answerCheckIn(berlinDevice, { member: 'lena', day: '2026-06-02', answers: [{ question: 'done', text: 'Draft sent, and signed' }] });
    expect(listCheckIns(berlinDevice).filter((checkIn) => checkIn.member === 'lena')).toHaveLength(1);
    expect(() => answerCheckIn(berlinDevice, { member: 'lena', day: '2026-06-04', answers: [{ question: 'done', text: '  ' }] })).toThrow(ModelError);
  });

  it('keeps the workspace’s own questions and schedule, and refuses one with no question', () => {
    const index = new Y.Doc();
    expect(getCheckInSchedule(index)).toEqual(DEFAULT_CHECK_INS);
    setCheckInSchedule(index, { questions: [{ id: 'q1', text: ' What did you ship? ', kind: 'done' }, { id: 'q2', text: '', kind: 'other' }], days: [1, 3, 5], at: 600 });
    expect(getCheckInSchedule(index)).toEqual({ questions: [{ id: 'q1', text: 'What did you ship?', kind: 'done' }], days: [1, 3, 5], at: 600 });
    expect(() => setCheckInSchedule(index, { questions: [{ id: 'q1', text: ' ', kind: 'done' }], days: [1], at: 'end' })).toThrow(ModelError);
  });
});
