import { useState } from 'react';
import { listTasks } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import { useDocValue } from '../../shared/useYDoc';
import { CalendarGrid } from './CalendarGrid';
import { TaskDialog } from './TaskDialog';

/** A task list as a calendar: its tasks by their start and due dates; a task opens in a dialog. */
export function TaskCalendar({ handle }: { handle: DocHandle }) {
  const tasks = useDocValue(handle.doc, listTasks);
  const [opened, setOpened] = useState<string | null>(null);
  const openedTask = opened ? tasks.find((task) => task.id === opened) : undefined;
  return (
    <>
      <CalendarGrid items={tasks} label="Calendar" onOpen={(task) => setOpened(task.id)} />
      {openedTask && <TaskDialog handle={handle} task={openedTask} onClose={() => setOpened(null)} />}
    </>
  );
}
