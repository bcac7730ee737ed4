import { useEffect, useMemo, type ReactNode } from 'react';
import type { Task } from '../../../shared/model';
import { useVirtualList } from '../../shared/useVirtualList';
import { VirtualGap } from '../../shared/VirtualGap';

/** A collapsed task row's height (px) until it has been measured. */
const ROW_ESTIMATE = 47;

interface Props {
  tasks: readonly Task[];
  label: string;
  /** Draws the task at `position` (0-based) of `tasks`. */
  row(task: Task, position: number): ReactNode;
  /** Hands the list's reveal (draw a task now, by id) to its owner, which moves focus across lists; null as it goes. */
  onReveal(reveal: ((taskId: string) => void) | null): void;
}

/**
 * One list of task rows, virtualised: only the rows near the view are in the DOM (and the focused
 * one with its neighbours), each labelled with its place in the whole list for screen readers.
 */
export function TaskRows({ tasks, label, row, onReveal }: Props) {
  const keys = useMemo(() => tasks.map((task) => task.id), [tasks]);
  const { listRef, items, reveal } = useVirtualList({ keys, estimate: ROW_ESTIMATE });
  useEffect(() => {
    onReveal(reveal);
    return () => onReveal(null);
  }, [onReveal, reveal]);
  return (
    <ul ref={listRef} className="task-list" aria-label={label}>
      {items.map((item) => (item.kind === 'gap' ? <VirtualGap key={item.key} height={item.height} /> : row(tasks[item.index]!, item.index)))}
    </ul>
  );
}
