import { useCallback } from 'react';
import type * as Y from 'yjs';
import { deleteTask, getPage, listTasks, ModelError, moveTaskToList, restoreTasks, type Task } from '../../../shared/model';
import type { DocHandle, WorkspaceSync } from '../../../shared/sync';
import { useWorkspace } from '../../shared/workspace';

/** Puts deleted tasks back, opening their list's doc again if the person has left the list since. */
export async function restoreIn(sync: WorkspaceSync, docId: string, taskIds: readonly string[]): Promise<void> {
  const opened = await sync.openDoc(docId);
  try {
    restoreTasks(opened.doc, taskIds);
  } finally {
    opened.release();
  }
}

/** Deletes a task of the list, undoably (Ctrl+Z or the notification's Undo), from any of its views. */
export function useDeleteTask(handle: DocHandle): (task: Task) => void {
  const { sync, undo } = useWorkspace();
  return useCallback(
    (task: Task) => {
      deleteTask(handle.doc, task.id);
      undo.push({ label: `Deleted “${task.title}”`, undo: () => restoreIn(sync, handle.docId, [task.id]) });
    },
    [handle, sync, undo],
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
