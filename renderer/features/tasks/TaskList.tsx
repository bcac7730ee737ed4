import { useState, type FormEvent } from 'react';
import { addTask, deleteTask, getSettings, listLabels, listMembers, listTasks, moveTask } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { restoreIn } from './restore';
import { TaskRow } from './TaskRow';

/** The body of a task-list page. */
export function TaskList({ handle }: { handle: DocHandle }) {
  const { sync, index, profile, readOnly, undo } = useWorkspace();
  const doc = handle.doc;
  const tasks = useDocValue(doc, listTasks);
  const members = useDocValue(index, listMembers);
  const labels = useDocValue(index, listLabels);
  const defaultHours = useDocValue(index, (current) => getSettings(current).defaultWorkingHours);
  const [title, setTitle] = useState('');
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
          <input
            aria-label="New task"
            placeholder="Add a task and press Enter"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowDown') return;
              event.preventDefault();
              event.currentTarget.form?.parentElement?.querySelector<HTMLElement>('.task-list > li')?.focus();
            }}
          />
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
      {/* Each row makes its own controls read-only for a viewer, so the details stay openable and readable. */}
      <ul className="task-list" aria-label="Task list">
        {visible.map((task) => {
          const position = tasks.findIndex((other) => other.id === task.id);
          return (
            <TaskRow
              key={task.id}
              doc={doc}
              listId={handle.docId}
              task={task}
              members={members}
              labels={labels}
              defaultHours={defaultHours}
              awareness={handle.awareness}
              canMoveUp={position > 0}
              canMoveDown={position < tasks.length - 1}
              onMove={(delta) => moveTask(doc, task.id, position + delta)}
              onDelete={() => {
                deleteTask(doc, task.id);
                undo.push({ label: `Deleted “${task.title}”`, undo: () => restoreIn(sync, handle.docId, task.id) });
              }}
            />
          );
        })}
      </ul>
      {visible.length > 0 && (
        <p className="task-keys muted small">
          {readOnly
            ? 'Keys: ↑ ↓ move between tasks · → ← show and hide details · Enter reads the title'
            : 'Keys on a task (Esc from its title): ↑ ↓ move · → ← details · Enter edit · Space done · A assign · D due date · S status · P priority · L label · H hand off · Delete · Alt+↑ ↓ reorder'}
        </p>
      )}
      {tasks.length === 0 && <p className="muted">{readOnly ? 'No tasks yet.' : 'No tasks yet. Type one above; everyone in the workspace will see it.'}</p>}
    </section>
  );
}
