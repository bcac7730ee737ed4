/**
 * Due dates that mean the same thing everywhere. A task's due date is a calendar day; the task is
 * due when the working day of the person it belongs to ends on that day, in their timezone. That
 * is one instant for everyone: Tokyo's "due Friday" is Friday 18:00 in Tokyo, which a reader in
 * London sees as Friday 10:00, and the task is overdue after that instant wherever it is read.
 *
 * Wall-clock times are turned into instants by @date-fns/tz (the platform's tz data, DST gaps and
 * overlaps resolved as the platform does), never by adding offsets by hand.
 */
import { TZDate } from '@date-fns/tz';
import type { WorkingHours } from '../model/schema';
import { dayLength, hasOwnDayHours, hoursOn, isWithinWorkingHours } from './hours';
import { zonedParts } from './zones';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MINUTES = 24 * 60;

/** Whose day a due date ends: a timezone and working hours. */
export interface DueOwner {
  timezone: string;
  workingHours: WorkingHours;
}

/**
 * The instant a task due on `date` (YYYY-MM-DD) is due: the end of `owner`'s working day that
 * starts on that date, in their timezone. A shift that ends at or before it starts (22:00–06:00)
 * ends the next morning; 24:00 is the next midnight. Null when `date` is not a calendar day.
 */
export function dueInstant(date: string, owner: DueOwner): number | null {
  // Boards and My work ask this for thousands of tasks that share a few dates and people, and a
  // TZDate costs ~20 µs (~130 µs in a page that has just started): the answer is remembered (a pure
  // function of these three values).
  return remember(dueKey(date, owner), () => computeDueInstant(date, owner));
}

const REMEMBERED = 4096;
/** Due instants ("at …") and times as written ("text …"): pure functions of their keys. */
const remembered = new Map<string, number | string | null>();

function remember<T extends number | string | null>(key: string, compute: () => T): T {
  const known = remembered.get(key);
  if (known !== undefined) return known as T;
  const answer = compute();
  if (remembered.size >= REMEMBERED) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, answer);
  return answer;
}

const dueKey = (date: string, owner: DueOwner) => {
  const { start, end, perDay, days } = owner.workingHours;
  // Only hours of their own change the answer; the plain key stays as saved copies have it.
  return `at ${date} ${owner.timezone} ${start}-${end}${perDay && hasOwnDayHours(owner.workingHours) ? ` ${days.join('')} ${JSON.stringify(perDay)}` : ''}`;
};
const textKey = (instant: number, zone: string) => `text ${instant} ${zone}`;

/**
 * What describing these due dates to a reader in `readerZone` works out (instants, and times as
 * written), for a view's saved copy to hand to `rememberDueAnswers` on the next start: a page that
 * has just started takes ~1 ms per timezone it first writes a time in, and ~130 µs per instant.
 */
export function dueAnswersOf(dues: Iterable<{ date: string; owner: DueOwner }>, readerZone: string): Record<string, number | string | null> {
  const answers: Record<string, number | string | null> = {};
  for (const { date, owner } of dues) {
    const instant = dueInstant(date, owner);
    answers[dueKey(date, owner)] = instant;
    if (instant === null) continue;
    for (const zone of [owner.timezone, readerZone]) answers[textKey(instant, zone)] = formatWeekdayTime(instant, zone);
  }
  return answers;
}

/** Takes answers `dueAnswersOf` gave before, so a cold start draws without working them out again. */
export function rememberDueAnswers(answers: Record<string, unknown>): void {
  for (const [key, answer] of Object.entries(answers)) {
    if (remembered.size >= REMEMBERED) break;
    const valid = key.startsWith('at ') ? typeof answer === 'number' || answer === null : key.startsWith('text ') && typeof answer === 'string';
    if (valid) remembered.set(key, answer as number | string | null);
  }
}

function computeDueInstant(date: string, owner: DueOwner): number | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  // That weekday's own hours (Friday 09:00–13:00 is due at 13:00); a day off keeps the usual end.
  const weekday = probe.getUTCDay() === 0 ? 7 : probe.getUTCDay();
  const { start, end } = hoursOn(owner.workingHours, weekday) ?? owner.workingHours;
  const nextDay = end <= start || end >= DAY_MINUTES ? 1 : 0;
  const minutes = end % DAY_MINUTES;
  return new TZDate(year, month - 1, day + nextDay, Math.floor(minutes / 60), minutes % 60, 0, owner.timezone).getTime();
}

/** Whether a task due on `date` is overdue at `now`: its owner's working day that date has ended. */
export function isOverdue(date: string | null, done: boolean, owner: DueOwner, now: number): boolean {
  if (!date || done) return false;
  const due = dueInstant(date, owner);
  return due !== null && now >= due;
}

/** "Tokyo", "New York", "UTC": the place a timezone is named after. */
export function placeOf(zone: string): string {
  const last = zone.split('/').pop() ?? zone;
  return last.replace(/_/g, ' ');
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** "Fri 18:00" in `zone`. */
export function formatWeekdayTime(instant: number, zone: string): string {
  return remember(textKey(instant, zone), () => {
    let format = formats.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      formats.set(zone, format);
    }
    return format.format(new Date(instant)).replace(',', '');
  });
}

export interface DueDescription {
  instant: number;
  /** When it is due in the owner's time, e.g. "Fri 18:00". */
  ownerTime: string;
  /** When it is due in the reader's time. */
  readerTime: string;
  /** "Fri 18:00 Tokyo = Fri 10:00 London", or "Fri 18:00" when both clocks read the same. */
  when: string;
  /** "Due " and `when`. */
  text: string;
}

/** How a reader in `readerZone` is told when a task due on `date` is due. */
export function describeDue(date: string, owner: DueOwner, readerZone: string): DueDescription | null {
  const instant = dueInstant(date, owner);
  if (instant === null) return null;
  const ownerTime = formatWeekdayTime(instant, owner.timezone);
  const readerTime = formatWeekdayTime(instant, readerZone);
  const when = ownerTime === readerTime ? ownerTime : `${ownerTime} ${placeOf(owner.timezone)} = ${readerTime} ${placeOf(readerZone)}`;
  return { instant, ownerTime, readerTime, when, text: `Due ${when}` };
}

/**
 * When someone next is at work: `now` if it falls inside their working hours, else the start of
 * their next working day in their timezone (within a week; null for someone with no working days).
 */
export function nextAtWork(now: number, zone: string, hours: WorkingHours): number | null {
  if (isWithinWorkingHours(now, zone, hours)) return now;
  const today = new TZDate(now, zone);
  for (let day = 0; day <= 7; day++) {
    // The weekday from the date alone: noon is there on every day, whatever DST does at night.
    const noon = new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + day, 12, 0, 0, zone);
    const on = hoursOn(hours, noon.getDay() === 0 ? 7 : noon.getDay());
    if (!on || dayLength(on) === 0) continue;
    const start = new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + day, Math.floor(on.start / 60), on.start % 60, 0, zone).getTime();
    if (start > now) return firstOfStart(start, now, zone, hours, on.start);
  }
  return null;
}

const MINUTE = 60_000;

/**
 * Where DST moves the clock, the instant TZDate gives for a day's start may not be the first one at
 * work: a clock turned back shows the start time twice (TZDate may pick the second), and one turned
 * forward skips it (TZDate moves it an hour on, yet the person is at work from the jump).
 */
function firstOfStart(start: number, now: number, zone: string, hours: WorkingHours, startMinutes: number): number {
  const shown = zonedParts(start, zone);
  const earlier = start - 60 * MINUTE;
  const before = zonedParts(earlier, zone);
  if (earlier > now && before.minutes === startMinutes && before.weekday === shown.weekday) return earlier;
  if (shown.minutes === startMinutes % (24 * 60)) return start;
  let first = start;
  for (let step = 0; step < 120 && first - MINUTE > now && isWithinWorkingHours(first - MINUTE, zone, hours); step++) first -= MINUTE;
  return first;
}
