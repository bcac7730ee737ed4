import { useEffect, useState } from 'react';
import { listTasks } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { TaskDialog } from './TaskDialog';

/**
 * A task of any list in its dialog, for views that span lists (they read the task index and hold
 * no list open): the list's doc is opened while the dialog is, and the dialog closes if the task
 * leaves the list (deleted or moved elsewhere).
 */
export function ListTaskDialog({ listId, taskId, onClose }: { listId: string; taskId: string; onClose(): void }) {
  const { sync } = useWorkspace();
  const [handle, setHandle] = useState<DocHandle | null>(null);
  useEffect(() => {
    let live = true;
    let opened: DocHandle | null = null;
    void sync.openDoc(listId).then((next) => {
      if (live) setHandle((opened = next));
      else next.release();
    });
    return () => {
      live = false;
      opened?.release();
    };
  }, [sync, listId]);
  return handle ? <Opened handle={handle} taskId={taskId} onClose={onClose} /> : null;
}

function Opened({ handle, taskId, onClose }: { handle: DocHandle; taskId: string; onClose(): void }) {
  const task = useDocValue(handle.doc, (doc) => listTasks(doc).find((candidate) => candidate.id === taskId), [taskId]);
  useEffect(() => {
    if (!task) onClose();
  }, [task, onClose]);
  return task ? <TaskDialog handle={handle} task={task} onClose={onClose} /> : null;
}
