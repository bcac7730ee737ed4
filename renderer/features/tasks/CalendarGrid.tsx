import { useMemo, useState } from 'react';
import { addDays, addMonths, itemsByDay, monthGrid, todayIn, weekOf } from '../../../shared/time';
import { useNow } from '../../shared/when';
import { useWorkspace } from '../../shared/workspace';

type Span = 'month' | 'week';
/** Tasks a day of the month shows before "+ N more" (the week shows them all). */
const PER_DAY = 3;

const asDate = (day: string) => new Date(`${day}T12:00:00Z`);
// A month's grid formats ~130 labels a render; each kind of formatter is made once.
const formatters = new Map<string, Intl.DateTimeFormat>();
const format = (day: string, options: Intl.DateTimeFormatOptions) => {
  const key = JSON.stringify(options);
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' })));
  return formatter.format(asDate(day));
};

/** What a calendar shows of a task: when it runs, and its status (done ones are struck through). */
export interface CalendarItem {
  id: string;
  title: string;
  status: string;
  startDate: string | null;
  dueDate: string | null;
  /** Said after the title to a screen reader and on hover: the task's list, on a calendar of several. */
  context?: string;
}

/**
 * Tasks on a calendar, a month or a week: each on the days from its start to its due date (calendar
 * days, as tasks store them; the list and the task's dialog say when in each person's time). Today
 * is today where the reader is. `label` names the calendar; `onOpen` opens a task.
 */
export function CalendarGrid<T extends CalendarItem>({ items, label, onOpen }: { items: readonly T[]; label: string; onOpen(item: T): void }) {
  const { profile } = useWorkspace();
  const today = todayIn(profile.timezone, useNow());
  const [span, setSpan] = useState<Span>('month');
  const [shown, setShown] = useState(today);
  const weeks = useMemo(() => (span === 'month' ? monthGrid(shown) : [weekOf(shown)]), [span, shown]);
  const first = weeks[0]![0]!;
  const last = weeks.at(-1)!.at(-1)!;
  const byDay = useMemo(() => itemsByDay(items, first, last), [items, first, last]);
  const undated = items.filter((item) => !item.dueDate).length;
  const title = span === 'month' ? format(shown, { month: 'long', year: 'numeric' }) : `${format(first, { day: 'numeric', month: 'short' })} – ${format(last, { day: 'numeric', month: 'short', year: 'numeric' })}`;
  const step = (direction: 1 | -1) => setShown((day) => (span === 'month' ? addMonths(day, direction) : addDays(day, 7 * direction)));

  const taskButton = (item: T) => (
    <li key={item.id}>
      <button type="button" className={`calendar-task status-${item.status}`} title={item.context ? `${item.title} · ${item.context}` : undefined} aria-description={item.context} onClick={() => onOpen(item)}>
        {item.title}
      </button>
    </li>
  );

  return (
    <section className="calendar" aria-label={label}>
      <div className="calendar-bar">
        <h3 className="calendar-title">{title}</h3>
        <button type="button" className="ghost" aria-label={span === 'month' ? 'Previous month' : 'Previous week'} onClick={() => step(-1)}>
          ‹
        </button>
        <button type="button" onClick={() => setShown(today)}>
          Today
        </button>
        <button type="button" className="ghost" aria-label={span === 'month' ? 'Next month' : 'Next week'} onClick={() => step(1)}>
          ›
        </button>
        <span className="calendar-spans" role="group" aria-label="Show">
          {(['month', 'week'] as const).map((value) => (
            <button key={value} type="button" aria-pressed={span === value} onClick={() => setSpan(value)}>
              {value === 'month' ? 'Month' : 'Week'}
            </button>
          ))}
        </span>
      </div>
      <table className={`calendar-grid ${span}`} aria-label={title}>
        <thead>
          <tr>
            {weeks[0]!.map((day) => (
              <th key={day} scope="col" abbr={format(day, { weekday: 'long' })}>
                {format(day, { weekday: 'short' })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((day) => {
                const onDay = byDay.get(day) ?? [];
                const outside = span === 'month' && day.slice(0, 7) !== shown.slice(0, 7);
                const visible = span === 'month' ? onDay.slice(0, PER_DAY) : onDay;
                return (
                  <td key={day} className={`${outside ? 'outside' : ''}${day === today ? ' today' : ''}`} aria-label={format(day, { weekday: 'long', day: 'numeric', month: 'long' })} aria-current={day === today ? 'date' : undefined}>
                    <span className="calendar-day" aria-hidden="true">
                      {format(day, { day: 'numeric' })}
                    </span>
                    {onDay.length > 0 && (
                      <ul className="calendar-tasks">
                        {visible.map(taskButton)}
                        {onDay.length > visible.length && (
                          <li>
                            <button
                              type="button"
                              className="link calendar-more"
                              onClick={() => {
                                setShown(day);
                                setSpan('week');
                              }}
                            >
                              + {onDay.length - visible.length} more
                            </button>
                          </li>
                        )}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {undated > 0 && (
        <p className="muted small">
          {undated} {undated === 1 ? 'task has' : 'tasks have'} no due date and {undated === 1 ? 'is' : 'are'} not on the calendar.
        </p>
      )}
    </section>
  );
}
