import type { WorkingHours } from '../model/schema';
import { zonedParts } from './zones';

/** Whether `instant` falls inside someone's working hours in their own timezone. */
export function isWithinWorkingHours(instant: number, zone: string, hours: WorkingHours): boolean {
  const { weekday, minutes } = zonedParts(instant, zone);
  if (hours.start <= hours.end) return hours.days.includes(weekday) && minutes >= hours.start && minutes < hours.end;
  // A shift that crosses midnight (e.g. 22:00–06:00) belongs to the day it
  // starts: Saturday 03:00 is part of Friday night's shift, Monday 03:00 is not.
  if (minutes >= hours.start) return hours.days.includes(weekday);
  if (minutes < hours.end) return hours.days.includes(weekday === 1 ? 7 : weekday - 1);
  return false;
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
