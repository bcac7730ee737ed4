import type { Member } from '../../../shared/model';
import { formatClock, formatDay, formatSpan, isAvailable, nextAvailable, placeOf, startOfDayIn, timeOffAt } from '../../../shared/time';

/** The view's id where a page id would be: the sidebar opens it like a page, and a reload lands on it. */
export const TEAM_VIEW = 'team';

/** Half hours: a day in someone's time is 48 of them (an offset of +05:30 or +12:45 still lands within one). */
export const SLOTS = 48;
const SLOT_MS = 30 * 60_000;

export interface TeamRow {
  member: Member;
  /** Their own time now, e.g. "14:05 in Tokyo". */
  localTime: string;
  atWork: boolean;
  /** Their device has the workspace open and is connected now (not the same as being at work). */
  online: boolean;
  /** "At work", "Next at work in 5 h (14:00 your time)", "Away until Wed 10 Jun; …", "No working hours set". */
  status: string;
  /** For each half hour of my day, in my time: whether they are at work then. */
  slots: boolean[];
  /** When they are next at work, or null (at work now, or never). */
  next: number | null;
}

/** "14:05 in Tokyo": someone's own time, wherever their name is shown. */
export function localTimeOf(member: Pick<Member, 'timezone'>, now: number): string {
  return `${formatClock(now, member.timezone)} in ${placeOf(member.timezone)}`;
}

/** Everyone's day laid over mine (`myZone`), who is at work now, who is online (`online`), and when the others next are. */
export function teamDay(members: readonly Member[], myZone: string, now: number, online: ReadonlySet<string> = new Set()): { rows: TeamRow[]; dayStart: number; nowSlot: number } {
  const dayStart = startOfDayIn(myZone, now);
  const rows = members.map((member): TeamRow => {
    const atWork = isAvailable(now, member);
    const next = atWork ? null : nextAvailable(now, member);
    const away = timeOffAt(now, member);
    const back = next === null ? '' : `in ${formatSpan(next - now)} (${formatClock(next, myZone)} your time)`;
    const status = atWork ? 'At work' : away ? `Away until ${formatDay(away.end)}${back && `; back ${back}`}` : next !== null ? `Next at work ${back}` : 'No working hours set';
    const slots = Array.from({ length: SLOTS }, (_, slot) => isAvailable(dayStart + slot * SLOT_MS + SLOT_MS / 2, member));
    return { member, localTime: localTimeOf(member, now), atWork, online: online.has(member.id), status, slots, next };
  });
  // At work first, then by who is next.
  rows.sort((a, b) => Number(b.atWork) - Number(a.atWork) || (a.next ?? Infinity) - (b.next ?? Infinity) || a.member.name.localeCompare(b.member.name));
  return { rows, dayStart, nowSlot: Math.min(SLOTS - 1, Math.max(0, Math.floor((now - dayStart) / SLOT_MS))) };
}

/** Who is at work now, who is online, and who is next and when: the line above the strip. */
export function teamSummary(rows: readonly TeamRow[], me: string, now: number): string {
  const others = rows.filter((row) => row.member.id !== me);
  const on = others.filter((row) => row.atWork).map((row) => row.member.name);
  const next = others.find((row) => !row.atWork && row.next !== null);
  const nextText = next ? ` Next: ${next.member.name}, in ${formatSpan(next.next! - now)}.` : '';
  const online = others.filter((row) => row.online).map((row) => row.member.name);
  const onlineText = online.length > 0 ? ` Online now: ${online.join(', ')}.` : '';
  return (on.length === 0 ? 'Nobody else is at work right now.' : `At work now: ${on.join(', ')}.`) + onlineText + nextText;
}
