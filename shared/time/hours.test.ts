import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinutes, isWithinWorkingHours, parseMinutes } from './hours';
import { useFuzzSeed } from '../testing/seed';

const at = (iso: string) => Date.parse(iso);
const nineToFive = { start: 9 * 60, end: 17 * 60, days: [1, 2, 3, 4, 5] };

describe('isWithinWorkingHours', () => {
  it('reads the clock in the member’s own zone', () => {
    // Wednesday 2026-03-04 08:30 UTC is 17:30 in Tokyo, 09:30 in Berlin, 03:30 in New York.
    const instant = at('2026-03-04T08:30:00Z');
    expect(isWithinWorkingHours(instant, 'Europe/Berlin', nineToFive)).toBe(true);
    expect(isWithinWorkingHours(instant, 'Asia/Tokyo', nineToFive)).toBe(false);
    expect(isWithinWorkingHours(instant, 'America/New_York', nineToFive)).toBe(false);
    expect(isWithinWorkingHours(instant, 'Asia/Kolkata', nineToFive)).toBe(true); // 14:00
  });

  it('uses the local weekday, which can differ from the UTC one', () => {
    // Friday 2026-03-06 23:30 UTC is Saturday 08:30 in Tokyo and Friday 18:30 in New York.
    const instant = at('2026-03-06T23:30:00Z');
    const weekends = { start: 8 * 60, end: 12 * 60, days: [6, 7] };
    expect(isWithinWorkingHours(instant, 'Asia/Tokyo', weekends)).toBe(true);
    expect(isWithinWorkingHours(instant, 'America/New_York', weekends)).toBe(false);
  });

  it('treats start as inclusive and end as exclusive', () => {
    expect(isWithinWorkingHours(at('2026-03-04T09:00:00Z'), 'UTC', nineToFive)).toBe(true);
    expect(isWithinWorkingHours(at('2026-03-04T16:59:00Z'), 'UTC', nineToFive)).toBe(true);
    expect(isWithinWorkingHours(at('2026-03-04T17:00:00Z'), 'UTC', nineToFive)).toBe(false);
    expect(isWithinWorkingHours(at('2026-03-04T08:59:00Z'), 'UTC', nineToFive)).toBe(false);
  });

  it('handles a shift that crosses midnight, counting the small hours to the day the shift began', () => {
    const night = { start: 22 * 60, end: 6 * 60, days: [1, 2, 3, 4, 5] }; // Mon–Fri nights
    // 2026-03-06 is a Friday in Sydney (UTC+11 in March).
    expect(isWithinWorkingHours(at('2026-03-06T11:30:00Z'), 'Australia/Sydney', night)).toBe(true); // Fri 22:30
    expect(isWithinWorkingHours(at('2026-03-06T16:00:00Z'), 'Australia/Sydney', night)).toBe(true); // Sat 03:00, Friday's shift
    expect(isWithinWorkingHours(at('2026-03-06T19:00:00Z'), 'Australia/Sydney', night)).toBe(false); // Sat 06:00, shift over
    expect(isWithinWorkingHours(at('2026-03-06T06:00:00Z'), 'Australia/Sydney', night)).toBe(false); // Fri 17:00
    expect(isWithinWorkingHours(at('2026-03-07T11:30:00Z'), 'Australia/Sydney', night)).toBe(false); // Sat 22:30
    expect(isWithinWorkingHours(at('2026-03-08T16:00:00Z'), 'Australia/Sydney', night)).toBe(false); // Mon 03:00, no Sunday shift
    expect(isWithinWorkingHours(at('2026-03-09T16:00:00Z'), 'Australia/Sydney', night)).toBe(true); // Tue 03:00, Monday's shift
  });

  it('wraps Sunday night into Monday morning', () => {
    const sundayNight = { start: 23 * 60, end: 2 * 60, days: [7] };
    expect(isWithinWorkingHours(at('2026-03-08T23:30:00Z'), 'UTC', sundayNight)).toBe(true); // Sun 23:30
    expect(isWithinWorkingHours(at('2026-03-09T01:00:00Z'), 'UTC', sundayNight)).toBe(true); // Mon 01:00
    expect(isWithinWorkingHours(at('2026-03-08T01:00:00Z'), 'UTC', sundayNight)).toBe(false); // Sun 01:00
  });

  it('is never true on a day off or for an empty shift', () => {
    expect(isWithinWorkingHours(at('2026-03-07T10:00:00Z'), 'UTC', nineToFive)).toBe(false); // Saturday
    expect(isWithinWorkingHours(at('2026-03-04T10:00:00Z'), 'UTC', { start: 600, end: 600, days: [3] })).toBe(false);
    expect(isWithinWorkingHours(at('2026-03-04T10:00:00Z'), 'UTC', { start: 0, end: 1440, days: [3] })).toBe(true);
  });
});

describe('parseMinutes / formatMinutes', () => {
  it('parses times of day', () => {
    expect(parseMinutes('09:30')).toBe(570);
    expect(parseMinutes(' 9:05 ')).toBe(545);
    expect(parseMinutes('00:00')).toBe(0);
    expect(parseMinutes('24:00')).toBe(1440);
  });

  it('refuses what is not a time of day', () => {
    for (const text of ['24:01', '25:00', '12:60', '9', '9:5', '', 'ab:cd', '-1:00', '123:00']) expect(parseMinutes(text)).toBeNull();
  });

  it('formats with leading zeros', () => {
    expect(formatMinutes(0)).toBe('00:00');
    expect(formatMinutes(545)).toBe('09:05');
    expect(formatMinutes(1439)).toBe('23:59');
  });

  it('round-trips every minute of the day', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1440 }), (minutes) => parseMinutes(formatMinutes(minutes)) === minutes), { seed: useFuzzSeed() });
  });
});
