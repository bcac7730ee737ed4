import { useMemo } from 'react';
import { listMembers } from '../../../shared/model';
import { listUrgent, urgentLogDocId, urgentTally } from '../../../shared/model/urgentLog';
import { formatWeekdayTime } from '../../../shared/time';
import { useMinute } from '../../shared/minuteClock';
import { useOpenDocs } from '../../shared/useOpenDocs';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';

/**
 * Urgent pings this month: who used urgent (which reaches someone at once, outside their hours), for
 * whom, when and where, from this month's log (shared/model/urgentLog.ts), open while shown.
 */
export function UrgentLog() {
  const { index, profile, openPage } = useWorkspace();
  const now = useMinute();
  const { handles, version } = useOpenDocs(urgentLogDocId(now));
  const members = useDocValue(index, listMembers);
  // `version` stands for the doc's content.
  const log = useMemo(() => handles.flatMap((handle) => listUrgent(handle.doc)), [handles, version]);
  const name = (id: string) => `${members.find((member) => member.id === id)?.name ?? 'Someone'}${id === profile.memberId ? ' (you)' : ''}`;
  const tally = urgentTally(log)
    .map(({ by, to, count }) => `${name(by)} for ${name(to)} (${count})`)
    .join(', ');
  return (
    <section className="team-urgent" aria-label="Urgent pings this month">
      <h2>Urgent pings this month</h2>
      {log.length === 0 ? (
        <p className="muted small">None. An urgent message reaches someone at once, even outside their hours; each one is listed here for everyone.</p>
      ) : (
        <>
          <p className="small">
            {log.length} this month: {tally}.
          </p>
          <ul aria-label="Urgent pings">
            {log.map((entry) => (
              <li key={entry.id}>
                <strong>{name(entry.by)}</strong> used urgent for <strong>{name(entry.to)}</strong> in{' '}
                <button type="button" className="link" onClick={() => openPage(entry.pageId)}>
                  {entry.title || 'Untitled'}
                </button>
                <time className="muted" dateTime={new Date(entry.at).toISOString()}>
                  {formatWeekdayTime(entry.at, profile.timezone)}
                </time>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
