import { useMemo, useState, type FormEvent } from 'react';
import { addTask, blockedText, checkInsByDay, listMembers, listPages, setCheckInSchedule, type CheckIn, type CheckInSchedule, type Member } from '../../../shared/model';
import { formatClock, formatDay, formatMinutes, parseMinutes, placeOf } from '../../../shared/time';
import { useNotifier } from '../../shared/sendNotifications';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { useCheckIns } from './useCheckIns';

/** The view's id where a page id would be: the sidebar opens it like a page, and a reload lands on it. */
export const CHECK_INS_VIEW = 'check-ins';

/**
 * Check-ins instead of stand-ups: today's questions for me (asked at my own time, inside my hours),
 * and everyone's answers by day in my timezone. A "blocked" answer becomes a task for someone who
 * can help, with one action. Works offline like everything else.
 */
export function CheckInsView() {
  const { index, profile, readOnly } = useWorkspace();
  const { schedule, checkIns, today, due, loaded, answer } = useCheckIns();
  const members = useDocValue(index, listMembers);
  const groups = useMemo(() => checkInsByDay(checkIns, profile.timezone), [checkIns, profile.timezone]);
  const mine = checkIns.find((checkIn) => checkIn.member === profile.memberId && checkIn.day === today) ?? null;
  return (
    <section className="page checkins" aria-label="Check-ins">
      <h1>Check-ins</h1>
      {!readOnly && loaded && <CheckInForm key={mine?.at ?? 'new'} schedule={schedule} today={today} due={due} mine={mine} onAnswer={answer} />}
      {!readOnly && <ScheduleEditor schedule={schedule} />}
      {groups.length === 0 ? (
        <p className="muted">{loaded ? 'No check-ins yet. Answers appear here, by day, in your time.' : 'Opening the check-ins…'}</p>
      ) : (
        groups.map((group) => (
          <section key={group.day} className="checkin-day" aria-label={formatDay(group.day)}>
            <h2>{group.day === today ? `Today, ${formatDay(group.day)}` : formatDay(group.day)}</h2>
            <ul>
              {group.checkIns.map((checkIn) => (
                <CheckInCard key={checkIn.id} checkIn={checkIn} schedule={schedule} members={members} />
              ))}
            </ul>
          </section>
        ))
      )}
    </section>
  );
}

function CheckInForm({ schedule, today, due, mine, onAnswer }: { schedule: CheckInSchedule; today: string; due: boolean; mine: CheckIn | null; onAnswer(answers: { question: string; text: string }[]): void }) {
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries((mine?.answers ?? []).map((answer) => [answer.question, answer.text])));
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      onAnswer(schedule.questions.map((question) => ({ question: question.id, text: texts[question.id] ?? '' })));
      // The form is drawn anew with the answer (its heading then says so).
      setError(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <form className={due ? 'checkin-form due' : 'checkin-form'} aria-label="Your check-in" onSubmit={submit}>
      <p className="checkin-prompt">
        {mine ? `Your check-in for ${formatDay(today)}: change it if you like.` : due ? `Time for your check-in, ${formatDay(today)}.` : `Your check-in for ${formatDay(today)}, whenever it suits you.`}
      </p>
      {schedule.questions.map((question) => (
        <label key={question.id} className="field">
          {question.text}
          <textarea rows={2} value={texts[question.id] ?? ''} onChange={(event) => setTexts({ ...texts, [question.id]: event.target.value })} />
        </label>
      ))}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
      <div className="checkin-actions">
        <button type="submit" className="primary">
          {mine ? 'Update check-in' : 'Check in'}
        </button>
      </div>
    </form>
  );
}

function CheckInCard({ checkIn, schedule, members }: { checkIn: CheckIn; schedule: CheckInSchedule; members: Member[] }) {
  const { profile, readOnly } = useWorkspace();
  const author = members.find((member) => member.id === checkIn.member);
  const name = author?.name ?? 'Someone';
  const blocked = blockedText(checkIn, schedule);
  const question = (id: string) => schedule.questions.find((each) => each.id === id)?.text ?? 'Answer';
  return (
    <li className="checkin" aria-label={`${name}${checkIn.member === profile.memberId ? ' (you)' : ''}`}>
      <p className="checkin-head">
        <strong>{name}</strong>
        {author && (
          <span className="muted small">
            {' '}
            · {formatClock(checkIn.at, author.timezone)} in {placeOf(author.timezone)}
            {author.timezone !== profile.timezone && ` · ${formatClock(checkIn.at, profile.timezone)} your time`}
          </span>
        )}
      </p>
      <dl>
        {checkIn.answers.map((answer) => (
          <div key={answer.question} className={blocked && answer.text === blocked ? 'checkin-answer blocked' : 'checkin-answer'}>
            <dt>{question(answer.question)}</dt>
            <dd>{answer.text}</dd>
          </div>
        ))}
      </dl>
      {blocked && !readOnly && <HelpTask checkIn={checkIn} name={name} blocked={blocked} members={members} />}
    </li>
  );
}

/** One action turns a "blocked" answer into a task for someone who can help, in a list of the team's choosing. */
function HelpTask({ checkIn, name, blocked, members }: { checkIn: CheckIn; name: string; blocked: string; members: Member[] }) {
  const { sync, index, profile, notify } = useWorkspace();
  const tell = useNotifier();
  const lists = useDocValue(index, (doc) => listPages(doc).filter((page) => page.kind === 'tasks' && page.deletedAt === null));
  const helpers = members.filter((member) => member.id !== checkIn.member);
  const [open, setOpen] = useState(false);
  const [chosenHelper, setHelper] = useState<string | null>(null);
  const [chosenList, setListId] = useState<string | null>(null);
  // The first of each until one is chosen (members and lists may still be coming in).
  const helper = chosenHelper ?? helpers[0]?.id ?? '';
  const listId = chosenList ?? lists[0]?.id ?? '';
  const [made, setMade] = useState<string | null>(null);
  if (made) return <p className="muted small">{made}</p>;
  if (!open) {
    return (
      <button type="button" className="link small" onClick={() => setOpen(true)} disabled={helpers.length === 0 || lists.length === 0} title={lists.length === 0 ? 'Create a task list first' : undefined}>
        Make a task for a helper
      </button>
    );
  }
  const title = `Help ${name}: ${blocked}`.slice(0, 200);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!listId) return;
    const handle = await sync.openDoc(listId);
    try {
      const taskId = addTask(handle.doc, { title, by: profile.memberId, assignees: helper ? [helper] : [] });
      const list = lists.find((page) => page.id === listId);
      if (helper) tell([{ kind: 'assigned', to: helper, pageId: listId, taskId, title, text: `${name} is blocked: ${blocked}` }]);
      setMade(`Task made in ${list?.title || 'the task list'} for ${members.find((member) => member.id === helper)?.name ?? 'nobody yet'}.`);
    } catch (failure) {
      notify(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setTimeout(() => handle.release(), 5_000);
    }
  };
  return (
    <form className="checkin-help" aria-label={`Make a task to unblock ${name}`} onSubmit={(event) => void create(event)}>
      <label>
        Helper
        <select value={helper} onChange={(event) => setHelper(event.target.value)}>
          {helpers.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Task list
        <select value={listId} onChange={(event) => setListId(event.target.value)}>
          {lists.map((page) => (
            <option key={page.id} value={page.id}>
              {page.title || 'Untitled task list'}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Create task</button>
      <button type="button" className="ghost" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The workspace's questions and when they are asked: the same for everyone, each at their own local time. */
function ScheduleEditor({ schedule }: { schedule: CheckInSchedule }) {
  const { index, notify } = useWorkspace();
  const [draft, setDraft] = useState<CheckInSchedule | null>(null);
  if (!draft) {
    return (
      <button type="button" className="link small checkin-schedule-open" onClick={() => setDraft(schedule)}>
        Questions and schedule…
      </button>
    );
  }
  const save = (event: FormEvent) => {
    event.preventDefault();
    try {
      setCheckInSchedule(index, draft);
      setDraft(null);
    } catch (failure) {
      notify(failure instanceof Error ? failure.message : String(failure));
    }
  };
  const setQuestion = (at: number, text: string) => setDraft({ ...draft, questions: draft.questions.map((question, i) => (i === at ? { ...question, text } : question)) });
  return (
    <form className="checkin-form checkin-schedule" aria-label="Check-in questions and schedule" onSubmit={save}>
      <h2>Questions and schedule, for everyone</h2>
      {draft.questions.map((question, at) => (
        <div key={question.id} className="row">
          <label className="field">
            {`Question ${at + 1}${question.kind === 'blocked' ? ' (a blocker: can become a task)' : ''}`}
            <input value={question.text} onChange={(event) => setQuestion(at, event.target.value)} />
          </label>
          {draft.questions.length > 1 && (
            <button type="button" className="ghost" aria-label={`Remove question ${at + 1}`} onClick={() => setDraft({ ...draft, questions: draft.questions.filter((_, i) => i !== at) })}>
              Remove
            </button>
          )}
        </div>
      ))}
      <button type="button" className="link small" onClick={() => setDraft({ ...draft, questions: [...draft.questions, { id: `q${Date.now().toString(36)}`, text: '', kind: 'other' }] })}>
        Add a question
      </button>
      <fieldset className="weekdays">
        <legend>Asked on</legend>
        {WEEKDAYS.map((day, at) => (
          <label key={day} className="weekday">
            <input type="checkbox" aria-label={day} checked={draft.days.includes(at + 1)} onChange={(event) => setDraft({ ...draft, days: event.target.checked ? [...draft.days, at + 1].sort((a, b) => a - b) : draft.days.filter((other) => other !== at + 1) })} />
            {day.slice(0, 2)}
          </label>
        ))}
      </fieldset>
      <label className="field">
        Asked at (each person's own time)
        <select value={draft.at === 'end' ? 'end' : 'time'} onChange={(event) => setDraft({ ...draft, at: event.target.value === 'end' ? 'end' : 9 * 60 + 30 })}>
          <option value="end">An hour before their day ends</option>
          <option value="time">At a set time</option>
        </select>
      </label>
      {draft.at !== 'end' && (
        <label className="field">
          Time
          <input type="time" value={formatMinutes(draft.at)} onChange={(event) => setDraft({ ...draft, at: parseMinutes(event.target.value) ?? draft.at })} />
        </label>
      )}
      <div className="checkin-actions">
        <button type="button" className="ghost" onClick={() => setDraft(null)}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Save questions
        </button>
      </div>
    </form>
  );
}
