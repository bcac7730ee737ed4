import type { DayHours, WorkingHours } from '../model/schema';
import { zonedParts } from './zones';

/** The hours of an ISO weekday (1 = Monday), in the person's own time: its own if it has some, else start–end; null when not a working day. */
export function hoursOn(hours: WorkingHours, weekday: number): DayHours | null {
  if (!hours.days.includes(weekday)) return null;
  return hours.perDay?.[String(weekday)] ?? { start: hours.start, end: hours.end };
}

/** Whether some working day has hours of its own that differ from start–end. */
export function hasOwnDayHours(hours: WorkingHours): boolean {
  return hours.days.some((day) => {
    const own = hoursOn(hours, day)!;
    return own.start !== hours.start || own.end !== hours.end;
  });
}

/** Minutes a day's hours last: an end before the start runs past midnight; an end equal to it, none. */
export function dayLength({ start, end }: DayHours): number {
  return end > start ? end - start : end < start ? end + 24 * 60 - start : 0;
}

const previousWeekday = (weekday: number) => (weekday === 1 ? 7 : weekday - 1);

/** Whether `instant` falls inside someone's working hours in their own timezone. */
export function isWithinWorkingHours(instant: number, zone: string, hours: WorkingHours): boolean {
  const { weekday, minutes } = zonedParts(instant, zone);
  const today = hoursOn(hours, weekday);
  if (today && minutes >= today.start && (today.end < today.start || minutes < today.end)) return true;
  // A shift that crosses midnight (e.g. 22:00–06:00) belongs to the day it
  // starts: Saturday 03:00 is part of Friday night's shift, Monday 03:00 is not.
  const yesterday = hoursOn(hours, previousWeekday(weekday));
  return yesterday !== null && yesterday.end < yesterday.start && minutes < yesterday.end;
}

/** "09:30" from minutes since midnight. */
export function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Minutes since midnight from "09:30"; null when it is not a time of day. */
export function parseMinutes(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}
