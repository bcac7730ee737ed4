import { describe, expect, it } from 'vitest';
import type { WorkingHours } from '../model/schema';
import { deliveryTime, describeDelivery, formatSpan, isAvailable, isTimeOff, nextAvailable, timeOffAt, type Reachable } from './availability';

const at = (iso: string) => Date.parse(iso);
const weekdays = (start: number, end: number): WorkingHours => ({ start: start * 60, end: end * 60, days: [1, 2, 3, 4, 5] });
const person = (timezone: string, fields: Partial<Reachable> = {}): Reachable & { name: string } => ({ name: 'Mei', timezone, workingHours: weekdays(9, 18), ...fields });

describe('when someone can be reached', () => {
  const beijing = person('Asia/Shanghai');

  it('a ping at 02:00 in Beijing is seen at 09:00 in Beijing, not before; urgent does not wait', () => {
    // Tuesday 2 June 2026, 02:00 in Beijing (UTC+8).
    const sent = at('2026-06-01T18:00:00Z');
    expect(isAvailable(sent, beijing)).toBe(false);
    expect(deliveryTime(sent, beijing)).toBe(at('2026-06-02T01:00:00Z'));
    expect(describeDelivery(sent, beijing)).toBe('Mei will see this at 09:00 in Shanghai (in 7 h)');
    expect(deliveryTime(sent, beijing, true)).toBe(sent);
    expect(describeDelivery(sent, beijing, true)).toMatch(/^Mei will see this now: urgent/);
    // During her hours: at once.
    expect(deliveryTime(at('2026-06-02T02:00:00Z'), beijing)).toBe(at('2026-06-02T02:00:00Z'));
    expect(describeDelivery(at('2026-06-02T02:00:00Z'), beijing)).toBe('Mei is at work and will see this now');
  });

  it('waits over the weekend and over time off, counted in the person’s own calendar', () => {
    // Friday 5 June 2026, 19:00 in Beijing: Monday 09:00.
    expect(deliveryTime(at('2026-06-05T11:00:00Z'), beijing)).toBe(at('2026-06-08T01:00:00Z'));
    const away = person('Asia/Shanghai', { timeOff: [{ start: '2026-06-08', end: '2026-06-10' }] });
    // Monday to Wednesday off: Thursday 09:00.
    expect(deliveryTime(at('2026-06-05T11:00:00Z'), away)).toBe(at('2026-06-11T01:00:00Z'));
    expect(describeDelivery(at('2026-06-09T02:00:00Z'), away)).toBe('Mei is away until Wed 10 Jun; they will see this at Thu 09:00 in Shanghai (in 1 d 23 h)');
    // Urgent does not wait for time off either.
    expect(deliveryTime(at('2026-06-09T02:00:00Z'), away, true)).toBe(at('2026-06-09T02:00:00Z'));
    // Tokyo's Friday off begins while it is still Thursday in UTC.
    const tokyo = person('Asia/Tokyo', { timeOff: [{ start: '2026-06-05', end: '2026-06-05' }] });
    expect(timeOffAt(at('2026-06-04T23:30:00Z'), tokyo)).toEqual({ start: '2026-06-05', end: '2026-06-05' });
    expect(nextAvailable(at('2026-06-04T23:30:00Z'), tokyo)).toBe(at('2026-06-08T00:00:00Z'));
  });

  it('holds across DST switches, +05:30, +12:45 and the date line', () => {
    // New York springs forward on Sunday 8 March 2026: Saturday night's ping arrives Monday 09:00 EDT.
    expect(deliveryTime(at('2026-03-08T04:00:00Z'), person('America/New_York'))).toBe(at('2026-03-09T13:00:00Z'));
    // London falls back on Sunday 25 October 2026: Monday 09:00 GMT.
    expect(deliveryTime(at('2026-10-24T12:00:00Z'), person('Europe/London'))).toBe(at('2026-10-26T09:00:00Z'));
    // Kolkata, +05:30: Monday 09:00 IST is 03:30 UTC.
    expect(deliveryTime(at('2026-06-07T12:00:00Z'), person('Asia/Kolkata'))).toBe(at('2026-06-08T03:30:00Z'));
    // Chatham, +12:45 in June: Monday 09:00 there is Sunday 20:15 UTC.
    expect(deliveryTime(at('2026-06-06T12:00:00Z'), person('Pacific/Chatham'))).toBe(at('2026-06-07T20:15:00Z'));
    // Across the date line: when it is Friday evening in Pago Pago (-11), it is already Saturday in Kiritimati (+14).
    const friday = at('2026-06-06T05:00:00Z');
    expect(isAvailable(friday, person('Pacific/Pago_Pago', { workingHours: weekdays(9, 20) }))).toBe(true);
    expect(deliveryTime(friday, person('Pacific/Kiritimati'))).toBe(at('2026-06-07T19:00:00Z'));
  });

  it('has no next time for someone who never works, and checks time off it is given', () => {
    expect(nextAvailable(at('2026-06-01T00:00:00Z'), person('UTC', { workingHours: { start: 540, end: 1080, days: [] } }))).toBeNull();
    expect(isTimeOff({ start: '2026-06-01', end: '2026-06-03' })).toBe(true);
    expect(isTimeOff({ start: '2026-06-03', end: '2026-06-01' })).toBe(false);
    expect(isTimeOff({ start: 'June', end: '2026-06-01' })).toBe(false);
    expect(formatSpan(45 * 60_000)).toBe('45 min');
    expect(formatSpan(49 * 3_600_000)).toBe('2 d 1 h');
  });
});
