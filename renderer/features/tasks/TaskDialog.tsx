import type { Task } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import { Dialog } from '../dialog';
import { useDeleteTask } from './restore';
import { TaskRow } from './TaskRow';
import { useTaskNames } from './useTaskNames';

/** The whole task in a dialog, its details open: what the board and the calendar open a task in. */
export function TaskDialog({ handle, task, onClose }: { handle: DocHandle; task: Task; onClose(): void }) {
  const remove = useDeleteTask(handle);
  const { members, labels, defaultHours } = useTaskNames();
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
