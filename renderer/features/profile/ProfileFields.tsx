import { useId, useMemo } from 'react';
import { MEMBER_COLORS } from '../../../shared/model';
import { formatMinutes, parseMinutes } from '../../../shared/time';
import type { Profile } from '../../shared/device';

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

/** Name, colour, timezone and working hours: the fields a teammate sees of you. */
export function ProfileFields({ profile, onChange, autoFocus }: { profile: Profile; onChange(profile: Profile): void; autoFocus?: boolean }) {
  const id = useId();
  const zones = useMemo(() => timezones(profile.timezone), [profile.timezone]);
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
    </div>
  );
}
