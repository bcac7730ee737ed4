import type * as Y from 'yjs';
import { updateTask, type Label, type Member, type Task } from '../../../shared/model';
import { useWorkspace } from '../../shared/workspace';
import { useNotifier } from '../../shared/sendNotifications';
import { memberName } from './names';
import { localTimeOf } from '../people';
import { useMinute } from '../../shared/minuteClock';

/**
 * A task's people and labels in its details: any number of each, as checkboxes. (The row's menus
 * set one; with several, the row names them and opens this.)
 */
export function TaskPeople({ doc, listId, task, members, labels }: { doc: Y.Doc; listId: string; task: Task; members: Member[]; labels: Label[] }) {
  const { profile, readOnly } = useWorkspace();
  const tell = useNotifier();
  const now = useMinute();
  const toggle = (field: 'assignees' | 'labels', id: string, on: boolean) => {
    const current = field === 'assignees' ? task.assignees : task.labels;
    updateTask(doc, task.id, { [field]: on ? [...current, id] : current.filter((other) => other !== id) });
    if (field === 'assignees' && on) tell([{ kind: 'assigned', to: id, pageId: listId, taskId: task.id, title: task.title, text: '' }]);
  };
  return (
    <div className="task-people">
      <fieldset>
        <legend className="details-heading">Assignees</legend>
        {members.map((member) => {
          // Their own time beside their name (not mine: I know it), for a screen reader as a description.
          const time = member.id === profile.memberId ? null : localTimeOf(member, now);
          return (
            <label key={member.id} className="task-choice">
              <input type="checkbox" checked={task.assignees.includes(member.id)} disabled={readOnly} aria-description={time ?? undefined} onChange={(event) => toggle('assignees', member.id, event.target.checked)} />
              {memberName(member, profile.memberId)}
              {time && (
                <span className="local-time" aria-hidden="true">
                  {time}
                </span>
              )}
            </label>
          );
        })}
      </fieldset>
      {labels.length > 0 && (
        <fieldset>
          <legend className="details-heading">Labels</legend>
          {labels.map((label) => (
            <label key={label.id} className="task-choice">
              <input type="checkbox" checked={task.labels.includes(label.id)} disabled={readOnly} onChange={(event) => toggle('labels', label.id, event.target.checked)} />
              <span className="label-swatch" style={{ background: label.color }} aria-hidden="true" />
              {label.name}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
