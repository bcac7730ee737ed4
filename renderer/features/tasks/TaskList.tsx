import { useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { addTask, deleteTask, listLabels, listMembers, listTasks, moveTask, restoreTask } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import type { Profile } from '../../app/device';
import { useDocValue } from '../../app/useYDoc';
import { TaskRow } from './TaskRow';

interface Props {
  handle: DocHandle;
  index: Y.Doc;
  profile: Profile;
  readOnly: boolean;
}

export function TaskList({ handle, index, profile, readOnly }: Props) {
  const doc = handle.doc;
  const tasks = useDocValue(doc, listTasks);
  const members = useDocValue(index, listMembers);
  const labels = useDocValue(index, listLabels);
  const [title, setTitle] = useState('');
  const [deleted, setDeleted] = useState<{ id: string; title: string } | null>(null);
  const [showDone, setShowDone] = useState(true);

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    addTask(doc, { title, by: profile.memberId });
    setTitle('');
  };

  const visible = showDone ? tasks : tasks.filter((task) => task.status !== 'done');
  const open = tasks.filter((task) => task.status !== 'done').length;

  return (
    <section className="tasks" aria-label="Tasks">
      {!readOnly && (
        <form className="new-task" onSubmit={add}>
          <input aria-label="New task" placeholder="Add a task and press Enter" value={title} onChange={(event) => setTitle(event.target.value)} />
          <button type="submit">Add task</button>
        </form>
      )}
      <div className="task-summary muted small">
        <span>
          {open} open · {tasks.length - open} done
        </span>
        <label>
          <input type="checkbox" checked={showDone} onChange={(event) => setShowDone(event.target.checked)} /> Show completed
        </label>
      </div>
      {/* A disabled fieldset makes every control of every task read-only at once. */}
      <fieldset className="task-fieldset" disabled={readOnly}>
        <ul className="task-list" aria-label="Task list">
          {visible.map((task) => {
            const position = tasks.findIndex((other) => other.id === task.id);
            return (
              <TaskRow
                key={task.id}
                doc={doc}
                index={index}
                task={task}
                members={members}
                labels={labels}
                awareness={handle.awareness}
                profile={profile}
                readOnly={readOnly}
                canMoveUp={position > 0}
                canMoveDown={position < tasks.length - 1}
                onMove={(delta) => moveTask(doc, task.id, position + delta)}
                onDelete={() => {
                  deleteTask(doc, task.id);
                  setDeleted({ id: task.id, title: task.title });
                }}
              />
            );
          })}
        </ul>
      </fieldset>
      {tasks.length === 0 && <p className="muted">No tasks yet. Type one above; everyone in the workspace will see it.</p>}
      {deleted && (
        <div className="inline-notice" role="status">
          Deleted “{deleted.title}”.{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              restoreTask(doc, deleted.id);
              setDeleted(null);
            }}
          >
            Undo
          </button>
        </div>
      )}
    </section>
  );
}
