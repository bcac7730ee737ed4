import { useCallback } from 'react';
import { deleteTask, restoreTasks, type Task } from '../../../shared/model';
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
