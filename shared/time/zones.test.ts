import { describe, expect, it } from 'vitest';
import { formatClock, formatOffset, isValidTimezone, systemTimezone, zonedParts } from './zones';

const at = (iso: string) => Date.parse(iso);

describe('isValidTimezone / systemTimezone', () => {
  it('knows IANA zones and rejects the rest', () => {
    expect(isValidTimezone('Asia/Kolkata')).toBe(true);
    expect(isValidTimezone('UTC')).toBe(true);
    expect(isValidTimezone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
  });

  it('reports a usable system zone', () => {
    expect(isValidTimezone(systemTimezone())).toBe(true);
  });
});

describe('zonedParts / formatClock', () => {
  it('gives the local ISO weekday and minutes', () => {
    // Sunday 2026-03-08 23:30 UTC is Monday 08:30 in Tokyo.
    expect(zonedParts(at('2026-03-08T23:30:00Z'), 'UTC')).toEqual({ weekday: 7, minutes: 23 * 60 + 30 });
    expect(zonedParts(at('2026-03-08T23:30:00Z'), 'Asia/Tokyo')).toEqual({ weekday: 1, minutes: 8 * 60 + 30 });
  });

  it('shows midnight as 00:00, not 24:00', () => {
    expect(formatClock(at('2026-03-09T00:00:00Z'), 'UTC')).toBe('00:00');
    expect(formatClock(at('2026-03-09T05:30:00Z'), 'Asia/Kolkata')).toBe('11:00');
  });
});

describe('formatOffset', () => {
  it('shows half-hour and quarter-hour offsets', () => {
    expect(formatOffset(at('2026-01-15T12:00:00Z'), 'Asia/Kolkata')).toBe('UTC+5:30');
    expect(formatOffset(at('2026-01-15T12:00:00Z'), 'Asia/Kathmandu')).toBe('UTC+5:45');
    expect(formatOffset(at('2026-01-15T12:00:00Z'), 'America/St_Johns')).toBe('UTC-3:30');
    expect(formatOffset(at('2026-01-15T12:00:00Z'), 'UTC')).toBe('UTC+0');
  });

  it('follows daylight saving time at a fixed instant', () => {
    expect(formatOffset(at('2026-01-15T12:00:00Z'), 'America/New_York')).toBe('UTC-5');
    expect(formatOffset(at('2026-07-15T12:00:00Z'), 'America/New_York')).toBe('UTC-4');
    expect(formatOffset(at('2026-01-15T12:00:00Z'), 'Australia/Sydney')).toBe('UTC+11');
    expect(formatOffset(at('2026-07-15T12:00:00Z'), 'Australia/Sydney')).toBe('UTC+10');
  });

  it('is right when the zone is already on another calendar day', () => {
    expect(formatOffset(at('2026-01-15T23:00:00Z'), 'Pacific/Kiritimati')).toBe('UTC+14');
    expect(formatOffset(at('2026-01-15T01:00:00Z'), 'Pacific/Pago_Pago')).toBe('UTC-11');
    // Across the week boundary: Sunday UTC, Monday in Auckland.
    expect(formatOffset(at('2026-03-08T20:00:00Z'), 'Pacific/Auckland')).toBe('UTC+13');
  });
});
