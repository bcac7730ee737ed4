import { useState } from 'react';
import type { WorkingHours } from '../../../shared/model';
import { formatMinutes, hasOwnDayHours, hoursOn, parseMinutes } from '../../../shared/time';
import './profile.css';

type DayHours = Exclude<NonNullable<WorkingHours['perDay']>[string], undefined>;

/** Hours without `perDay` when no day keeps hours of its own, so plain hours stay as plain as before. */
function withDay(hours: WorkingHours, day: number, own: DayHours | null): WorkingHours {
  const perDay = { ...hours.perDay };
  if (own && (own.start !== hours.start || own.end !== hours.end)) perDay[String(day)] = own;
  else delete perDay[String(day)];
  const { perDay: _old, ...plain } = hours;
  return Object.keys(perDay).length > 0 ? { ...plain, perDay } : plain;
}

/**
 * "Different hours on some days": per working day a start and an end (Friday 09:00–13:00), shown
 * only once asked for, so that someone with the same hours every day never sees fourteen fields.
 */
export function DayHoursFields({ hours, weekdays, onChange }: { hours: WorkingHours; weekdays: readonly string[]; onChange(hours: WorkingHours): void }) {
  const [shown, setShown] = useState(() => hasOwnDayHours(hours));
  const toggle = (on: boolean) => {
    setShown(on);
    if (!on && hours.perDay) {
      const { perDay: _dropped, ...plain } = hours;
      onChange(plain);
    }
  };
  const set = (day: number, key: 'start' | 'end', text: string) => {
    const minutes = parseMinutes(text);
    const current = hoursOn(hours, day);
    if (minutes === null || !current) return;
    onChange(withDay(hours, day, { ...current, [key]: minutes }));
  };
  const days = [...hours.days].sort((a, b) => a - b);
  return (
    <div className="day-hours">
      <label className="day-hours-toggle">
        <input type="checkbox" checked={shown} onChange={(event) => toggle(event.target.checked)} />
        Different hours on some days
      </label>
      {shown && (
        <fieldset>
          <legend>Hours by day</legend>
          {days.length === 0 && <p className="muted small">Tick your working days first.</p>}
          <ul aria-label="Hours by day">
            {days.map((day) => {
              const name = weekdays[day - 1] ?? String(day);
              const own = hoursOn(hours, day)!;
              const differs = own.start !== hours.start || own.end !== hours.end;
              return (
                <li key={day} className={differs ? 'day-hours-day own' : 'day-hours-day'}>
                  <span className="day-hours-name">{name}</span>
                  <input type="time" aria-label={`${name} start`} value={formatMinutes(own.start % (24 * 60))} onChange={(event) => set(day, 'start', event.target.value)} />
                  <span aria-hidden="true">–</span>
                  <input type="time" aria-label={`${name} end`} value={formatMinutes(own.end % (24 * 60))} onChange={(event) => set(day, 'end', event.target.value)} />
                  {differs && (
                    <button type="button" className="link small" aria-label={`${name}: usual hours`} onClick={() => onChange(withDay(hours, day, null))}>
                      Usual hours
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
    </div>
  );
}
