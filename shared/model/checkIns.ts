/**
 * Check-ins instead of stand-ups: a few questions (by default what got done, what is next, what
 * blocks you), asked of each member at their own local time on their working days, answered when it
 * suits them, and read by everyone in a feed.
 *
 * index doc, settings.checkIns: { questions: [{ id, text, kind }], days: [ISO weekdays], at: minutes | 'end' }
 *   (small and rarely changed: the schedule, never the answers)
 * doc `checkins-<YYYYMM>` (the month of the day answered for): answers: Y.Map<`<member>:<day>`, CheckIn>
 *   one answer per member per day (their own calendar day); answering again replaces it. A month's doc
 *   is loaded only while someone reads or answers that month, so years of check-ins never weigh on
 *   the always-loaded index doc.
 */
import type * as Y from 'yjs';
import { isAvailable, startOfDayIn, timeOffAt, type Reachable } from '../time/availability';
import { todayIn } from '../time/calendar';
import { hoursOn } from '../time/hours';
import { zonedParts } from '../time/zones';
import { ModelError } from './errors';
import { Origin } from './origins';
import { IndexKey } from './schema';
import { write } from './workspace';

export type CheckInKind = 'done' | 'next' | 'blocked' | 'other';

export interface CheckInQuestion {
  id: string;
  text: string;
  /** What the answer means: a "blocked" answer can become a task for someone who can help. */
  kind: CheckInKind;
}

export interface CheckInSchedule {
  questions: CheckInQuestion[];
  /** ISO weekdays it is asked on (each member's own weekdays, and only their working days among them). */
  days: number[];
  /** Local time it is asked at, in minutes since midnight; 'end': an hour before each member's day ends. */
  at: number | 'end';
}

export const DEFAULT_CHECK_INS: CheckInSchedule = {
  questions: [
    { id: 'done', text: 'What did you get done?', kind: 'done' },
    { id: 'next', text: 'What will you do next?', kind: 'next' },
    { id: 'blocked', text: 'Is anything blocking you?', kind: 'blocked' },
  ],
  days: [1, 2, 3, 4, 5],
  at: 'end',
};

export interface CheckIn {
  id: string;
  member: string;
  /** The member's own calendar day it answers for ('YYYY-MM-DD'). */
  day: string;
  at: number;
  answers: { question: string; text: string }[];
}

const MAX_ANSWER = 2_000;
const MAX_QUESTIONS = 8;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isSchedule(value: unknown): value is CheckInSchedule {
  const schedule = value as CheckInSchedule;
  return (
    typeof schedule === 'object' &&
    schedule !== null &&
    Array.isArray(schedule.questions) &&
    schedule.questions.length > 0 &&
    schedule.questions.every((question) => typeof question?.id === 'string' && typeof question.text === 'string' && ['done', 'next', 'blocked', 'other'].includes(question.kind)) &&
    Array.isArray(schedule.days) &&
    schedule.days.every((day) => Number.isInteger(day) && day >= 1 && day <= 7) &&
    (schedule.at === 'end' || (Number.isInteger(schedule.at) && schedule.at >= 0 && schedule.at < 24 * 60))
  );
}

export function getCheckInSchedule(index: Y.Doc): CheckInSchedule {
  const stored = index.getMap<unknown>(IndexKey.settings).get('checkIns');
  return isSchedule(stored) ? stored : DEFAULT_CHECK_INS;
}

export function setCheckInSchedule(index: Y.Doc, schedule: CheckInSchedule): void {
  const questions = schedule.questions.map((question) => ({ ...question, text: question.text.trim() })).filter((question) => question.text);
  const clean = { ...schedule, questions };
  if (!isSchedule(clean)) throw new ModelError('invalid-input', 'A check-in needs at least one question, weekdays, and a time of day.');
  if (questions.length > MAX_QUESTIONS) throw new ModelError('invalid-input', `A check-in asks at most ${MAX_QUESTIONS} questions.`);
  write(index, Origin.local, () => index.getMap<unknown>(IndexKey.settings).set('checkIns', clean));
}

/** The doc holding the check-ins answered for `day`'s month. */
export function checkInDocId(day: string): string {
  if (!DAY.test(day)) throw new ModelError('invalid-input', `Not a day: ${day}`);
  return `checkins-${day.slice(0, 4)}${day.slice(5, 7)}`;
}

const answersMap = (doc: Y.Doc) => doc.getMap<unknown>('answers');

/** Records (or replaces) `member`'s check-in for `day`; blank answers are left out, and one with none is refused. */
export function answerCheckIn(doc: Y.Doc, input: { member: string; day: string; answers: { question: string; text: string }[] }, now = Date.now()): string {
  if (!DAY.test(input.day)) throw new ModelError('invalid-input', `Not a day: ${input.day}`);
  const answers = input.answers.map((answer) => ({ question: answer.question, text: answer.text.trim() })).filter((answer) => answer.text);
  if (answers.length === 0) throw new ModelError('invalid-input', 'Answer at least one question to check in.');
  const long = answers.find((answer) => answer.text.length > MAX_ANSWER);
  if (long) throw new ModelError('invalid-input', `An answer holds up to ${MAX_ANSWER.toLocaleString('en')} characters; shorten it to check in.`);
  const id = `${input.member}:${input.day}`;
  write(doc, Origin.local, () => answersMap(doc).set(id, { id, member: input.member, day: input.day, at: now, answers }));
  return id;
}

function readCheckIn(value: unknown): CheckIn | null {
  const record = value as Partial<CheckIn> | null;
  if (!record || typeof record !== 'object' || typeof record.id !== 'string' || typeof record.member !== 'string' || typeof record.day !== 'string' || typeof record.at !== 'number' || !Array.isArray(record.answers)) return null;
  const answers = record.answers.filter((answer): answer is { question: string; text: string } => typeof answer?.question === 'string' && typeof answer.text === 'string');
  return { id: record.id, member: record.member, day: record.day, at: record.at, answers };
}

/** Every check-in in the doc, newest first. */
export function listCheckIns(doc: Y.Doc): CheckIn[] {
  return [...answersMap(doc).values()]
    .map(readCheckIn)
    .filter((checkIn): checkIn is CheckIn => checkIn !== null)
    .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
}

/** When `member` is asked today, in their own time (null: not a check-in day for them). */
export function checkInTimeToday(now: number, member: Reachable, schedule: CheckInSchedule): number | null {
  const { weekday } = zonedParts(now, member.timezone);
  // That weekday's own hours: someone who stops at 13:00 on Fridays is asked at 12:00 then.
  const hours = hoursOn(member.workingHours, weekday);
  if (!schedule.days.includes(weekday) || !hours || timeOffAt(now, member)) return null;
  const minutes = schedule.at === 'end' ? Math.max(hours.start, hours.end - 60) : schedule.at;
  return startOfDayIn(member.timezone, now) + minutes * 60_000;
}

/**
 * Whether to prompt `member` now: it is a check-in day of theirs, its time has come in their own
 * timezone, they are at work (never outside their hours), and they have not answered for today.
 */
export function isCheckInDue(now: number, member: Reachable, schedule: CheckInSchedule, answeredDays: ReadonlySet<string>): boolean {
  const at = checkInTimeToday(now, member, schedule);
  return at !== null && now >= at && isAvailable(now, member) && !answeredDays.has(todayIn(member.timezone, now));
}

/** Check-ins grouped by the day they were written on in the reader's timezone, newest day first. */
export function checkInsByDay(checkIns: readonly CheckIn[], readerZone: string): { day: string; checkIns: CheckIn[] }[] {
  const days = new Map<string, CheckIn[]>();
  for (const checkIn of [...checkIns].sort((a, b) => b.at - a.at)) {
    const day = todayIn(readerZone, checkIn.at);
    days.set(day, [...(days.get(day) ?? []), checkIn]);
  }
  return [...days].map(([day, list]) => ({ day, checkIns: list }));
}

/** What a check-in says blocks its author, if anything. */
export function blockedText(checkIn: CheckIn, schedule: CheckInSchedule): string | null {
  const blocked = new Set(schedule.questions.filter((question) => question.kind === 'blocked').map((question) => question.id));
  const answer = checkIn.answers.find((each) => blocked.has(each.question));
  if (!answer || /^(no|nope|none|nothing|n\/a|-)\.?$/i.test(answer.text)) return null;
  return answer.text;
}
