import { useMemo, useState, useSyncExternalStore } from 'react';
import { listPages } from '../../../shared/model';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { CalendarGrid, ListTaskDialog } from '../tasks';

/** Every task assigned to you, from every list, on one calendar: read from the task index, no list loaded. */
export function MyWorkCalendar() {
  const { tasks, index, profile } = useWorkspace();
  const version = useSyncExternalStore(tasks.subscribe, tasks.snapshot);
  const pages = useDocValue(index, listPages);
  const [opened, setOpened] = useState<{ listId: string; taskId: string } | null>(null);
  const items = useMemo(() => {
    const titles = new Map(pages.map((page) => [page.id, page.title || 'Untitled task list']));
    return tasks
      .tasks()
      .filter((task) => task.assignees.includes(profile.memberId))
      .map((task) => ({ ...task, id: `${task.listId}/${task.id}`, taskId: task.id, context: titles.get(task.listId) ?? 'Untitled task list' }));
    // `version` stands for the index's content.
  }, [tasks, version, pages, profile.memberId]);
  return (
    <>
      <CalendarGrid items={items} label="Your tasks by date" onOpen={(item) => setOpened({ listId: item.listId, taskId: item.taskId })} />
      {opened && <ListTaskDialog listId={opened.listId} taskId={opened.taskId} onClose={() => setOpened(null)} />}
    </>
  );
}
