import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkingHours } from '../model/schema';
import { fuzzRuns, useFuzzSeed } from '../testing/seed';
import { deliveryTime, describeDelivery, isAvailable, nextAvailable } from './availability';
import { dueInstant, nextAtWork } from './due';
import { dayLength, hasOwnDayHours, hoursOn, isWithinWorkingHours } from './hours';

const at = (iso: string) => Date.parse(iso);
const H = 60;
/** Monday to Friday 09:00–17:00, but Friday 09:00–13:00. */
const shortFriday: WorkingHours = { start: 9 * H, end: 17 * H, days: [1, 2, 3, 4, 5], perDay: { '5': { start: 9 * H, end: 13 * H } } };

describe('working hours that differ by weekday', () => {
  it('a day with hours of its own uses them; the other working days keep the usual hours', () => {
    expect(hoursOn(shortFriday, 5)).toEqual({ start: 9 * H, end: 13 * H });
    expect(hoursOn(shortFriday, 4)).toEqual({ start: 9 * H, end: 17 * H });
    expect(hoursOn(shortFriday, 6)).toBeNull();
    // An entry for a day off is not a working day.
    expect(hoursOn({ ...shortFriday, perDay: { '6': { start: 600, end: 700 } } }, 6)).toBeNull();
    expect(hasOwnDayHours(shortFriday)).toBe(true);
    expect(hasOwnDayHours({ ...shortFriday, perDay: { '5': { start: 9 * H, end: 17 * H } } })).toBe(false);
    // Berlin, Friday 6 March 2026 (UTC+1): 12:30 at work, 14:00 not; Thursday 14:00 at work.
    expect(isWithinWorkingHours(at('2026-03-06T11:30:00Z'), 'Europe/Berlin', shortFriday)).toBe(true);
    expect(isWithinWorkingHours(at('2026-03-06T13:00:00Z'), 'Europe/Berlin', shortFriday)).toBe(false);
    expect(isWithinWorkingHours(at('2026-03-05T13:00:00Z'), 'Europe/Berlin', shortFriday)).toBe(true);
  });

  it('a night shift on one day only runs into the next morning, and only that one', () => {
    const thursdayNight: WorkingHours = { start: 9 * H, end: 17 * H, days: [1, 2, 3, 4, 5], perDay: { '4': { start: 22 * H, end: 6 * H } } };
    expect(isWithinWorkingHours(at('2026-03-05T23:00:00Z'), 'UTC', thursdayNight)).toBe(true); // Thu 23:00
    expect(isWithinWorkingHours(at('2026-03-06T03:00:00Z'), 'UTC', thursdayNight)).toBe(true); // Fri 03:00, Thursday's shift
    expect(isWithinWorkingHours(at('2026-03-05T10:00:00Z'), 'UTC', thursdayNight)).toBe(false); // Thu 10:00
    expect(isWithinWorkingHours(at('2026-03-05T03:00:00Z'), 'UTC', thursdayNight)).toBe(false); // Thu 03:00: Wednesday is a day shift
    expect(isWithinWorkingHours(at('2026-03-06T10:00:00Z'), 'UTC', thursdayNight)).toBe(true); // Fri 10:00, Friday's usual hours
  });

  it('a message sent after a short Friday waits for Monday; a task due Friday is due when Friday’s hours end; the sender is told', () => {
    // Friday 5 June 2026, 14:00 in Berlin (UTC+2): Friday is over there.
    const friday = at('2026-06-05T12:00:00Z');
    const lena = { name: 'Lena', timezone: 'Europe/Berlin', workingHours: shortFriday };
    expect(isAvailable(friday, lena)).toBe(false);
    expect(deliveryTime(friday, lena)).toBe(at('2026-06-08T07:00:00Z'));
    expect(describeDelivery(friday, lena)).toBe('Lena will see this at Mon 09:00 in Berlin (in 2 d 19 h)');
    expect(dueInstant('2026-06-05', lena)).toBe(at('2026-06-05T11:00:00Z'));
    expect(dueInstant('2026-06-04', lena)).toBe(at('2026-06-04T15:00:00Z'));
    // The same hours without Friday's own: due at 17:00 (remembered answers are not mixed up).
    expect(dueInstant('2026-06-05', { timezone: 'Europe/Berlin', workingHours: { start: 9 * H, end: 17 * H, days: [1, 2, 3, 4, 5] } })).toBe(at('2026-06-05T15:00:00Z'));
  });

  it('a late Monday start holds across the DST switches, in both hemispheres', () => {
    const lateMonday: WorkingHours = { start: 9 * H, end: 17 * H, days: [1, 2, 3, 4, 5], perDay: { '1': { start: 11 * H, end: 19 * H } } };
    // London springs forward on Sunday 29 March 2026: Monday 11:00 BST is 10:00 UTC (Friday's 17:00 was 17:00 UTC).
    expect(nextAtWork(at('2026-03-27T17:00:00Z'), 'Europe/London', lateMonday)).toBe(at('2026-03-30T10:00:00Z'));
    // And falls back on Sunday 25 October: Monday 11:00 GMT.
    expect(nextAtWork(at('2026-10-23T16:00:00Z'), 'Europe/London', lateMonday)).toBe(at('2026-10-26T11:00:00Z'));
    // Sydney leaves DST on Sunday 5 April 2026 (+11 → +10): Monday 11:00 is 01:00 UTC.
    expect(nextAtWork(at('2026-04-03T07:00:00Z'), 'Australia/Sydney', lateMonday)).toBe(at('2026-04-06T01:00:00Z'));
  });

  it('a day that starts in an hour DST repeats or skips starts the first moment it is at work', () => {
    // London, Sunday 25 October 2026: 01:00–02:00 happens twice (BST, then GMT).
    const sundayEarly: WorkingHours = { start: 9 * H, end: 17 * H, days: [7], perDay: { '7': { start: 90, end: 4 * H } } };
    expect(nextAtWork(at('2026-10-24T20:00:00Z'), 'Europe/London', sundayEarly)).toBe(at('2026-10-25T00:30:00Z'));
    // New York springs forward on Sunday 8 March 2026, 02:00 → 03:00: 02:30 does not exist, and the day starts at the jump.
    const sundayNight: WorkingHours = { start: 9 * H, end: 17 * H, days: [7], perDay: { '7': { start: 150, end: 6 * H } } };
    const start = nextAtWork(at('2026-03-07T20:00:00Z'), 'America/New_York', sundayNight)!;
    expect(start).toBe(at('2026-03-08T07:00:00Z'));
    expect(isWithinWorkingHours(start, 'America/New_York', sundayNight)).toBe(true);
  });

  const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham', 'Asia/Tokyo', 'America/Santiago'];
  const minutes = fc.integer({ min: 0, max: 48 }).map((half) => half * 30);
  const dayHours = fc.record({ start: minutes, end: minutes });
  const hours = fc.record({
    start: minutes,
    end: minutes,
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    perDay: fc.dictionary(fc.integer({ min: 1, max: 7 }).map(String), dayHours),
  });
  // Instants within ten days of the 2026 DST switches of these zones.
  const switches = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-06', '2026-10-04', '2026-10-25', '2026-11-01'].map((day) => at(`${day}T00:00:00Z`));
  const instant = fc.tuple(fc.constantFrom(...switches), fc.integer({ min: -10 * 24 * 60, max: 10 * 24 * 60 })).map(([base, offset]) => base + offset * 60_000 + 17_000);

  it('next available is at work, and nobody is at work any earlier (random hours, zones near DST switches)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), hours, instant, (zone, workingHours, now) => {
        const person = { timezone: zone, workingHours };
        const next = nextAvailable(now, person);
        if (next === null) return workingHours.days.every((day) => dayLength(hoursOn(workingHours, day)!) === 0);
        if (!isAvailable(next, person)) return false;
        for (let probe = now; probe < next; probe += 10 * 60_000) if (isAvailable(probe, person)) return false;
        return next === now || !isAvailable(next - 60_000, person);
      }),
      { seed: useFuzzSeed(), numRuns: fuzzRuns(150) },
    );
  });
});
