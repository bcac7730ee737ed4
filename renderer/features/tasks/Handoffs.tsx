import { useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { acknowledgeHandoff, handBack, handOff, listHandoffs, MAX_NOTE_CHARS, ModelError, waitingHandoff, type Handoff, type HandoffNote, type Member, type Task } from '../../../shared/model';
import { arrivesAt } from '../../../shared/tasks';
import { formatDay, formatWeekdayTime, nextAvailable, placeOf, timeOffAt } from '../../../shared/time';
import { useDocValue } from '../../shared/useYDoc';
import { useNow } from '../../shared/when';
import { useWorkspace } from '../../shared/workspace';
import { useNotifier } from '../../shared/sendNotifications';
import { localTimeOf } from '../people';

const EMPTY_NOTE: HandoffNote = { done: '', next: '', questions: '' };
const STATE_NAMES: Record<Handoff['state'], string> = { waiting: 'waiting', acknowledged: 'acknowledged', returned: 'handed back', withdrawn: 'withdrawn' };

function nameOf(members: Member[], id: string, me: string): string {
  if (id === me) return 'you';
  return members.find((member) => member.id === id)?.name ?? 'Someone';
}

/** "in 45 min", "in 6 h", "in 2 days". */
function inTime(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `in ${hours} h`;
  return `in ${Math.round(hours / 24)} days`;
}

/** "Ben is at work now", or "Ben will see it Mon 09:00 his time (in 2 days)", as the sender reads it. */
export function whenSeen(person: Member | undefined, now: number): string {
  if (!person) return '';
  // Their working hours and their time off: a handoff waits for both.
  const at = nextAvailable(now, person);
  if (at === null) return `${person.name} has no working hours set.`;
  if (at <= now) return `${person.name} is at work now (${formatWeekdayTime(now, person.timezone)} in ${placeOf(person.timezone)}).`;
  const away = timeOffAt(now, person);
  return `${away ? `${person.name} is away until ${formatDay(away.end)}; they` : person.name} will see it ${formatWeekdayTime(at, person.timezone)} their time, ${placeOf(person.timezone)} (${inTime(at - now)}).`;
}

/** A handoff note as one line, for its notification. */
function noteText(note: HandoffNote): string {
  return [note.done && `Done: ${note.done}`, note.next && `Next: ${note.next}`, note.questions && `Open: ${note.questions}`].filter(Boolean).join(' · ');
}

function NoteView({ note }: { note: HandoffNote }) {
  const parts = [
    ['Done', note.done],
    ['Next', note.next],
    ['Open questions', note.questions],
  ].filter(([, text]) => text);
  return (
    <dl className="handoff-note">
      {parts.map(([term, text]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{text}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The waiting handoff of a task, in its row: the recipient answers it, everyone else sees whom it waits for. */
export function HandoffStatus({ doc, task, members }: { doc: Y.Doc; task: Task; members: Member[] }) {
  const { profile, readOnly, notify } = useWorkspace();
  const now = useNow();
  const waiting = useDocValue(doc, (current) => waitingHandoff(current, task.id), [task.id]);
  const [answering, setAnswering] = useState(false);
  if (!waiting) return null;
  const mine = waiting.to === profile.memberId;
  const from = nameOf(members, waiting.from, profile.memberId);
  const to = members.find((member) => member.id === waiting.to);
  const handed = formatWeekdayTime(waiting.at, profile.timezone);
  const arrival = arrivesAt(waiting.at, profile);
  const acknowledge = () => {
    try {
      acknowledgeHandoff(doc, task.id, waiting.id, profile.memberId);
    } catch (error) {
      notify(error instanceof ModelError ? error.message : 'Could not acknowledge the handoff.');
    }
  };
  return (
    <section className={mine ? 'handoff-status for-me' : 'handoff-status'} aria-label={`Handoff of ${task.title}`}>
      <p className="handoff-line">
        {mine ? (
          <>
            <strong>{from}</strong> handed this to you · {handed}
            {arrival > now && <span className="muted"> · for your working day, from {formatWeekdayTime(arrival, profile.timezone)}</span>}
          </>
        ) : (
          <>
            Waiting for <strong>{nameOf(members, waiting.to, profile.memberId)}</strong> to acknowledge · handed by {from} {handed}
            {to && waiting.to !== profile.memberId && <span className="muted"> · {whenSeen(to, now)}</span>}
          </>
        )}
      </p>
      <NoteView note={waiting} />
      {mine && !readOnly && !answering && (
        <div className="handoff-actions">
          <button type="button" className="primary" onClick={acknowledge}>
            Acknowledge
          </button>
          <button type="button" onClick={() => setAnswering(true)}>
            Hand back…
          </button>
        </div>
      )}
      {mine && answering && (
        <HandoffForm
          task={task}
          members={members}
          fixedTo={waiting.from}
          submitLabel="Hand back"
          onCancel={() => setAnswering(false)}
          onSubmit={(_, note) => {
            handBack(doc, task.id, waiting.id, profile.memberId, note);
            setAnswering(false);
          }}
        />
      )}
    </section>
  );
}

interface FormProps {
  task: Task;
  members: Member[];
  /** The recipient when it is not the sender's choice (handing back). */
  fixedTo?: string;
  submitLabel: string;
  onSubmit(to: string, note: HandoffNote): void;
  onCancel(): void;
}

/** Whom to hand the task to and the note: what is done, what comes next, what is still open. */
export function HandoffForm({ task, members, fixedTo, submitLabel, onSubmit, onCancel }: FormProps) {
  const { profile } = useWorkspace();
  const now = useNow();
  const others = members.filter((member) => member.id !== profile.memberId);
  const [to, setTo] = useState(fixedTo ?? others[0]?.id ?? '');
  const [note, setNote] = useState<HandoffNote>(EMPTY_NOTE);
  const [error, setError] = useState<string | null>(null);
  const recipient = members.find((member) => member.id === to);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      onSubmit(to, note);
    } catch (caught) {
      setError(caught instanceof ModelError ? caught.message : 'Could not hand the task off.');
    }
  };
  const field = (key: keyof HandoffNote, label: string, placeholder: string) => (
    <label className="handoff-field">
      <span>{label}</span>
      <textarea rows={2} maxLength={MAX_NOTE_CHARS} placeholder={placeholder} value={note[key]} onChange={(event) => setNote({ ...note, [key]: event.target.value })} />
    </label>
  );
  if (!fixedTo && others.length === 0) return <p className="muted small">Invite someone to the workspace to hand tasks to them (Share).</p>;
  return (
    <form className="handoff-form" aria-label={`${submitLabel} ${task.title}`} onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      {fixedTo ? (
        <p className="handoff-line">
          To <strong>{recipient?.name ?? 'Someone'}</strong>
        </p>
      ) : (
        <label className="handoff-field">
          <span>Hand to</span>
          <select value={to} onChange={(event) => setTo(event.target.value)} autoFocus>
            {others.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name} · {localTimeOf(member, now)}
              </option>
            ))}
          </select>
        </label>
      )}
      {field('done', 'Done', 'What you finished')}
      {field('next', 'Next', 'What comes next')}
      {field('questions', 'Open questions', 'What is still open')}
      {recipient && <p className="muted small">{whenSeen(recipient, now)}</p>}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      <div className="handoff-actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** In a task's details: its handoffs, oldest first, and "Hand off…". */
export function HandoffHistory({ doc, listId, task, members }: { doc: Y.Doc; listId: string; task: Task; members: Member[] }) {
  const tell = useNotifier();
  const { profile, readOnly } = useWorkspace();
  const handoffs = useDocValue(doc, (current) => listHandoffs(current, task.id), [task.id]);
  const [open, setOpen] = useState(false);
  return (
    <section className="handoff-history" aria-label={`Handoffs of ${task.title}`}>
      {handoffs.length > 0 && <h3 className="details-heading">Handoffs</h3>}
      {handoffs.length > 0 && (
        <ol>
          {handoffs.map((handoff) => (
            <li key={handoff.id}>
              <p className="handoff-line">
                {nameOf(members, handoff.from, profile.memberId)} → {nameOf(members, handoff.to, profile.memberId)} · {formatWeekdayTime(handoff.at, profile.timezone)} ·{' '}
                <span className={`handoff-state ${handoff.state}`}>{STATE_NAMES[handoff.state]}</span>
              </p>
              <NoteView note={handoff} />
            </li>
          ))}
        </ol>
      )}
      {!readOnly &&
        (open ? (
          <HandoffForm
            task={task}
            members={members}
            submitLabel="Hand off"
            onCancel={() => setOpen(false)}
            onSubmit={(to, note) => {
              handOff(doc, { taskId: task.id, from: profile.memberId, to, note });
              tell([{ kind: 'handoff', to, pageId: listId, taskId: task.id, title: task.title, text: noteText(note) }]);
              setOpen(false);
            }}
          />
        ) : (
          <button type="button" onClick={() => setOpen(true)}>
            Hand off…
          </button>
        ))}
    </section>
  );
}
