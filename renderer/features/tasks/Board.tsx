import { DndContext, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragMoveEvent, type DragOverEvent, type DragStartEvent } from '@dnd-kit/core';
import { arrayMove } from '@dnd-kit/sortable';
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type * as Y from 'yjs';
import { listChecklist, listTasks, placeTask, setTaskDone, statusName, tasksByStatus, type Task, type TaskStatus } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import { useDocValue } from '../../shared/useYDoc';
import { useNow } from '../../shared/when';
import { useWorkspace } from '../../shared/workspace';
import { BoardCard } from './BoardCard';
import { BoardColumn, COLUMN } from './BoardColumn';
import { columnFirst } from './collision';
import { useEdgeScroll } from './edgeScroll';
import { commentCountsOf } from './commentCounts';
import { useDeleteTask } from './restore';
import { TaskDialog } from './TaskDialog';
import { useTaskNames } from './useTaskNames';
import { AddColumn } from './WorkflowColumns';
import { useWorkflow } from './workflow';

type Columns = Record<TaskStatus, string[]>;
/** An empty column's cards, the same array each time so its memoized list does not re-render. */
const NONE: readonly string[] = [];

const idsOf = (columns: Record<TaskStatus, Task[]>): Columns => Object.fromEntries(Object.entries(columns).map(([status, tasks]) => [status, tasks.map((task) => task.id)]));

function columnOf(columns: Columns, id: string): TaskStatus | null {
  if (id.startsWith(COLUMN)) return id.slice(COLUMN.length);
  return Object.keys(columns).find((status) => columns[status]!.includes(id)) ?? null;
}

const cardElement = (id: string) => document.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(id)}"]`);

/** Every task's checklist progress, read in one pass for the whole board. */
function checklists(doc: Y.Doc, tasks: readonly Task[]): Map<string, { done: number; total: number }> {
  const progress = new Map<string, { done: number; total: number }>();
  for (const task of tasks) {
    const items = listChecklist(doc, task.id);
    if (items.length > 0) progress.set(task.id, { done: items.filter((item) => item.done).length, total: items.length });
  }
  return progress;
}

/**
 * A task list as a board: a column per status of the workspace's workflow, cards in list order. Cards move by dragging
 * (dnd-kit) or by keys (Alt+arrows); a move writes the task's status and order key in one
 * transaction (shared/model/tasks.ts placeTask), so moves made offline on two devices converge.
 */
export function TaskBoard({ handle }: { handle: DocHandle }) {
  const { profile, readOnly, undo } = useWorkspace();
  const remove = useDeleteTask(handle);
  const doc = handle.doc;
  const tasks = useDocValue(doc, listTasks);
  // `tasks` is read anew on every change of the doc, checklists included.
  const progress = useMemo(() => checklists(doc, tasks), [doc, tasks]);
  const { members, labels, defaultHours } = useTaskNames();
  const now = useNow();
  const comments = commentCountsOf(doc);
  const workflow = useWorkflow();
  const statuses = useMemo(() => workflow.map((status) => status.id), [workflow]);
  const byStatus = useMemo(() => tasksByStatus(tasks, workflow), [tasks, workflow]);
  const byId = useMemo(() => new Map(tasks.map((task) => [task.id, task])), [tasks]);
  // While a card is dragged, the columns as the drag has rearranged them; otherwise the doc's.
  const [dragged, setDragged] = useState<Columns | null>(null);
  const atRest = useMemo(() => idsOf(byStatus), [byStatus]);
  const columns = dragged ?? atRest;
  const [active, setActive] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [said, say] = useState('');
  // Each column draws the cards near the view (BoardColumn); a card the keys go to is drawn first.
  const reveals = useRef(new Map<TaskStatus, (id: string) => void>());
  const onReveal = useCallback((status: TaskStatus, reveal: ((id: string) => void) | null) => (reveal ? reveals.current.set(status, reveal) : reveals.current.delete(status)), []);
  const latestColumns = useRef(columns);
  latestColumns.current = columns;
  const focusNow = (id: string) => {
    if (!cardElement(id)) {
      const status = columnOf(latestColumns.current, id);
      if (status) reveals.current.get(status)?.(id);
    }
    cardElement(id)?.focus();
  };
  /** After a move, once the card has been drawn in its new place. */
  const focusCard = (id: string) => requestAnimationFrame(() => focusNow(id));
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
  const tabStop = active && byId.has(active) ? active : (statuses.map((status) => columns[status]?.[0]).find(Boolean) ?? null);

  /** Moves a task to `status` at `position` among that column's other cards, undoably. */
  const move = (task: Task, status: TaskStatus, position: number) => {
    // A task whose status the workflow lacks shows in To do; undo puts back the status it had.
    const shown = columnOf(atRest, task.id) ?? 'todo';
    const before = { status: task.status, position: (byStatus[shown] ?? []).findIndex((other) => other.id === task.id) };
    if (shown === status && before.position === position) return;
    placeTask(doc, task.id, status, position, Date.now(), workflow);
    const count = (byStatus[status] ?? []).filter((other) => other.id !== task.id).length + 1;
    const name = statusName(workflow, status);
    say(`Moved “${task.title}” to ${name}, ${position + 1} of ${count}.`);
    undo.push({ label: `Moved “${task.title}” to ${name}`, undo: () => placeTask(doc, task.id, before.status, before.position, Date.now(), workflow), quiet: true });
  };

  const edgeScroll = useEdgeScroll();
  const onDragStart = ({ active: card }: DragStartEvent) => {
    setDragged(idsOf(byStatus));
    setActive(String(card.id));
    edgeScroll.start(cardElement(String(card.id)));
  };
  const onDragMove = ({ activatorEvent, delta }: DragMoveEvent) => {
    if (activatorEvent instanceof PointerEvent) edgeScroll.move(activatorEvent.clientX + delta.x, activatorEvent.clientY + delta.y);
  };
  const onDragOver = ({ active: card, over }: DragOverEvent) => {
    if (!over || !dragged) return;
    const id = String(card.id);
    const from = columnOf(dragged, id);
    const to = columnOf(dragged, String(over.id));
    if (!from || !to || from === to) return;
    const target = dragged[to] ?? [];
    const at = String(over.id).startsWith(COLUMN) ? target.length : Math.max(0, target.indexOf(String(over.id)));
    setDragged({ ...dragged, [from]: (dragged[from] ?? []).filter((other) => other !== id), [to]: [...target.slice(0, at), id, ...target.slice(at)] });
  };
  const onDragEnd = ({ active: card, over }: DragEndEvent) => {
    edgeScroll.stop();
    const id = String(card.id);
    const task = byId.get(id);
    const current = dragged;
    setDragged(null);
    if (!over || !current || !task) return;
    const to = columnOf(current, String(over.id));
    if (!to) return;
    let order = current[to] ?? [];
    const overIndex = order.indexOf(String(over.id));
    if (overIndex >= 0 && String(over.id) !== id) order = arrayMove(order, order.indexOf(id), overIndex);
    move(task, to, order.indexOf(id));
    focusCard(id);
  };

  const onCardKey = (task: Task, event: KeyboardEvent<HTMLLIElement>) => {
    const status = columnOf(columns, task.id) ?? 'todo';
    const column = columns[status] ?? [];
    const at = column.indexOf(task.id);
    const step = (delta: number) => statuses[statuses.indexOf(status) + delta];
    if (event.altKey && !readOnly) {
      const moves: Record<string, (() => void) | undefined> = {
        ArrowUp: at > 0 ? () => move(task, status, at - 1) : undefined,
        ArrowDown: at < column.length - 1 ? () => move(task, status, at + 1) : undefined,
        ArrowLeft: step(-1) ? () => move(task, step(-1)!, Math.min(at, columns[step(-1)!]?.length ?? 0)) : undefined,
        ArrowRight: step(1) ? () => move(task, step(1)!, Math.min(at, columns[step(1)!]?.length ?? 0)) : undefined,
      };
      const action = moves[event.key];
      if (event.key in moves) event.preventDefault();
      if (action) {
        // Drawn in its new place at once and focused there, so the next key (Alt+→ again, pressed
        // before a frame has passed) finds the card where it is now rather than nothing focused.
        flushSync(action);
        focusNow(task.id);
        if (document.activeElement !== cardElement(task.id)) focusCard(task.id);
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // The nearest column that has cards, in one direction.
    const neighbour = (delta: number): string | undefined => {
      for (let i = statuses.indexOf(status) + delta; i >= 0 && i < statuses.length; i += delta) {
        const cards = columns[statuses[i]!] ?? [];
        if (cards.length > 0) return cards[Math.min(at, cards.length - 1)];
      }
      return undefined;
    };
    const keys: Record<string, (() => void) | undefined> = {
      ArrowUp: () => column[at - 1] && focusNow(column[at - 1]!),
      ArrowDown: () => column[at + 1] && focusNow(column[at + 1]!),
      ArrowLeft: () => neighbour(-1) && focusNow(neighbour(-1)!),
      ArrowRight: () => neighbour(1) && focusNow(neighbour(1)!),
      Enter: () => setOpened(task.id),
      ' ': readOnly ? undefined : () => setTaskDone(doc, task.id, task.status !== 'done'),
      Delete: readOnly
        ? undefined
        : () => {
            const next = column[at + 1] ?? column[at - 1];
            if (next) focusNow(next);
            remove(task);
          },
    };
    keys.Backspace = keys.Delete;
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  // Cards are memoized: a drag re-renders the board on every column change, and 2,000 cards with
  // it would drop frames. Their handlers stay the same functions and read the board's latest state.
  const latest = useRef(onCardKey);
  latest.current = onCardKey;
  const cardKey = useCallback((task: Task, event: KeyboardEvent<HTMLLIElement>) => latest.current(task, event), []);
  const card = (id: string, position: number, count: number) => {
    const task = byId.get(id);
    if (!task) return null;
    return (
      <BoardCard
        key={id}
        task={task}
        members={members}
        labels={labels}
        defaultHours={defaultHours}
        readerZone={profile.timezone}
        now={now}
        checklist={progress.get(id)}
        comments={comments.get(id) ?? 0}
        tabStop={id === tabStop}
        readOnly={readOnly}
        position={position + 1}
        count={count}
        onKeyDown={cardKey}
        onFocus={setActive}
        onOpen={setOpened}
      />
    );
  };
  const openedTask = opened ? byId.get(opened) : undefined;
  return (
    <section className="board" aria-label="Board">
      <DndContext
        // The board scrolls itself near an edge (edgeScroll.ts).
        autoScroll={false}
        sensors={sensors}
        collisionDetection={columnFirst}
        onDragStart={onDragStart}
        onDragMove={onDragMove}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => {
          edgeScroll.stop();
          setDragged(null);
        }}
      >
        <div className="board-columns" style={{ gridTemplateColumns: `repeat(${workflow.length}, minmax(220px, 1fr))${readOnly ? '' : ' auto'}` }}>
          {workflow.map((status, at) => (
            <BoardColumn key={status.id} status={status} workflow={workflow} at={at} ids={columns[status.id] ?? NONE} dragged={dragged ? active : null} card={card} onReveal={onReveal} doc={doc} by={profile.memberId} readOnly={readOnly} />
          ))}
          {!readOnly && <AddColumn workflow={workflow} />}
        </div>
      </DndContext>
      <p className="task-keys muted small">
        {readOnly
          ? 'Keys on a card: arrows move between cards · Enter opens it'
          : 'Drag a card, or on a card: arrows move between cards · Alt+arrows move the card · Enter opens it · Space done · Delete'}
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {said}
      </p>
      {openedTask && <TaskDialog handle={handle} task={openedTask} onClose={() => setOpened(null)} />}
    </section>
  );
}
