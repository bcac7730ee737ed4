import { useId, useMemo, useState } from 'react';
import { MEMBER_COLORS, type TimeOff } from '../../../shared/model';
import { formatMinutes, parseMinutes } from '../../../shared/time';
import type { Profile } from '../../shared/device';
import { DayHoursFields } from './DayHoursFields';

// Said by screen readers and shown on hover: two people should not have to compare hex codes.
const COLOR_NAMES: Record<(typeof MEMBER_COLORS)[number], string> = {
  '#2563eb': 'Blue',
  '#db2777': 'Pink',
  '#059669': 'Green',
  '#d97706': 'Amber',
  '#7c3aed': 'Violet',
  '#dc2626': 'Red',
  '#0891b2': 'Teal',
  '#4d7c0f': 'Olive',
};

function timezones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
}

/** Name, colour, timezone, working days and hours, and time off: the fields a teammate sees of you. */
export function ProfileFields({ profile, onChange, autoFocus }: { profile: Profile; onChange(profile: Profile): void; autoFocus?: boolean }) {
  const id = useId();
  const zones = useMemo(() => timezones(profile.timezone), [profile.timezone]);
  const setDay = (day: number, on: boolean) => {
    const days = on ? [...new Set([...profile.workingHours.days, day])].sort((a, b) => a - b) : profile.workingHours.days.filter((other) => other !== day);
    onChange({ ...profile, workingHours: { ...profile.workingHours, days } });
  };
  const setHours = (key: 'start' | 'end', text: string) => {
    const minutes = parseMinutes(text);
    if (minutes !== null) onChange({ ...profile, workingHours: { ...profile.workingHours, [key]: minutes } });
  };
  return (
    <div className="profile-fields">
      <label className="field">
        Your name
        <input value={profile.name} onChange={(event) => onChange({ ...profile, name: event.target.value })} autoFocus={autoFocus} autoComplete="name" />
      </label>
      <fieldset className="colors">
        <legend>Colour</legend>
        {MEMBER_COLORS.map((color) => (
          <label key={color} className="swatch" style={{ background: color }} title={COLOR_NAMES[color]}>
            <input type="radio" name={`${id}-color`} aria-label={COLOR_NAMES[color]} checked={profile.color === color} onChange={() => onChange({ ...profile, color })} />
            {profile.color === color && (
              <svg className="swatch-check" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
                <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="white" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            )}
          </label>
        ))}
      </fieldset>
      <label className="field">
        Timezone
        <select value={profile.timezone} onChange={(event) => onChange({ ...profile, timezone: event.target.value })}>
          {zones.map((zone) => (
            <option key={zone}>{zone}</option>
          ))}
        </select>
      </label>
      <fieldset className="weekdays">
        <legend>Working days</legend>
        {WEEKDAYS.map((day, index) => (
          <label key={day} className="weekday" title={day}>
            <input type="checkbox" aria-label={day} checked={profile.workingHours.days.includes(index + 1)} onChange={(event) => setDay(index + 1, event.target.checked)} />
            {day.slice(0, 2)}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <label className="field">
          Working hours start
          <input type="time" value={formatMinutes(profile.workingHours.start)} onChange={(event) => setHours('start', event.target.value)} />
        </label>
        <label className="field">
          Working hours end
          <input type="time" value={formatMinutes(profile.workingHours.end % (24 * 60))} onChange={(event) => setHours('end', event.target.value)} />
        </label>
      </div>
      <DayHoursFields hours={profile.workingHours} weekdays={WEEKDAYS} onChange={(workingHours) => onChange({ ...profile, workingHours })} />
      <TimeOffFields timeOff={profile.timeOff ?? []} onChange={(timeOff) => onChange({ ...profile, timeOff })} />
    </div>
  );
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "12 Jun 2026", or "12–14 Jun 2026" for a range. */
function formatRange({ start, end }: TimeOff): string {
  const format = (day: string, parts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', ...parts }).format(new Date(`${day}T12:00:00Z`));
  if (start === end) return format(start, { day: 'numeric', month: 'short', year: 'numeric' });
  return `${format(start, { day: 'numeric', month: 'short' })} – ${format(end, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

/** Days away: nothing waiting for you (mentions, handoffs) arrives then, and teammates see when you are back. */
function TimeOffFields({ timeOff, onChange }: { timeOff: TimeOff[]; onChange(timeOff: TimeOff[]): void }) {
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const valid = start !== '' && (end === '' || end >= start);
  const add = () => {
    if (!valid) return;
    const range = { start, end: end || start };
    onChange([...timeOff.filter((other) => other.start !== range.start || other.end !== range.end), range].sort((a, b) => a.start.localeCompare(b.start)));
    setStart('');
    setEnd('');
  };
  return (
    <fieldset className="time-off">
      <legend>Time off</legend>
      {timeOff.length > 0 && (
        <ul aria-label="Your time off">
          {timeOff.map((range) => (
            <li key={`${range.start}/${range.end}`}>
              {formatRange(range)}
              <button type="button" className="link" aria-label={`Remove time off ${formatRange(range)}`} onClick={() => onChange(timeOff.filter((other) => other !== range))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <label className="field">
          First day off
          <input type="date" value={start} onChange={(event) => setStart(event.target.value)} />
        </label>
        <label className="field">
          Last day off
          <input type="date" value={end} min={start || undefined} onChange={(event) => setEnd(event.target.value)} />
        </label>
        <button type="button" onClick={add} disabled={!valid}>
          Add time off
        </button>
      </div>
      {end !== '' && start !== '' && end < start && <p className="error small">The last day off comes after the first.</p>}
    </fieldset>
  );
}
