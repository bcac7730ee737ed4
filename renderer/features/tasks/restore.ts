import { restoreTask } from '../../../shared/model';
import type { WorkspaceSync } from '../../../shared/sync';

/** Puts a deleted task back, opening its list's doc again if the person has left the list since. */
export async function restoreIn(sync: WorkspaceSync, docId: string, taskId: string): Promise<void> {
  const opened = await sync.openDoc(docId);
  try {
    restoreTask(opened.doc, taskId);
  } finally {
    opened.release();
  }
}
