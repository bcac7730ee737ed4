/**
 * Calendar days as `YYYY-MM-DD`, for the task calendar. A due or start date is a day on the
 * calendar, not an instant, so this is plain date arithmetic (in UTC, where every day has 24 hours);
 * when a day ends is the owner's working day, which due.ts computes in their timezone.
 */
const DAY_MS = 86_400_000;

const toTime = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const fromTime = (time: number) => new Date(time).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return fromTime(toTime(day) + days * DAY_MS);
}

/** The Monday of `day`'s week (weeks start on Monday, as ISO 8601 has them). */
export function weekStart(day: string): string {
  const weekday = new Date(toTime(day)).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The seven days of `day`'s week. */
export function weekOf(day: string): string[] {
  const monday = weekStart(day);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Whole weeks, Monday first, that cover `day`'s month: 4 to 6 rows of 7. */
export function monthGrid(day: string): string[][] {
  const first = `${day.slice(0, 7)}-01`;
  const next = addMonths(first, 1);
  const weeks: string[][] = [];
  for (let monday = weekStart(first); monday < next; monday = addDays(monday, 7)) weeks.push(weekOf(monday));
  return weeks;
}

/** The first of the month `months` away from `day`'s. */
export function addMonths(day: string, months: number): string {
  const date = new Date(toTime(day));
  return fromTime(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
}

/** Today's date where `timezone` is. */
export function todayIn(timezone: string, now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The days from `first` to `last` (inclusive) each item is on: from its start date (or its due date
 * when it has none, or a start after its due) to its due date. Items without a due date are on none.
 */
export function itemsByDay<T extends { startDate: string | null; dueDate: string | null }>(items: readonly T[], first: string, last: string): Map<string, T[]> {
  const days = new Map<string, T[]>();
  for (const item of items) {
    if (!item.dueDate) continue;
    const start = item.startDate && item.startDate <= item.dueDate ? item.startDate : item.dueDate;
    for (let day = start < first ? first : start; day <= item.dueDate && day <= last; day = addDays(day, 1)) {
      const list = days.get(day);
      if (list) list.push(item);
      else days.set(day, [item]);
    }
  }
  return days;
}

/** "Tue 1 Dec" for a calendar day 'YYYY-MM-DD' (the day itself, whatever the reader's timezone). */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(`${day}T12:00:00Z`));
}
