import { useId } from 'react';
import type * as Y from 'yjs';
import { updateTask, type Member, type Task, type WorkingHours } from '../../../shared/model';
import { dueOwnerOf } from '../../../shared/tasks';
import { describeDue, isOverdue } from '../../../shared/time';
import { useNow } from '../../shared/when';
import { useWorkspace } from '../../shared/workspace';

/** The due date field and when that is, in its owner's time and the reader's. */
export function TaskDue({ doc, task, members, defaultHours }: { doc: Y.Doc; task: Task; members: Member[]; defaultHours: WorkingHours }) {
  const { profile, readOnly } = useWorkspace();
  const now = useNow();
  const describedBy = useId();
  const owner = dueOwnerOf(task, members, defaultHours);
  const due = task.dueDate ? describeDue(task.dueDate, owner, profile.timezone) : null;
  const overdue = isOverdue(task.dueDate, task.status === 'done', owner, now);
  return (
    <span className={overdue ? 'task-due overdue' : 'task-due'}>
      <input
        type="date"
        aria-label={`Due date of ${task.title}`}
        aria-keyshortcuts="D"
        aria-describedby={due ? describedBy : undefined}
        disabled={readOnly}
        className={overdue ? 'overdue' : undefined}
        value={task.dueDate ?? ''}
        onChange={(event) => updateTask(doc, task.id, { dueDate: event.target.value || null })}
      />
      {due && (
        <span id={describedBy} className="task-due-when">
          {overdue ? `Overdue since ${due.when}` : due.text}
        </span>
      )}
    </span>
  );
}
