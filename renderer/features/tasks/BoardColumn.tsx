import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { memo, useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type * as Y from 'yjs';
import { addTask, placeTask, type TaskStatus, type WorkflowStatus } from '../../../shared/model';
import { useVirtualList } from '../../shared/useVirtualList';
import { VirtualGap } from '../../shared/VirtualGap';
import { ColumnHeading } from './WorkflowColumns';

/** The droppable id of a column (cards are droppable by their task's id). */
export const COLUMN = 'column:';
/** A card's height (px) until it has been measured. */
const CARD_ESTIMATE = 64;

interface ColumnProps {
  status: WorkflowStatus;
  workflow: readonly WorkflowStatus[];
  /** Its place in the workflow. */
  at: number;
  /** The column's cards, by task id, as they stand (mid-drag, as the drag has rearranged them). */
  ids: readonly string[];
  /** The card being dragged: drawn wherever the column is scrolled. */
  dragged: string | null;
  /** Draws one card at `position` (0-based) of the column's `count`. */
  card(id: string, position: number, count: number): ReactNode;
  /** Hands the column's reveal (draw a card now, by id) to the board, which moves focus between columns. */
  onReveal(status: TaskStatus, reveal: ((id: string) => void) | null): void;
  doc: Y.Doc;
  by: string;
  readOnly: boolean;
}

/** One status's column: its heading (with its menu), its cards, and a field to add a task straight into it. */
export function BoardColumn({ status, workflow, at, ids, dragged, card, onReveal, doc, by, readOnly }: ColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id: `${COLUMN}${status.id}`, disabled: readOnly });
  const [title, setTitle] = useState('');
  const name = status.name;
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    const id = addTask(doc, { title, by });
    if (status.id !== 'todo') placeTask(doc, id, status.id, ids.length, Date.now(), workflow);
    setTitle('');
  };
  return (
    <section className={`board-column${isOver ? ' over' : ''}`} aria-label={name}>
      <ColumnHeading status={status} workflow={workflow} at={at} count={ids.length} readOnly={readOnly} />
      <ColumnCards status={status.id} name={name} ids={ids} dragged={dragged} card={card} onReveal={onReveal} droppableRef={setNodeRef} />
      {!readOnly && (
        <form className="board-add" onSubmit={add}>
          <input aria-label={`New task in ${name}`} placeholder="+ Add a task" value={title} onChange={(event) => setTitle(event.target.value)} />
        </form>
      )}
    </section>
  );
}

interface CardsProps extends Pick<ColumnProps, 'ids' | 'dragged' | 'card' | 'onReveal'> {
  status: TaskStatus;
  name: string;
  droppableRef(element: HTMLElement | null): void;
}

/**
 * The column's cards, virtualised: only those near the view are in the DOM, so a drag over a
 * board of thousands re-renders and measures tens of cards. Memoized: the column around it
 * re-renders on every pointer move of a drag (it is a drop target), this list only when its cards change.
 */
const ColumnCards = memo(function ColumnCards({ status, name, ids, dragged, card, onReveal, droppableRef }: CardsProps) {
  const draggedAt = dragged === null ? -1 : ids.indexOf(dragged);
  const { listRef, items, reveal } = useVirtualList({ keys: ids, estimate: CARD_ESTIMATE, pinned: draggedAt < 0 ? [] : [draggedAt] });
  useEffect(() => {
    onReveal(status, reveal);
    return () => onReveal(status, null);
  }, [onReveal, status, reveal]);
  // Sortable among the cards drawn: dnd-kit measures and moves those.
  const drawn = useMemo(() => items.flatMap((item) => (item.kind === 'row' ? [ids[item.index]!] : [])), [items, ids]);
  const ref = useCallback(
    (element: HTMLUListElement | null) => {
      droppableRef(element);
      listRef(element);
    },
    [droppableRef, listRef],
  );
  return (
    <SortableContext id={status} items={drawn} strategy={verticalListSortingStrategy}>
      <ul ref={ref} className="board-cards" aria-label={`${name} tasks`}>
        {items.map((item) => (item.kind === 'gap' ? <VirtualGap key={item.key} height={item.height} /> : card(ids[item.index]!, item.index, ids.length)))}
      </ul>
    </SortableContext>
  );
});
