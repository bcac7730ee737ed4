import { DndContext, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { CSS as DndCSS } from '@dnd-kit/utilities';
import { useEffect, useMemo, useState, useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { listPages, placeTask, shownStatus, statusName, type WorkflowStatus } from '../../../shared/model';
import { dueOwnerOf, type IndexedTask } from '../../../shared/tasks';
import { describeDue } from '../../../shared/time';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { ListTaskDialog, useTaskNames, useWorkflow } from '../tasks';

const keyOf = (task: IndexedTask) => `${task.listId}/${task.id}`;
const cardOf = (key: string) => document.querySelector<HTMLElement>(`[data-mywork-card="${CSS.escape(key)}"]`);
const focusCard = (key: string) => requestAnimationFrame(() => cardOf(key)?.focus());
/** Focuses a card at once when it is drawn (so the next key acts from there), else once it is. */
const focusCardNow = (key: string) => {
  cardOf(key)?.focus();
  if (document.activeElement !== cardOf(key)) focusCard(key);
};
/** The end of a column: a move from this board puts the task last in its list's column. */
const LAST = Number.MAX_SAFE_INTEGER;

/**
 * Every task assigned to you, from every list, on one board of the workspace's workflow: read from
 * the task index, so no list is loaded to draw it. A card moves to another column by dragging or
 * with Alt+← →; the move opens that task's list for the moment it takes (placeTask there, as the
 * list's own board does). Within a column cards stand by due date: each list keeps its own order.
 */
export function MyWorkBoard() {
  const { tasks, index, profile, sync, readOnly, undo, notify } = useWorkspace();
  const version = useSyncExternalStore(tasks.subscribe, tasks.snapshot);
  const workflow = useWorkflow();
  const pages = useDocValue(index, listPages);
  const { members, defaultHours } = useTaskNames();
  // A move shows at once; the index catches up a moment later, when the list is read again.
  const [moved, setMoved] = useState<ReadonlyMap<string, string>>(new Map());
  const [opened, setOpened] = useState<IndexedTask | null>(null);
  const [said, say] = useState('');
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));

  const columns = useMemo(() => {
    const mine = tasks.tasks().filter((task) => task.assignees.includes(profile.memberId));
    const statusOf = (task: IndexedTask) => shownStatus(workflow, moved.get(keyOf(task)) ?? task.status);
    const byDue = (a: IndexedTask, b: IndexedTask) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.title.localeCompare(b.title);
    return workflow.map((status) => ({ status, cards: mine.filter((task) => statusOf(task) === status.id).sort(byDue) }));
    // `version` stands for the index's content.
  }, [tasks, version, profile.memberId, workflow, moved]);
  // Once the index has read a moved task's list, it is the index that says where the task is.
  useEffect(() => {
    if (moved.size === 0) return;
    const byKey = new Map(tasks.tasks().map((task) => [keyOf(task), task.status]));
    const pending = [...moved].filter(([key, status]) => byKey.get(key) !== status);
    if (pending.length < moved.size) setMoved(new Map(pending));
    // `version` stands for the index's content.
  }, [tasks, version, moved]);
  const listTitle = (listId: string) => pages.find((page) => page.id === listId)?.title || 'Untitled task list';

  const place = async (task: IndexedTask, status: string) => {
    const handle = await sync.openDoc(task.listId);
    try {
      placeTask(handle.doc, task.id, status, LAST, Date.now(), workflow);
    } finally {
      handle.release();
    }
  };
  /** `drawNow`: the card is drawn in its new column before this returns (the list opens meanwhile). */
  const move = async (task: IndexedTask, to: WorkflowStatus, drawNow = false) => {
    const from = moved.get(keyOf(task)) ?? task.status;
    if (shownStatus(workflow, from) === to.id) return;
    const show = () => setMoved((now) => new Map(now).set(keyOf(task), to.id));
    if (drawNow) flushSync(show);
    else show();
    try {
      await place(task, to.id);
    } catch {
      setMoved((now) => new Map([...now].filter(([key]) => key !== keyOf(task))));
      notify(`Could not move “${task.title}”; try again once its list has synced.`);
      return;
    }
    say(`Moved “${task.title}” to ${to.name}.`);
    undo.push({
      label: `Moved “${task.title}” to ${to.name}`,
      quiet: true,
      undo: async () => {
        setMoved((now) => new Map(now).set(keyOf(task), from));
        await place(task, from);
      },
    });
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const task = columns.flatMap((column) => column.cards).find((card) => keyOf(card) === active.id);
    const to = workflow.find((status) => status.id === over?.id);
    if (task && to) void move(task, to).then(() => focusCard(keyOf(task)));
  };

  /**
   * Alt+← →: the card is drawn in its new column and focused there at once, before its list has
   * even opened, so a second Alt+→ pressed meanwhile moves it on (it reached nothing focused).
   */
  const shift = (task: IndexedTask, to: WorkflowStatus) => {
    void move(task, to, true);
    focusCardNow(keyOf(task));
  };

  const onKey = (task: IndexedTask, event: KeyboardEvent<HTMLLIElement>) => {
    const col = columns.findIndex((column) => column.cards.includes(task));
    const at = columns[col]!.cards.indexOf(task);
    const nearest = (delta: number) => {
      for (let i = col + delta; i >= 0 && i < columns.length; i += delta) {
        const cards = columns[i]!.cards;
        if (cards.length > 0) return cards[Math.min(at, cards.length - 1)];
      }
      return undefined;
    };
    const target = (delta: number) => columns[col + delta]?.status;
    const actions: Record<string, (() => void) | undefined> = event.altKey
      ? {
          ArrowLeft: readOnly || !target(-1) ? undefined : () => shift(task, target(-1)!),
          ArrowRight: readOnly || !target(1) ? undefined : () => shift(task, target(1)!),
        }
      : {
          ArrowUp: () => columns[col]!.cards[at - 1] && focusCardNow(keyOf(columns[col]!.cards[at - 1]!)),
          ArrowDown: () => columns[col]!.cards[at + 1] && focusCardNow(keyOf(columns[col]!.cards[at + 1]!)),
          ArrowLeft: () => nearest(-1) && focusCardNow(keyOf(nearest(-1)!)),
          ArrowRight: () => nearest(1) && focusCardNow(keyOf(nearest(1)!)),
          Enter: () => setOpened(task),
        };
    const action = actions[event.key];
    if (!action || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  };

  const first = columns.find((column) => column.cards.length > 0)?.cards[0];
  return (
    <section className="board mywork-board" aria-label="Your tasks by status">
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <div className="board-columns" style={{ gridTemplateColumns: `repeat(${workflow.length}, minmax(200px, 1fr))` }}>
          {columns.map(({ status, cards }) => (
            <Column key={status.id} status={status} count={cards.length} readOnly={readOnly}>
              {cards.map((task) => {
                const due = task.dueDate ? describeDue(task.dueDate, dueOwnerOf(task, members, defaultHours), profile.timezone) : null;
                return (
                  <Card key={keyOf(task)} task={task} list={listTitle(task.listId)} due={due?.readerTime ?? null} tabStop={task === first} readOnly={readOnly} onKeyDown={onKey} onOpen={setOpened} />
                );
              })}
            </Column>
          ))}
        </div>
      </DndContext>
      <p className="task-keys muted small">
        {readOnly ? 'Keys on a card: arrows move between cards · Enter opens it' : 'Drag a card to another column, or on a card: arrows move between cards · Alt+← → move it · Enter opens it'}
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {said}
      </p>
      {opened && <ListTaskDialog listId={opened.listId} taskId={opened.id} onClose={() => setOpened(null)} />}
      {columns.every((column) => column.cards.length === 0) && <p className="muted">Nothing is assigned to you yet. {statusName(workflow, 'todo')} and the other columns fill as tasks are.</p>}
    </section>
  );
}

function Column({ status, count, readOnly, children }: { status: WorkflowStatus; count: number; readOnly: boolean; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: status.id, disabled: readOnly });
  return (
    <section className={`board-column${isOver ? ' over' : ''}`} aria-label={status.name}>
      <div className="board-column-heading">
        <h3>
          {status.name} <span className="muted">{count}</span>
        </h3>
      </div>
      <ul ref={setNodeRef} className="board-cards" aria-label={`${status.name} tasks`}>
        {children}
      </ul>
    </section>
  );
}

interface CardProps {
  task: IndexedTask;
  list: string;
  due: string | null;
  tabStop: boolean;
  readOnly: boolean;
  onKeyDown(task: IndexedTask, event: KeyboardEvent<HTMLLIElement>): void;
  onOpen(task: IndexedTask): void;
}

function Card({ task, list, due, tabStop, readOnly, onKeyDown, onOpen }: CardProps) {
  const { setNodeRef, listeners, transform, isDragging } = useDraggable({ id: keyOf(task), disabled: readOnly });
  return (
    <li
      ref={setNodeRef}
      {...listeners}
      className={`board-card${isDragging ? ' dragging' : ''}${task.status === 'done' ? ' done' : ''}`}
      style={{ transform: DndCSS.Translate.toString(transform) }}
      data-mywork-card={keyOf(task)}
      tabIndex={tabStop ? 0 : -1}
      aria-label={task.title}
      aria-description={[list, due && `due ${due}`].filter(Boolean).join(' · ')}
      aria-keyshortcuts={readOnly ? 'ArrowUp ArrowDown ArrowLeft ArrowRight Enter' : 'ArrowUp ArrowDown ArrowLeft ArrowRight Alt+ArrowLeft Alt+ArrowRight Enter'}
      onKeyDown={(event) => onKeyDown(task, event)}
      onDoubleClick={() => onOpen(task)}
    >
      <span className="board-card-title">{task.title}</span>
      <span className="board-card-meta" aria-hidden="true">
        <span className="mywork-card-list">{list}</span>
        {due && <span className="board-due">{due}</span>}
      </span>
    </li>
  );
}
