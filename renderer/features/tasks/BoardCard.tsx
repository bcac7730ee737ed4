import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { memo, useMemo, type KeyboardEvent } from 'react';
import type { Label, Member, Task, WorkingHours } from '../../../shared/model';
import { dueOwnerOf } from '../../../shared/tasks';
import { describeDue, isOverdue } from '../../../shared/time';
import { CommentIcon } from '../../shared/icons';
import { localTimeOf } from '../people';
import { PRIORITY_NAMES } from './names';

interface Props {
  task: Task;
  members: Member[];
  labels: Label[];
  defaultHours: WorkingHours;
  readerZone: string;
  now: number;
  checklist: { done: number; total: number } | undefined;
  /** Comments on the task, deleted ones left out. */
  comments: number;
  /** The one card Tab reaches (a roving tab stop). */
  tabStop: boolean;
  readOnly: boolean;
  /** Its place in its column (1-based) and the column's count: a long column draws only the cards near the view. */
  position: number;
  count: number;
  onKeyDown(task: Task, event: KeyboardEvent<HTMLLIElement>): void;
  onFocus(id: string): void;
  onOpen(id: string): void;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');

/**
 * One task on the board. Every card dnd-kit knows re-renders on each pointer move of a drag (it
 * reads the drag's context): this part only places the card, and its face below is memoized.
 */
export const BoardCard = memo(function BoardCard({ task, members, labels, defaultHours, readerZone, now, checklist, comments, tabStop, readOnly, position, count, onKeyDown, onFocus, onOpen }: Props) {
  // Only the pointer drags (the board's own keys move a card), so dnd-kit's keyboard attributes stay off.
  const { setNodeRef, listeners, transform, transition, isDragging } = useSortable({ id: task.id, disabled: readOnly });
  const face = useMemo(() => describeCard(task, members, labels, defaultHours, readerZone, now, checklist, comments), [task, members, labels, defaultHours, readerZone, now, checklist, comments]);
  return (
    <li
      ref={setNodeRef}
      {...listeners}
      className={`board-card${isDragging ? ' dragging' : ''}${task.status === 'done' ? ' done' : ''}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-card-id={task.id}
      data-row-key={task.id}
      aria-posinset={position}
      aria-setsize={count}
      tabIndex={tabStop ? 0 : -1}
      aria-label={task.title}
      aria-description={face.parts.length > 0 ? face.parts.join(' · ') : undefined}
      aria-keyshortcuts={readOnly ? 'ArrowUp ArrowDown ArrowLeft ArrowRight Enter' : 'ArrowUp ArrowDown ArrowLeft ArrowRight Alt+ArrowUp Alt+ArrowDown Alt+ArrowLeft Alt+ArrowRight Enter Space Delete'}
      onKeyDown={(event) => onKeyDown(task, event)}
      onFocus={() => onFocus(task.id)}
      onDoubleClick={() => onOpen(task.id)}
    >
      <CardFace task={task} face={face} checklist={checklist} />
    </li>
  );
});

type Face = ReturnType<typeof describeCard>;

/** What a glance needs of a task (priority, due, people, labels, checklist, comments), and the same in words for screen readers. */
function describeCard(task: Task, members: Member[], labels: Label[], defaultHours: WorkingHours, readerZone: string, now: number, checklist: Props['checklist'], comments: number) {
  const owner = dueOwnerOf(task, members, defaultHours);
  const due = task.dueDate ? describeDue(task.dueDate, owner, readerZone) : null;
  const overdue = isOverdue(task.dueDate, task.status === 'done', owner, now);
  // Each with their own time now, said with their name ("Mei (14:05 in Shanghai)").
  const people = task.assignees
    .map((id) => members.find((member) => member.id === id))
    .filter((member): member is Member => member !== undefined)
    .map((member) => ({ ...member, time: localTimeOf(member, now) }));
  const tags = task.labels.map((id) => labels.find((label) => label.id === id)).filter((label): label is Label => label !== undefined);
  const parts = [
    task.priority !== 'none' ? PRIORITY_NAMES[task.priority] : null,
    due ? (overdue ? `overdue since ${due.when}` : due.text) : null,
    people.length > 0 ? `assigned to ${people.map((person) => `${person.name} (${person.time})`).join(', ')}` : null,
    tags.length > 0 ? `labels ${tags.map((tag) => tag.name).join(', ')}` : null,
    checklist && checklist.total > 0 ? `checklist ${checklist.done} of ${checklist.total}` : null,
    comments > 0 ? `${comments} ${comments === 1 ? 'comment' : 'comments'}` : null,
  ].filter(Boolean);
  return { due, overdue, people, tags, parts, comments };
}

const CardFace = memo(function CardFace({ task, face, checklist }: { task: Task; face: Face; checklist: Props['checklist'] }) {
  const { due, overdue, people, tags, parts, comments } = face;
  return (
    <>
      <span className="board-card-title">{task.title}</span>
      {parts.length > 0 && (
        <span className="board-card-meta" aria-hidden="true">
          {task.priority !== 'none' && <span className={`priority-chip priority-${task.priority}`}>{PRIORITY_NAMES[task.priority]}</span>}
          {due && (
            <span className={overdue ? 'board-due overdue' : 'board-due'} title={due.text}>
              {due.readerTime}
            </span>
          )}
          {checklist && checklist.total > 0 && (
            <span className="board-checklist">
              {checklist.done}/{checklist.total}
            </span>
          )}
          {comments > 0 && (
            <span className="board-comments">
              <CommentIcon /> {comments}
            </span>
          )}
          {tags.map((tag) => (
            <span key={tag.id} className="label-chip" style={{ borderColor: tag.color }}>
              {tag.name}
            </span>
          ))}
          <span className="board-people">
            {people.map((person) => (
              <span key={person.id} className="board-person" title={`${person.name} · ${person.time}`} style={{ borderColor: person.color }}>
                {initials(person.name)}
              </span>
            ))}
          </span>
        </span>
      )}
    </>
  );
});
