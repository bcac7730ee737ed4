import { memo, Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { createLabel, fragmentText, MEMBER_COLORS, setTaskDone, shownStatus, taskDescription, TASK_PRIORITIES, updateTask, type Label, type Member, type Task, type TaskPriority, type WorkingHours } from '../../../shared/model';
import { TrashIcon } from '../../shared/icons';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { RichTextEditor } from '../editor';
import { Checklist, useChecklistProgress } from './Checklist';
import { HandoffHistory, HandoffStatus } from './Handoffs';
import { TaskMergeFlags } from '../merges';
import { PRIORITY_NAMES } from './names';
import { CommentCount } from './CommentCount';
import { TaskLinks, useTaskLinks } from './TaskLinks';
import { TaskPeople } from './TaskPeople';
import { AssigneeSelect } from './AssigneeSelect';
import { TaskDue } from './TaskDue';
import { TaskMove, useMoveTasks } from './TaskMove';
import { StatusOptions, useWorkflow } from './workflow';
import { preloadable } from '../../shared/preloadable';
import { useNotifier } from '../../shared/sendNotifications';

/** The comment box is a small editor (mentions): its code loads with the first details opened, not with the app. */
const TaskComments = preloadable(() => import('./TaskComments').then((module) => module.TaskComments));

const NEW_LABEL = '__new__';

/** "Ann, Bo": the names of the members or labels with these ids. */
const nameList = (ids: readonly string[], named: readonly { id: string; name: string }[]) => ids.map((id) => named.find((item) => item.id === id)?.name ?? 'someone').join(', ');

interface Props {
  doc: Y.Doc;
  /** The list's doc id, which names its tasks across lists (`listId/taskId`). */
  listId: string;
  task: Task;
  members: Member[];
  labels: Label[];
  /** The workspace's working hours, for a task whose owner it does not know. */
  defaultHours: WorkingHours;
  awareness: Awareness;
  canMoveUp: boolean;
  canMoveDown: boolean;
  onMove(task: Task, delta: number): void;
  onDelete(task: Task): void;
  /** Open with its details showing (the board's task dialog). */
  startExpanded?: boolean;
  /** In the List view's selection, for bulk edit. */
  selected?: boolean;
  /** X toggles this row in the selection, Shift+↑ ↓ extends it, Esc clears it (absent: no selection here). */
  onSelect?(taskId: string | null, how: 'toggle' | 'add' | 'clear'): void;
  /** Its place in its list (1-based) and the list's length, for screen readers: a long list draws only the rows near the view. */
  position?: number;
  count?: number;
  /** The row `delta` rows away in the List view, across its groups, drawn if it was not (absent: a row on its own). */
  rowBeside?(taskId: string, delta: number): HTMLElement | null;
}

/** One task of a list. Memoized: a long list's rows re-render when their task or place changes, not as it scrolls. */
export const TaskRow = memo(function TaskRow({ doc, listId, task, members, labels, defaultHours, awareness, canMoveUp, canMoveDown, onMove, onDelete, startExpanded = false, selected = false, onSelect, position, count, rowBeside }: Props) {
  const { index, profile, readOnly } = useWorkspace();
  const tell = useNotifier();
  const [title, setTitle] = useState(task.title);
  const [editing, setEditing] = useState(false);
  const [expanded, setExpanded] = useState(startExpanded);
  const [newLabel, setNewLabel] = useState<string | null>(null);

  useEffect(() => {
    if (!editing) setTitle(task.title);
  }, [task.title, editing]);

  // Saved as it is typed (like page titles), so nothing typed is lost if the
  // row unmounts or the window closes before the field loses focus.
  const titleBeforeEdit = useRef(task.title);
  const changeTitle = (next: string) => {
    setTitle(next);
    if (next.trim() && next.trim() !== task.title) updateTask(doc, task.id, { title: next });
  };
  const commitTitle = () => {
    setEditing(false);
    if (!title.trim()) setTitle(task.title);
  };

  const workflow = useWorkflow();
  const moveTasks = useMoveTasks(listId, doc);
  const checklist = useChecklistProgress(doc, task.id);
  const links = useTaskLinks(listId, task);
  const rowRef = useRef<HTMLLIElement>(null);
  const focusIn = (selector: string) => rowRef.current?.querySelector<HTMLElement>(selector)?.focus();
  /** Opens the details and focuses `selector` once it is drawn (the comment box's code may still be loading). */
  const openDetailsAt = (selector: string) => {
    setExpanded(true);
    const attempt = (frames: number) =>
      requestAnimationFrame(() => {
        const target = rowRef.current?.querySelector<HTMLElement>(selector);
        if (target) target.focus();
        else if (frames > 0) attempt(frames - 1);
      });
    attempt(120);
  };
  const onRowKey = (event: KeyboardEvent) => {
    // Escape in one of the row's controls comes back to the row, where single keys act on the task.
    if (event.key === 'Escape' && event.target !== rowRef.current && !(event.target as HTMLElement).classList.contains('task-title')) {
      event.preventDefault();
      rowRef.current?.focus();
      return;
    }
    if (event.altKey && !readOnly && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      // A viewer reads the list; only people who may edit reorder it.
      if (event.key === 'ArrowUp' && canMoveUp) onMove(task, -1);
      else if (event.key === 'ArrowDown' && canMoveDown) onMove(task, 1);
      event.preventDefault();
      const id = task.id;
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-task-id="${id}"]`)?.focus());
      return;
    }
    if (event.target !== rowRef.current || event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    // The next or previous row of the list, across the List view's groups.
    const sibling = (next: boolean): HTMLElement | null => rowBeside?.(task.id, next ? 1 : -1) ?? null;
    if (onSelect && event.shiftKey && (key === 'ArrowDown' || key === 'ArrowUp')) {
      event.preventDefault();
      const next = sibling(key === 'ArrowDown');
      onSelect(task.id, 'add');
      if (next?.dataset.taskId) {
        onSelect(next.dataset.taskId, 'add');
        next.focus();
      }
      return;
    }
    if (onSelect && (key === 'x' || (key === 'Escape' && selected))) {
      event.preventDefault();
      onSelect(key === 'x' ? task.id : null, key === 'x' ? 'toggle' : 'clear');
      return;
    }
    const actions: Record<string, (() => void) | undefined> = {
      ArrowDown: () => sibling(true)?.focus(),
      ArrowUp: () => (sibling(false) ?? document.querySelector<HTMLElement>('input[aria-label="New task"]'))?.focus(),
      j: () => sibling(true)?.focus(),
      k: () => sibling(false)?.focus(),
      Enter: () => focusIn('.task-title'),
      ArrowRight: () => setExpanded(true),
      ArrowLeft: () => setExpanded(false),
      a: readOnly ? undefined : () => focusIn('[data-field="assignee"]'),
      d: readOnly ? undefined : () => focusIn('input[type="date"]'),
      s: readOnly ? undefined : () => focusIn('select[data-field="status"]'),
      l: readOnly ? undefined : () => focusIn('[data-field="label"]'),
      p: readOnly ? undefined : () => focusIn('select[data-field="priority"]'),
      m: readOnly ? undefined : () => openDetailsAt('select[data-field="list"]'),
      c: readOnly ? undefined : () => openDetailsAt('.task-comments .composer-text'),
      ' ': readOnly ? undefined : () => setTaskDone(doc, task.id, task.status !== 'done'),
      h: readOnly
        ? undefined
        : () => {
            setExpanded(true);
            requestAnimationFrame(() => focusIn('.handoff-history > button'));
          },
      Delete: readOnly
        ? undefined
        : () => {
            (sibling(true) ?? sibling(false))?.focus();
            onDelete(task);
          },
    };
    actions.Backspace = actions.Delete;
    const action = actions[key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const label = task.labels[0] ?? '';
  const labelColor = labels.find((item) => item.id === label)?.color;

  return (
    <li
      ref={rowRef}
      className={`task${task.status === 'done' ? ' done' : ''}${selected ? ' selected' : ''}`}
      data-task-id={task.id}
      data-row-key={task.id}
      aria-posinset={position}
      aria-setsize={count}
      tabIndex={-1}
      aria-label={task.title}
      aria-description={selected ? 'Selected' : undefined}
      onClick={(event) => {
        // Ctrl or Cmd and a click on the row itself (not one of its controls) selects it.
        if (onSelect && (event.ctrlKey || event.metaKey) && event.target === event.currentTarget) onSelect(task.id, 'toggle');
      }}
      aria-keyshortcuts={readOnly ? 'ArrowUp ArrowDown ArrowRight ArrowLeft Enter' : 'ArrowUp ArrowDown ArrowRight ArrowLeft Enter A D S P L M H C X Shift+ArrowUp Shift+ArrowDown Space Delete'}
      onKeyDown={onRowKey}
    >
      <div className="task-main">
        <input type="checkbox" aria-label={`Complete ${task.title}`} checked={task.status === 'done'} disabled={readOnly} onChange={(event) => setTaskDone(doc, task.id, event.target.checked)} />
        <input
          className="task-title"
          aria-label="Task title"
          value={title}
          readOnly={readOnly}
          onFocus={() => {
            titleBeforeEdit.current = task.title;
            setEditing(true);
          }}
          onChange={(event) => changeTitle(event.target.value)}
          onBlur={commitTitle}
          onKeyDown={(event) => {
            // Enter keeps the title, Escape puts it back; either way the row keeps the focus.
            if (event.key === 'Escape') changeTitle(titleBeforeEdit.current);
            if (event.key === 'Enter' || event.key === 'Escape') {
              event.preventDefault();
              rowRef.current?.focus();
            }
          }}
        />
        <button type="button" className="ghost" aria-expanded={expanded} aria-label={`Details for ${task.title}`} onClick={() => setExpanded((open) => !open)}>
          {expanded ? '▾' : '▸'}
        </button>
      </div>
      <div className="task-meta">
        <select aria-label={`Status of ${task.title}`} aria-keyshortcuts="S" data-field="status" value={shownStatus(workflow, task.status)} disabled={readOnly} onChange={(event) => updateTask(doc, task.id, { status: event.target.value })}>
          <StatusOptions workflow={workflow} />
        </select>
        <select
          aria-label={`Priority of ${task.title}`}
          aria-keyshortcuts="P"
          data-field="priority"
          className={`priority ${task.priority}`}
          value={task.priority}
          disabled={readOnly}
          onChange={(event) => updateTask(doc, task.id, { priority: event.target.value as TaskPriority })}
        >
          {TASK_PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {PRIORITY_NAMES[priority]}
            </option>
          ))}
        </select>
        {task.assignees.length > 1 ? (
          <button type="button" className="task-several" aria-label={`Assignees of ${task.title}: ${nameList(task.assignees, members)}`} aria-keyshortcuts="A" data-field="assignee" onClick={() => openDetailsAt('.task-people input')}>
            {task.assignees.length} people
          </button>
        ) : (
          <AssigneeSelect
            task={task}
            members={members}
            me={profile.memberId}
            readOnly={readOnly}
            onAssign={(to) => {
              updateTask(doc, task.id, { assignees: to ? [to] : [] });
              if (to) tell([{ kind: 'assigned', to, pageId: listId, taskId: task.id, title: task.title, text: '' }]);
            }}
          />
        )}
        <TaskDue doc={doc} task={task} members={members} defaultHours={defaultHours} />
        {links.blockedBy.length > 0 && task.status !== 'done' && (
          <span className="blocked-by" title="Open the details (→) to see which tasks">
            Blocked by {links.blockedBy.length}
          </span>
        )}
        <CommentCount doc={doc} task={task} onOpen={() => openDetailsAt('.task-comments .composer-text')} />
        {checklist.total > 0 && (
          <span className="checklist-progress muted" title="Checklist items done">
            ☑ {checklist.done}/{checklist.total}
          </span>
        )}
        {task.labels.length > 1 ? (
          <button type="button" className="task-several" aria-label={`Labels of ${task.title}: ${nameList(task.labels, labels)}`} aria-keyshortcuts="L" data-field="label" onClick={() => openDetailsAt('.task-people fieldset:nth-of-type(2) input')}>
            {task.labels.length} labels
          </button>
        ) : newLabel === null ? (
          <select
            aria-label={`Label of ${task.title}`}
            aria-keyshortcuts="L"
            data-field="label"
            value={label}
            disabled={readOnly}
            style={labelColor ? { borderColor: labelColor } : undefined}
            onChange={(event) => {
              if (event.target.value === NEW_LABEL) setNewLabel('');
              else updateTask(doc, task.id, { labels: event.target.value ? [event.target.value] : [] });
            }}
          >
            <option value="">No label</option>
            {labels.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
            <option value={NEW_LABEL}>New label…</option>
          </select>
        ) : (
          <input
            aria-label="New label name"
            autoFocus
            value={newLabel}
            onChange={(event) => setNewLabel(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setNewLabel(null);
              if (event.key !== 'Enter') return;
              event.preventDefault();
              if (newLabel.trim()) {
                const id = createLabel(index, newLabel, MEMBER_COLORS[labels.length % MEMBER_COLORS.length] ?? '#64748b');
                updateTask(doc, task.id, { labels: [id] });
              }
              setNewLabel(null);
            }}
            onBlur={() => setNewLabel(null)}
          />
        )}
        {!readOnly && (
          <span className="task-order">
            {(canMoveUp || canMoveDown || !startExpanded) && (
              <>
                <button type="button" className="ghost" aria-label={`Move ${task.title} up`} disabled={!canMoveUp} onClick={() => onMove(task, -1)}>
                  ↑
                </button>
                <button type="button" className="ghost" aria-label={`Move ${task.title} down`} disabled={!canMoveDown} onClick={() => onMove(task, 1)}>
                  ↓
                </button>
              </>
            )}
            <button type="button" className="ghost" aria-label={`Delete task ${task.title}`} onClick={() => onDelete(task)}>
              <TrashIcon />
            </button>
          </span>
        )}
      </div>
      <HandoffStatus doc={doc} task={task} members={members} />
      <TaskMergeFlags doc={doc} task={task} />
      {expanded && (
        <div className="task-details">
          <label className="task-start small">
            Starts{' '}
            <input
              type="date"
              aria-label={`Start date of ${task.title}`}
              disabled={readOnly}
              value={task.startDate ?? ''}
              max={task.dueDate ?? undefined}
              onChange={(event) => updateTask(doc, task.id, { startDate: event.target.value || null })}
            />
            <span className="muted"> {task.dueDate ? '— the calendar shows it from then to its due date' : '— shown on the calendar once it has a due date'}</span>
          </label>
          {!readOnly && (
            <TaskMove
              listId={listId}
              task={task}
              onMove={(toId) => {
                // The task leaves this list: the focus goes to its neighbour, as after a delete.
                (rowBeside?.(task.id, 1) ?? rowBeside?.(task.id, -1))?.focus();
                void moveTasks([task], toId);
              }}
            />
          )}
          <TaskPeople doc={doc} listId={listId} task={task} members={members} labels={labels} />
          <TaskDescription doc={doc} task={task} awareness={awareness} readOnly={readOnly} />
          <Checklist doc={doc} task={task} />
          <TaskLinks doc={doc} listId={listId} task={task} />
          <HandoffHistory doc={doc} listId={listId} task={task} members={members} />
          <Suspense fallback={<p className="muted small">Opening the comments…</p>}>
            <TaskComments doc={doc} listId={listId} task={task} members={members} />
          </Suspense>
        </div>
      )}
    </li>
  );
});

/** The description's editor; a reader of an empty one is told so instead of shown a blank box. */
function TaskDescription({ doc, task, awareness, readOnly }: { doc: Y.Doc; task: Task; awareness: Awareness; readOnly: boolean }) {
  const empty = useDocValue(doc, (current) => fragmentText(taskDescription(current, task.id)).trim() === '', [task.id]);
  if (readOnly && empty) {
    return (
      <p className="muted small" role="note" aria-label={`Description of ${task.title}`}>
        No description yet.
      </p>
    );
  }
  return (
    <Suspense fallback={<p className="muted small">Opening the description…</p>}>
      <RichTextEditor fragment={taskDescription(doc, task.id)} awareness={awareness} label={`Description of ${task.title}`} compact readOnly={readOnly} />
    </Suspense>
  );
}
