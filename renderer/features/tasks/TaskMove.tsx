import type { Task } from '../../../shared/model';
import { listPages } from '../../../shared/model';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';

/** The other task lists of the workspace, by title, for "Move to…" menus. */
export function useOtherLists(listId: string): { id: string; title: string }[] {
  const { index } = useWorkspace();
  return useDocValue(index, (current) => listPages(current).filter((page) => page.kind === 'tasks' && page.deletedAt === null && page.id !== listId), [listId]).map((page) => ({
    id: page.id,
    title: page.title || 'Untitled task list',
  }));
}

/** "Move to…": a menu of the workspace's other task lists; choosing one moves the task there (M on a task). */
export function TaskMove({ listId, task, onMove }: { listId: string; task: Task; onMove(toId: string): void }) {
  const lists = useOtherLists(listId);
  if (lists.length === 0) return null;
  return (
    <label className="task-move small">
      <span className="muted">List</span>{' '}
      <select aria-label={`Move ${task.title} to another list`} aria-keyshortcuts="M" data-field="list" value="" onChange={(event) => event.target.value && onMove(event.target.value)}>
        <ListOptions lists={lists} />
      </select>
    </label>
  );
}

/** "Move to…" and the lists to choose from, as a menu's options. */
export function ListOptions({ lists }: { lists: readonly { id: string; title: string }[] }) {
  return (
    <>
      <option value="">Move to…</option>
      {lists.map((list) => (
        <option key={list.id} value={list.id}>
          {list.title}
        </option>
      ))}
    </>
  );
}
