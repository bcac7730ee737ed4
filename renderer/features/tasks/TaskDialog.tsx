import { getSettings, listLabels, listMembers, type Task } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { Dialog } from '../dialog';
import { useDeleteTask } from './restore';
import { TaskRow } from './TaskRow';

/** The whole task in a dialog, its details open: what the board and the calendar open a task in. */
export function TaskDialog({ handle, task, onClose }: { handle: DocHandle; task: Task; onClose(): void }) {
  const { index } = useWorkspace();
  const remove = useDeleteTask(handle);
  const members = useDocValue(index, listMembers);
  const labels = useDocValue(index, listLabels);
  const defaultHours = useDocValue(index, (current) => getSettings(current).defaultWorkingHours);
  return (
    <Dialog title={task.title} onClose={onClose}>
      <ul className="task-list board-task" aria-label="Task">
        <TaskRow
          doc={handle.doc}
          listId={handle.docId}
          task={task}
          members={members}
          labels={labels}
          defaultHours={defaultHours}
          awareness={handle.awareness}
          canMoveUp={false}
          canMoveDown={false}
          onMove={() => undefined}
          onDelete={() => {
            onClose();
            remove(task);
          }}
          startExpanded
        />
      </ul>
    </Dialog>
  );
}
