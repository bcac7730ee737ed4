import { describe, expect, it } from 'vitest';
import { member } from '../../../shared/model/testing';
import { SLOTS, teamDay, teamSummary } from './team';

const hours = (start: number, end: number) => ({ start: start * 60, end: end * 60, days: [1, 2, 3, 4, 5] });

describe('who is on, in my time', () => {
  // Tuesday 2 June 2026, 08:00 in London (07:00 UTC).
  const now = Date.parse('2026-06-02T07:00:00Z');
  const team = [
    member('ama', { name: 'Ama', timezone: 'Europe/London', workingHours: hours(9, 17) }),
    member('kenji', { name: 'Kenji', timezone: 'Asia/Tokyo', workingHours: hours(9, 18) }),
    member('priya', { name: 'Priya', timezone: 'Asia/Kolkata', workingHours: hours(9, 18) }),
    member('mei', { name: 'Mei', timezone: 'Asia/Shanghai', workingHours: hours(9, 18), timeOff: [{ start: '2026-06-01', end: '2026-06-03' }] }),
  ];

  it('lays everyone’s hours over my day by the half hour, says who is at work, and when the others are next', () => {
    const { rows, nowSlot } = teamDay(team, 'Europe/London', now);
    expect(nowSlot).toBe(16);
    const row = (id: string) => rows.find((each) => each.member.id === id)!;
    // Kenji, 16:00 in Tokyo: at work; his day is 01:00–10:00 in London.
    expect(row('kenji')).toMatchObject({ atWork: true, status: 'At work', localTime: '16:00 in Tokyo' });
    expect(row('kenji').slots.flatMap((on, slot) => (on ? [slot] : []))).toEqual(Array.from({ length: 18 }, (_, i) => i + 2));
    // Priya, +05:30: 09:00–18:00 in Kolkata is 04:30–13:30 in London.
    expect(row('priya').slots.indexOf(true)).toBe(9);
    expect(row('priya').slots.lastIndexOf(true)).toBe(26);
    // Ama (me) starts at 09:00: next, in an hour.
    expect(row('ama')).toMatchObject({ atWork: false, status: 'Next at work in 1 h (09:00 your time)' });
    // Mei is away until Wednesday; back Thursday 09:00 in Shanghai, 02:00 in London.
    expect(row('mei').status).toBe('Away until Wed 3 Jun; back in 1 d 18 h (02:00 your time)');
    expect(row('mei').slots.every((on) => !on)).toBe(true);
    expect(rows.map((each) => each.member.id)).toEqual(['kenji', 'priya', 'ama', 'mei']);
    expect(rows.every((each) => each.slots.length === SLOTS)).toBe(true);
    expect(teamSummary(rows, 'ama', now)).toBe('At work now: Kenji, Priya. Next: Mei, in 1 d 18 h.');
  });

  it('says who is online now apart from who is at work: Mei is online on her time off, Priya at work but not online', () => {
    const { rows } = teamDay(team, 'Europe/London', now, new Set(['mei', 'kenji', 'ama']));
    const row = (id: string) => rows.find((each) => each.member.id === id)!;
    expect([row('mei').online, row('mei').atWork, row('priya').online, row('priya').atWork]).toEqual([true, false, false, true]);
    // Me left out, as with who is at work.
    expect(teamSummary(rows, 'ama', now)).toBe('At work now: Kenji, Priya. Online now: Kenji, Mei. Next: Mei, in 1 d 18 h.');
  });
});
