import { describe, expect, it, vi } from 'vitest';
import type { WorkingHours } from '../model/schema';
import { describeDue, dueAnswersOf, dueInstant, isOverdue, nextAtWork, placeOf } from './due';
import { zonedParts } from './zones';

const at = (iso: string) => Date.parse(iso);
const hours = (start: string, end: string): WorkingHours => {
  const minutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  return { start: minutes(start), end: minutes(end), days: [1, 2, 3, 4, 5] };
};
const owner = (timezone: string, start = '09:00', end = '18:00') => ({ timezone, workingHours: hours(start, end) });

describe('due dates', () => {
  it('are due when the owner’s working day ends, read in each reader’s own time', () => {
    const tokyo = owner('Asia/Tokyo');
    expect(dueInstant('2026-06-05', tokyo)).toBe(at('2026-06-05T09:00:00Z'));
    expect(describeDue('2026-06-05', tokyo, 'Europe/London')?.text).toBe('Due Fri 18:00 Tokyo = Fri 10:00 London');
    expect(describeDue('2026-06-05', tokyo, 'Asia/Tokyo')?.text).toBe('Due Fri 18:00');
    // The same day in winter: London is on GMT, so the same Tokyo evening is an hour earlier there.
    expect(describeDue('2026-12-04', tokyo, 'Europe/London')?.text).toBe('Due Fri 18:00 Tokyo = Fri 09:00 London');
  });

  it('follow DST switches: the owner’s clock time stays, the instant moves', () => {
    const newYork = owner('America/New_York', '09:00', '17:00');
    // New York moves to EDT on Sunday 8 March 2026; London stays on GMT until 29 March.
    expect(dueInstant('2026-03-06', newYork)).toBe(at('2026-03-06T22:00:00Z'));
    expect(dueInstant('2026-03-09', newYork)).toBe(at('2026-03-09T21:00:00Z'));
    expect(describeDue('2026-03-09', newYork, 'Europe/London')?.text).toBe('Due Mon 17:00 New York = Mon 21:00 London');
    // London back to GMT on Sunday 25 October 2026.
    const london = owner('Europe/London', '09:00', '17:00');
    expect(dueInstant('2026-10-23', london)).toBe(at('2026-10-23T16:00:00Z'));
    expect(dueInstant('2026-10-26', london)).toBe(at('2026-10-26T17:00:00Z'));
  });

  it('keep odd offsets: +05:30 and Chatham’s +12:45 (+13:45 in its summer)', () => {
    expect(dueInstant('2026-01-15', owner('Asia/Kolkata', '09:30', '18:30'))).toBe(at('2026-01-15T13:00:00Z'));
    const chatham = owner('Pacific/Chatham', '09:00', '17:00');
    expect(dueInstant('2026-01-15', chatham)).toBe(at('2026-01-15T03:15:00Z'));
    expect(dueInstant('2026-07-15', chatham)).toBe(at('2026-07-15T04:15:00Z'));
    expect(describeDue('2026-07-15', chatham, 'Asia/Kolkata')?.text).toBe('Due Wed 17:00 Chatham = Wed 09:45 Kolkata');
  });

  it('across the date line: the same calendar day is a day apart, and a reader may see the day before', () => {
    const kiritimati = dueInstant('2026-06-05', owner('Pacific/Kiritimati', '09:00', '17:00'))!;
    const pagoPago = dueInstant('2026-06-05', owner('Pacific/Pago_Pago', '09:00', '17:00'))!;
    expect(kiritimati).toBe(at('2026-06-05T03:00:00Z'));
    expect(pagoPago - kiritimati).toBe(25 * 3600 * 1000);
    expect(describeDue('2026-06-05', owner('Pacific/Kiritimati', '09:00', '17:00'), 'Pacific/Pago_Pago')?.text).toBe('Due Fri 17:00 Kiritimati = Thu 16:00 Pago Pago');
  });

  it('end a night shift the next morning, and 24:00 at the next midnight even when DST skips it', () => {
    expect(dueInstant('2026-06-05', owner('Europe/Berlin', '22:00', '06:00'))).toBe(at('2026-06-06T04:00:00Z'));
    expect(dueInstant('2026-06-05', owner('Europe/Berlin', '08:00', '24:00'))).toBe(at('2026-06-05T22:00:00Z'));
    // Chile starts DST at midnight on Sunday 6 September 2026: 00:00 does not exist that day.
    const santiago = dueInstant('2026-09-05', owner('America/Santiago', '08:00', '24:00'))!;
    const before = dueInstant('2026-09-05', owner('America/Santiago', '08:00', '23:00'))!;
    expect(santiago - before).toBe(3600 * 1000);
    expect(zonedParts(santiago, 'America/Santiago')).toEqual({ weekday: 7, minutes: 60 });
  });

  it('refuse what is not a calendar day', () => {
    for (const date of ['2026-02-30', '2026-13-01', 'tomorrow', '', '2026-6-5']) expect(dueInstant(date, owner('UTC'))).toBeNull();
    expect(describeDue('2026-02-30', owner('UTC'), 'UTC')).toBeNull();
  });

  it('are overdue at the same instant for everyone, and never once done', () => {
    const tokyo = owner('Asia/Tokyo');
    // 09:30 in London on Friday: London's own calendar still says Friday, yet Tokyo's day has ended.
    expect(isOverdue('2026-06-05', false, tokyo, at('2026-06-05T08:59:59Z'))).toBe(false);
    expect(isOverdue('2026-06-05', false, tokyo, at('2026-06-05T09:00:00Z'))).toBe(true);
    expect(isOverdue('2026-06-05', true, tokyo, at('2026-06-07T00:00:00Z'))).toBe(false);
    expect(isOverdue(null, false, tokyo, at('2026-06-07T00:00:00Z'))).toBe(false);
  });

  it('name a zone by its place', () => {
    expect(placeOf('America/New_York')).toBe('New York');
    expect(placeOf('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
    expect(placeOf('UTC')).toBe('UTC');
  });
});

describe('nextAtWork', () => {
  const london = { start: 9 * 60, end: 17 * 60, days: [1, 2, 3, 4, 5] };
  it('is now inside working hours, else the next working morning in the person’s own zone', () => {
    // Friday 5 June 2026, 12:00 in London (BST): at work.
    expect(nextAtWork(at('2026-06-05T11:00:00Z'), 'Europe/London', london)).toBe(at('2026-06-05T11:00:00Z'));
    // Friday 18:00 in Tokyo is 10:00 in London: still at work there.
    expect(nextAtWork(at('2026-06-05T09:00:00Z'), 'Europe/London', london)).toBe(at('2026-06-05T09:00:00Z'));
    // Friday 18:00 in London: next is Monday 09:00 London.
    expect(nextAtWork(at('2026-06-05T17:00:00Z'), 'Europe/London', london)).toBe(at('2026-06-08T08:00:00Z'));
    // Before work on a Tuesday: that morning.
    expect(nextAtWork(at('2026-06-09T05:00:00Z'), 'Europe/London', london)).toBe(at('2026-06-09T08:00:00Z'));
    // Across the DST switch (Sunday 29 March 2026): Monday 09:00 is 08:00 UTC, Friday's was 09:00.
    expect(nextAtWork(at('2026-03-27T18:00:00Z'), 'Europe/London', london)).toBe(at('2026-03-30T08:00:00Z'));
    // +05:30, seen from a Saturday.
    expect(nextAtWork(at('2026-06-06T06:00:00Z'), 'Asia/Kolkata', london)).toBe(at('2026-06-08T03:30:00Z'));
    expect(nextAtWork(at('2026-06-06T06:00:00Z'), 'Asia/Kolkata', { ...london, days: [] })).toBeNull();
  });
});

describe('due answers a saved view carries to the next start', () => {
  it('are what describing the dates works out, and a fresh start takes them instead of working them out again', async () => {
    const dues = [
      { date: '2026-06-05', owner: owner('Asia/Tokyo') },
      { date: '2026-03-08', owner: owner('America/New_York', '09:00', '17:00') },
      { date: '2026-02-30', owner: owner('UTC') },
    ];
    const answers = dueAnswersOf(dues, 'Europe/London');
    // The saved copy goes through JSON.
    const saved = JSON.parse(JSON.stringify(answers)) as Record<string, unknown>;
    vi.resetModules();
    const fresh = await import('./due');
    fresh.rememberDueAnswers({ ...saved, 'at 2026-01-01 UTC 540-1080': 'not a number', 'text 5 UTC': 7, 'something else': 1 });
    for (const { date, owner: who } of dues) expect(fresh.describeDue(date, who, 'Europe/London')).toEqual(describeDue(date, who, 'Europe/London'));
    expect(fresh.dueInstant('2026-01-01', owner('UTC'))).toBe(at('2026-01-01T18:00:00Z'));
    // What it was handed is what it answers: an answer is never worked out again while remembered.
    vi.resetModules();
    const handed = await import('./due');
    handed.rememberDueAnswers({ 'at 2026-06-05 Asia/Tokyo 540-1080': 42 });
    expect(handed.dueInstant('2026-06-05', owner('Asia/Tokyo'))).toBe(42);
  });
});

