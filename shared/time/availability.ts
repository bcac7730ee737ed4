/**
 * When someone can be reached: inside their working hours, in their own timezone, and not on time
 * off. Notifications, handoffs and "who is on now" ask this; a ping sent at 02:00 Beijing time is
 * seen at 09:00 Beijing time, and one sent during someone's holiday when they are back.
 *
 * Wall-clock times become instants through @date-fns/tz (the platform's tz data), never by adding
 * offsets by hand.
 */
import { TZDate } from '@date-fns/tz';
import type { TimeOff, WorkingHours } from '../model/schema';
import { addDays, formatDay, todayIn } from './calendar';
import { formatWeekdayTime, nextAtWork, placeOf } from './due';
import { isWithinWorkingHours } from './hours';
import { formatClock } from './zones';

export interface Reachable {
  timezone: string;
  workingHours: WorkingHours;
  timeOff?: readonly TimeOff[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isTimeOff(value: unknown): value is TimeOff {
  const range = value as TimeOff;
  return typeof range === 'object' && range !== null && DAY.test(range.start ?? '') && DAY.test(range.end ?? '') && range.start <= range.end;
}

/** The time off that `instant` falls in, in the person's own calendar; null when none. */
export function timeOffAt(instant: number, person: Reachable): TimeOff | null {
  const day = todayIn(person.timezone, instant);
  return person.timeOff?.find((range) => range.start <= day && day <= range.end) ?? null;
}

/** At work now: inside their working hours and not on time off. */
export function isAvailable(instant: number, person: Reachable): boolean {
  return isWithinWorkingHours(instant, person.timezone, person.workingHours) && timeOffAt(instant, person) === null;
}

/**
 * The first instant from `now` at which the person is at work and not on time off: `now` itself
 * when they are. Null for someone with no working days (or away for more than a year).
 */
export function nextAvailable(now: number, person: Reachable): number | null {
  let from = now;
  for (let step = 0; step < 400; step++) {
    const next = nextAtWork(from, person.timezone, person.workingHours);
    if (next === null) return null;
    const away = timeOffAt(next, person);
    if (!away) return next;
    // Their first midnight after the time off ends.
    const [year, month, day] = addDays(away.end, 1).split('-').map(Number) as [number, number, number];
    from = new TZDate(year, month - 1, day, 0, 0, 0, person.timezone).getTime();
  }
  return null;
}

/** When a message sent at `sentAt` reaches the person: at once when urgent, else when they are next at work. */
export function deliveryTime(sentAt: number, person: Reachable, urgent = false): number {
  if (urgent) return sentAt;
  return nextAvailable(sentAt, person) ?? sentAt;
}

/** "45 min", "6 h", "2 d 3 h". */
export function formatSpan(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/**
 * What a sender is told before and after sending: "Mei will see this at 09:00 in Shanghai (in 6 h)",
 * "Mei is at work and will see this now", or, for someone away, when they are back.
 */
export function describeDelivery(now: number, person: Reachable & { name: string }, urgent = false): string {
  const at = deliveryTime(now, person, urgent);
  if (urgent) return `${person.name} will see this now: urgent, outside their hours if need be`;
  if (at - now < 60_000) return `${person.name} is at work and will see this now`;
  const sameDay = todayIn(person.timezone, at) === todayIn(person.timezone, now);
  const when = sameDay ? formatClock(at, person.timezone) : formatWeekdayTime(at, person.timezone);
  const away = timeOffAt(now, person);
  const lead = away ? `${person.name} is away until ${formatDay(away.end)}; they will see this` : `${person.name} will see this`;
  // "09:00 in Shanghai"; a zone that is no place reads as itself: "09:00 UTC".
  const where = person.timezone.includes('/') ? `in ${placeOf(person.timezone)}` : person.timezone;
  return `${lead} at ${when} ${where} (in ${formatSpan(at - now)})`;
}

/** The first instant of the calendar day `now` falls on in `zone` (its midnight, or the first hour a DST switch leaves). */
export function startOfDayIn(zone: string, now: number): number {
  const [year, month, day] = todayIn(zone, now).split('-').map(Number) as [number, number, number];
  return new TZDate(year, month - 1, day, 0, 0, 0, zone).getTime();
}
