import { useMemo } from 'react';
import { listMembers } from '../../../shared/model';
import { formatMinutes } from '../../../shared/time';
import { labelColors } from '../../shared/contrast';
import { useDocValue } from '../../shared/useYDoc';
import { useNow } from '../../shared/when';
import { useWorkspace } from '../../shared/workspace';
import { SLOTS, teamDay, teamSummary } from './team';
import { UrgentLog } from './UrgentLog';
import { useOnlineMembers } from './usePresence';
import './people.css';

const HOUR_MARKS = [0, 3, 6, 9, 12, 15, 18, 21];

/** "At work 01:00–10:00 and 22:30–24:00 your time", from a day's half hours. */
function describeSlots(slots: readonly boolean[]): string {
  const spans: string[] = [];
  for (let slot = 0; slot < slots.length; slot++) {
    if (!slots[slot] || (slot > 0 && slots[slot - 1])) continue;
    let end = slot;
    while (end < slots.length && slots[end]) end++;
    spans.push(`${formatMinutes(slot * 30)}–${formatMinutes(end * 30)}`);
  }
  return spans.length === 0 ? 'Not at work today, your time' : `At work ${spans.join(' and ')} your time`;
}

/**
 * Who is on now: everyone's working hours laid over my day, in my time, with their own time beside
 * their name, who is at work now and when the others next are, and whose device is online now (a
 * green dot: connected, which is not the same as at work). Computed on this device from the
 * members' timezones, hours and time off in the index doc: it works offline.
 */
export function TeamView() {
  const { index, profile } = useWorkspace();
  const members = useDocValue(index, listMembers);
  const now = useNow();
  const online = useOnlineMembers();
  const { rows, nowSlot } = useMemo(() => teamDay(members, profile.timezone, now, online), [members, profile.timezone, now, online]);
  return (
    <section className="page team" aria-label="Team">
      <h1>Team</h1>
      <p className="team-summary">{teamSummary(rows, profile.memberId, now)}</p>
      <div className="team-strip">
        <div className="team-axis" aria-hidden="true">
          {HOUR_MARKS.map((hour) => (
            <span key={hour} style={{ left: `${(hour / 24) * 100}%` }}>
              {String(hour).padStart(2, '0')}
            </span>
          ))}
        </div>
        <ul aria-label="Who is at work, in your time">
          {rows.map((row) => {
            const { background, text } = labelColors(row.member.color);
            const you = row.member.id === profile.memberId;
            return (
              <li key={row.member.id} className={row.atWork ? 'team-row at-work' : 'team-row'} aria-label={`${row.member.name}${you ? ' (you)' : ''}`}>
                <div className="team-who">
                  <span className="team-avatar" style={{ background, color: text }} aria-hidden="true">
                    {row.member.name.slice(0, 1).toUpperCase()}
                    {row.online && <span className="team-online-dot" title="Online now" />}
                  </span>
                  {row.online && <span className="visually-hidden">online now</span>}
                  <span className="team-name">
                    {row.member.name}
                    {you && <span className="muted"> (you)</span>}
                  </span>
                  <span className="team-local muted">{row.localTime}</span>
                </div>
                <div className="team-bar" role="img" aria-label={describeSlots(row.slots)}>
                  {row.slots.map((on, slot) => (
                    <span key={slot} className={on ? 'on' : undefined} />
                  ))}
                  <span className="team-now" style={{ left: `${((nowSlot + 0.5) / SLOTS) * 100}%` }} />
                </div>
                <span className={row.atWork ? 'team-status on' : 'team-status muted'}>{row.status}</span>
              </li>
            );
          })}
        </ul>
      </div>
      <UrgentLog />
    </section>
  );
}
