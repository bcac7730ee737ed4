import { deleteTasks, listTasks, TASK_PRIORITIES, updateTasks, type Member, type TaskPatch } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import { useWorkspace } from '../../shared/workspace';
import { memberName, PRIORITY_NAMES } from './names';
import { StatusOptions, useWorkflow } from './workflow';
import { restoreIn } from './restore';
import { ListOptions, useMoveTasks, useOtherLists } from './TaskMove';

/**
 * What the List view can do to every selected task at once: status, assignee, priority, due date,
 * delete (undoable). Each is one change to the list's doc, so others receive it whole.
 */
export function BulkBar({ handle, ids, members, onClear }: { handle: DocHandle; ids: string[]; members: Member[]; onClear(): void }) {
  const { sync, undo, profile } = useWorkspace();
  const count = `${ids.length} ${ids.length === 1 ? 'task' : 'tasks'}`;
  const workflow = useWorkflow();
  const lists = useOtherLists(handle.docId);
  const moveTasks = useMoveTasks(handle.docId, handle.doc);
  const apply = (patch: TaskPatch) => updateTasks(handle.doc, ids, patch);
  return (
    <div className="bulk-bar" role="toolbar" aria-label={`${count} selected`}>
      <span className="bulk-count" role="status">
        {count} selected
      </span>
      <select aria-label="Set the status of the selected tasks" value="" onChange={(event) => apply({ status: event.target.value })}>
        <option value="">Status…</option>
        <StatusOptions workflow={workflow} />
      </select>
      <select aria-label="Assign the selected tasks" value="" onChange={(event) => apply({ assignees: event.target.value === '-' ? [] : [event.target.value] })}>
        <option value="">Assign…</option>
        <option value="-">Unassigned</option>
        {members.map((member) => (
          <option key={member.id} value={member.id}>
            {memberName(member, profile.memberId)}
          </option>
        ))}
      </select>
      <select aria-label="Set the priority of the selected tasks" value="" onChange={(event) => apply({ priority: event.target.value as (typeof TASK_PRIORITIES)[number] })}>
        <option value="">Priority…</option>
        {TASK_PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {PRIORITY_NAMES[priority]}
          </option>
        ))}
      </select>
      <input type="date" aria-label="Due date of the selected tasks" value="" onChange={(event) => event.target.value && apply({ dueDate: event.target.value })} />
      {lists.length > 0 && (
        <select
          aria-label="Move the selected tasks to another list"
          value=""
          onChange={(event) => {
            if (!event.target.value) return;
            const moving = listTasks(handle.doc).filter((task) => ids.includes(task.id));
            onClear();
            void moveTasks(moving, event.target.value);
          }}
        >
          <ListOptions lists={lists} />
        </select>
      )}
      <button
        type="button"
        onClick={() => {
          const gone = [...ids];
          deleteTasks(handle.doc, gone);
          onClear();
          undo.push({
            label: `Deleted ${gone.length} ${gone.length === 1 ? 'task' : 'tasks'}`,
            undo: () => restoreIn(sync, handle.docId, gone),
          });
        }}
      >
        Delete
      </button>
      <button type="button" className="link" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
