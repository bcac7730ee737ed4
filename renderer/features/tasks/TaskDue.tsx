import { useId } from 'react';
import type * as Y from 'yjs';
import { updateTask, type Member, type Task, type WorkingHours } from '../../../shared/model';
import { describeDue, isOverdue, type DueOwner } from '../../../shared/time';
import { useNow } from '../../shared/when';
import { useWorkspace } from '../../shared/workspace';

/**
 * Whose working day a task's due date ends: its first assignee's, else its creator's; a task
 * from nobody the workspace knows ends the workspace's default day in UTC. The same for every
 * reader, so the task is overdue at the same instant everywhere.
 */
export function dueOwner(task: Task, members: Member[], defaultHours: WorkingHours): DueOwner {
  const person = members.find((member) => member.id === task.assignees[0]) ?? members.find((member) => member.id === task.createdBy);
  return person ? { timezone: person.timezone, workingHours: person.workingHours } : { timezone: 'UTC', workingHours: defaultHours };
}

/** The due date field and when that is, in its owner's time and the reader's. */
export function TaskDue({ doc, task, members, defaultHours }: { doc: Y.Doc; task: Task; members: Member[]; defaultHours: WorkingHours }) {
  const { profile, readOnly } = useWorkspace();
  const now = useNow();
  const describedBy = useId();
  const owner = dueOwner(task, members, defaultHours);
  const due = task.dueDate ? describeDue(task.dueDate, owner, profile.timezone) : null;
  const overdue = isOverdue(task.dueDate, task.status === 'done', owner, now);
  return (
    <span className={overdue ? 'task-due overdue' : 'task-due'}>
      <input
        type="date"
        aria-label={`Due date of ${task.title}`}
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
