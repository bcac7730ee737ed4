import { useCallback } from 'react';
import { deleteTask, restoreTask, type Task } from '../../../shared/model';
import type { DocHandle, WorkspaceSync } from '../../../shared/sync';
import { useWorkspace } from '../../shared/workspace';

/** Puts a deleted task back, opening its list's doc again if the person has left the list since. */
export async function restoreIn(sync: WorkspaceSync, docId: string, taskId: string): Promise<void> {
  const opened = await sync.openDoc(docId);
  try {
    restoreTask(opened.doc, taskId);
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
      undo.push({ label: `Deleted “${task.title}”`, undo: () => restoreIn(sync, handle.docId, task.id) });
    },
    [handle, sync, undo],
  );
}
