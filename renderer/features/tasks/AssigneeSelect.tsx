import type { Member, Task } from '../../../shared/model';
import { useMinute } from '../../shared/minuteClock';
import { localTimeOf } from '../people';
import { memberName } from './names';

/**
 * A row's one assignee, as a menu. The assignee's own time is its description and tooltip ("Mei ·
 * 14:05 in Shanghai"): the row stays narrow, and only this menu is drawn again each minute.
 */
export function AssigneeSelect({ task, members, me, readOnly, onAssign }: { task: Task; members: Member[]; me: string; readOnly: boolean; onAssign(to: string): void }) {
  const now = useMinute();
  const assignee = task.assignees[0] ?? '';
  const person = assignee && assignee !== me ? members.find((member) => member.id === assignee) : undefined;
  const time = person ? `${person.name} · ${localTimeOf(person, now)}` : undefined;
  return (
    <select aria-label={`Assignee of ${task.title}`} aria-description={time} title={time} aria-keyshortcuts="A" data-field="assignee" value={assignee} disabled={readOnly} onChange={(event) => onAssign(event.target.value)}>
      <option value="">Unassigned</option>
      {members.map((member) => (
        <option key={member.id} value={member.id}>
          {memberName(member, me)}
        </option>
      ))}
    </select>
  );
}
