import { useCallback } from 'react';
import type * as Y from 'yjs';
import { getPage, listPages, listTasks, ModelError, moveTaskToList, type Task } from '../../../shared/model';
import type { WorkspaceSync } from '../../../shared/sync';
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

/** Moves tasks from one list to another, opening both lists' docs for the time it takes. */
export async function moveBetween(sync: WorkspaceSync, fromId: string, toId: string, taskIds: readonly string[], places?: readonly number[]): Promise<void> {
  const [from, to] = await Promise.all([sync.openDoc(fromId), sync.openDoc(toId)]);
  try {
    taskIds.forEach((taskId, n) => moveTaskToList(sync.index, { id: fromId, doc: from.doc }, { id: toId, doc: to.doc }, taskId, { at: places?.[n] }));
  } finally {
    from.release();
    to.release();
  }
}

/** Moves tasks of this list to another one, undoably; says where they went. */
export function useMoveTasks(listId: string, doc: Y.Doc): (tasks: readonly Task[], toId: string) => Promise<void> {
  const { sync, undo, index, notify } = useWorkspace();
  return useCallback(
    async (tasks: readonly Task[], toId: string) => {
      // Undo puts them back where they were, in the order they stood.
      const places = listTasks(doc).map((task) => task.id);
      const ids = tasks.map((task) => task.id).sort((a, b) => places.indexOf(a) - places.indexOf(b));
      const list = getPage(index, toId)?.title || 'Untitled task list';
      try {
        await moveBetween(sync, listId, toId, ids);
      } catch (error) {
        notify(error instanceof ModelError ? error.message : 'Could not move the task; try again.');
        return;
      }
      const what = tasks.length === 1 ? `“${tasks[0]!.title}”` : `${tasks.length} tasks`;
      undo.push({ label: `Moved ${what} to ${list}`, undo: () => moveBetween(sync, toId, listId, ids, ids.map((id) => places.indexOf(id))) });
    },
    [listId, doc, sync, undo, index, notify],
  );
}
