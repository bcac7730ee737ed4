import { useMemo, useState } from 'react';
import { formatDay } from '../../../shared/time';
import { useMembers } from '../../shared/useMembers';
import { localTimeOf } from '../people';
import { CHECK_INS_VIEW } from '../checkins';
import { useWorkspace } from '../../shared/workspace';
import { useNow } from '../../shared/when';
import { ChangesDialog } from './ChangesDialog';
import { activities, peopleOf, updateCount, type Activity } from './describe';
import { useInbox, type InboxEntry } from './useInbox';
import './inbox.css';

/** The view's id where a page id would be: the sidebar opens it like a page, and a reload lands on it. */
export const INBOX_VIEW = 'inbox';

type Grouping = 'page' | 'person';

/**
 * "Since you were last here": what others did on each page and in the check-ins since this person
 * last marked it seen, worked out on this device from the docs it holds (shared/inbox), so it is
 * there offline and right after a sync. Grouped by page or by person; each page, or all, marked
 * seen (which reaches the person's other devices). Nothing asks to be acted on: it is there to read.
 */
export function InboxView() {
  const { index, inbox, profile, openPage } = useWorkspace();
  const entries = useInbox();
  const members = useMembers(index);
  const [grouping, setGrouping] = useState<Grouping>('page');
  const [showing, setShowing] = useState<InboxEntry | null>(null);
  const name = (id: string) => (id === '' ? 'Someone' : id === profile.memberId ? 'You' : (members.get(id)?.name ?? 'A former member'));
  const color = (id: string) => members.get(id)?.color ?? '#64748b';
  const open = (entry: InboxEntry) => openPage(entry.page ? entry.page.id : CHECK_INS_VIEW);
  const said = useMemo(
    () => new Map(entries.map((entry) => [entry.news.docId, activities(entry.news, (id) => (id === '' ? 'someone' : (members.get(id)?.name ?? 'a former member')), profile.memberId, formatDay)])),
    [entries, members, profile.memberId],
  );
  const people = peopleOf(entries.map((entry) => entry.news));
  return (
    <section className="page inbox" aria-label="Catch up">
      <header className="inbox-head">
        <div>
          <h1>Since you were last here</h1>
          <p className="muted">
            {entries.length === 0
              ? inbox.isReady()
                ? 'Nothing new from your team.'
                : ''
              : `${entries.length.toLocaleString('en')} ${entries.length === 1 ? 'page' : 'pages'} changed, by ${listNames(people.map(name))}.`}
          </p>
        </div>
        {entries.length > 0 && (
          <div className="inbox-tools">
            <div role="group" aria-label="Group by" className="segmented">
              {(['page', 'person'] as const).map((choice) => (
                <button key={choice} type="button" aria-pressed={grouping === choice} onClick={() => setGrouping(choice)}>
                  {choice === 'page' ? 'By page' : 'By person'}
                </button>
              ))}
            </div>
            <button type="button" onClick={() => inbox.markSeen(entries.map((entry) => entry.news.docId))}>
              Mark all seen
            </button>
          </div>
        )}
      </header>
      {entries.length === 0 && !inbox.isReady() ? (
        <p className="muted" role="status">
          Reading what changed…
        </p>
      ) : entries.length === 0 ? (
        <div className="inbox-empty" role="status">
          <p>You’re all caught up.</p>
          <p className="muted small">When teammates write, comment, change tasks, hand work over or check in, it is listed here — worked out on this device, so it is here offline too.</p>
        </div>
      ) : grouping === 'page' ? (
        <ul className="inbox-list" aria-label="Changed pages">
          {entries.map((entry) => (
            <PageCard
              key={entry.news.docId}
              entry={entry}
              said={said.get(entry.news.docId) ?? []}
              name={name}
              color={color}
              onOpen={() => open(entry)}
              onShowChanges={() => setShowing(entry)}
              onSeen={() => inbox.markSeen([entry.news.docId])}
            />
          ))}
        </ul>
      ) : (
        <div className="inbox-people">
          {people.map((person) => (
            <PersonGroup key={person} person={person} entries={entries} said={said} name={name} color={color} onOpen={open} />
          ))}
        </div>
      )}
      {showing && (
        <ChangesDialog
          docId={showing.news.docId}
          title={showing.title}
          removed={showing.news.text?.removed ?? 0}
          name={name}
          color={color}
          onOpenPage={() => {
            setShowing(null);
            open(showing);
          }}
          onClose={() => setShowing(null)}
        />
      )}
    </section>
  );
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? 'someone';
  if (names.length > 3) return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function Avatar({ id, name, color }: { id: string; name: string; color: string }) {
  return (
    // The initial is drawn by CSS, so the line's text is what a reader hears: "Aiko added 40 characters".
    <span className="inbox-avatar" style={{ background: color }} aria-hidden="true" data-member={id} data-initial={name.slice(0, 1).toUpperCase()} />
  );
}

interface CardProps {
  entry: InboxEntry;
  said: Activity[];
  name(id: string): string;
  color(id: string): string;
  onOpen(): void;
  onShowChanges(): void;
  onSeen(): void;
}

function PageCard({ entry, said, name, color, onOpen, onShowChanges, onSeen }: CardProps) {
  const { news, title } = entry;
  const count = updateCount(news);
  const hasText = !!news.text && Object.keys(news.text.added).length > 0;
  return (
    <li>
      <article className="inbox-card" aria-label={title}>
        <header>
          <button type="button" className="link inbox-title" onClick={onOpen} aria-label={`Open ${title}`}>
            {title}
          </button>
          <span className="muted small">
            {count.toLocaleString('en')} {count === 1 ? 'update' : 'updates'}
            {news.at > 0 && ` · latest ${new Date(news.at).toLocaleString('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit' })}`}
          </span>
        </header>
        <ul className="inbox-lines">
          {said.map((activity, at) => (
            <li key={at}>
              <Avatar id={activity.by} name={name(activity.by)} color={color(activity.by)} />
              <span>{activity.by === '' ? capitalise(activity.what) : `${name(activity.by)} ${activity.what}`}</span>
            </li>
          ))}
        </ul>
        <footer className="inbox-actions">
          {hasText && (
            <button type="button" onClick={onShowChanges} aria-label={`Show changes to ${title}`}>
              Show changes
            </button>
          )}
          <button type="button" className="ghost" onClick={onSeen} aria-label={`Mark seen: ${title}`}>
            Mark seen
          </button>
        </footer>
      </article>
    </li>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function PersonGroup({ person, entries, said, name, color, onOpen }: { person: string; entries: InboxEntry[]; said: Map<string, Activity[]>; name(id: string): string; color(id: string): string; onOpen(entry: InboxEntry): void }) {
  const { index } = useWorkspace();
  const members = useMembers(index);
  const now = useNow();
  const member = members.get(person);
  const rows = entries.flatMap((entry) => {
    const what = (said.get(entry.news.docId) ?? []).filter((activity) => activity.by === person).map((activity) => activity.what);
    return what.length > 0 ? [{ entry, what }] : [];
  });
  return (
    <section className="inbox-person" aria-label={name(person)}>
      <h2>
        <Avatar id={person} name={name(person)} color={color(person)} />
        {name(person)}
        {member && <span className="muted small"> · {localTimeOf(member, now)}</span>}
      </h2>
      <ul className="inbox-lines">
        {rows.map(({ entry, what }) => (
          <li key={entry.news.docId}>
            <span>
              <button type="button" className="link inbox-page-link" onClick={() => onOpen(entry)} aria-label={`Open ${entry.title}`}>
                {entry.title}
              </button>
              : {what.join('; ')}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
