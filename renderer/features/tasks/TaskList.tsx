import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { addTask, listTasks, moveTask, statusName, type Task } from '../../../shared/model';
import { arrangeTasks, type DUE_GROUPS } from '../../../shared/tasks';
import { todayIn } from '../../../shared/time';
import { useNow } from '../../shared/when';
import type { DocHandle } from '../../../shared/sync';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { BulkBar } from './BulkBar';
import { ListControls, useArrangement } from './ListControls';
import { useDeleteTask } from './restore';
import { TaskRow } from './TaskRow';
import { TaskRows } from './TaskRows';
import { useTaskNames } from './useTaskNames';
import { useWorkflow } from './workflow';

const DUE_GROUP_NAMES: Record<(typeof DUE_GROUPS)[number], string> = { past: 'Before today', today: 'Today', week: 'Next 7 days', later: 'Later', '': 'No due date' };

/** The body of a task-list page. */
export function TaskList({ handle }: { handle: DocHandle }) {
  const { profile, readOnly } = useWorkspace();
  const remove = useDeleteTask(handle);
  const doc = handle.doc;
  const tasks = useDocValue(doc, listTasks);
  const { members, labels, defaultHours } = useTaskNames();
  const [title, setTitle] = useState('');
  const [arrangement, arrange] = useArrangement(profile.memberId, handle.docId);
  const today = todayIn(profile.timezone, useNow());
  const workflow = useWorkflow();
  const groups = useMemo(() => arrangeTasks(tasks, arrangement, { me: profile.memberId, members, labels, workflow, today }), [tasks, arrangement, profile.memberId, members, labels, workflow, today]);
  // Reordering by hand is for the list's own order; sorted or grouped, the keys and arrows leave it.
  const manual = arrangement.sort === 'manual' && arrangement.group === 'none';
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  // Only what is on screen stays selected: a filter that hides a task takes it out of a bulk edit.
  const onScreen = new Set(groups.flatMap((group) => group.tasks.map((task) => task.id)));
  const selected = [...selection].filter((id) => onScreen.has(id));
  const select = useCallback(
    (taskId: string | null, how: 'toggle' | 'add' | 'clear') =>
      setSelection((now) => {
        if (how === 'clear' || taskId === null) return new Set();
        const next = new Set(now);
        if (how === 'toggle' && next.has(taskId)) next.delete(taskId);
        else next.add(taskId);
        return next;
      }),
    [],
  );

  // Rows are drawn near the view only (TaskRows): moving focus to a row asks its list to draw it first.
  const section = useRef<HTMLElement>(null);
  const reveals = useRef(new Map<string, (taskId: string) => void>());
  const revealHandlers = useRef(new Map<string, (reveal: ((taskId: string) => void) | null) => void>());
  const onRevealOf = useCallback((groupKey: string) => {
    let handler = revealHandlers.current.get(groupKey);
    if (!handler) {
      handler = (reveal) => (reveal ? reveals.current.set(groupKey, reveal) : reveals.current.delete(groupKey));
      revealHandlers.current.set(groupKey, handler);
    }
    return handler;
  }, []);
  const order = groups.flatMap((group) => group.tasks.map((task) => ({ id: task.id, group: group.key })));
  const rowOf = (taskId: string): HTMLElement | null => {
    const find = () => section.current?.querySelector<HTMLElement>(`.task-list > li[data-task-id="${CSS.escape(taskId)}"]`) ?? null;
    if (find()) return find();
    reveals.current.get(order.find((entry) => entry.id === taskId)?.group ?? '')?.(taskId);
    return find();
  };
  /** The row `delta` rows from a task's, across groups, drawn so it can take focus. */
  const rowBeside = (taskId: string, delta: number): HTMLElement | null => {
    const target = order[order.findIndex((entry) => entry.id === taskId) + delta];
    return target ? rowOf(target.id) : null;
  };

  /** Moves a task past its neighbour on screen, whatever the filter hides between them. */
  const move = (task: Task, delta: number) => {
    const at = order.findIndex((entry) => entry.id === task.id);
    const neighbour = order[at + delta];
    if (!neighbour || neighbour.group !== order[at]!.group) return;
    const others = tasks.filter((other) => other.id !== task.id);
    const index = others.findIndex((other) => other.id === neighbour.id);
    if (index >= 0) moveTask(doc, task.id, delta < 0 ? index : index + 1);
  };
  // Rows are memoized (TaskRow): their handlers stay the same functions and act on the latest list.
  const latest = useRef({ move, remove, rowBeside });
  latest.current = { move, remove, rowBeside };
  const onMove = useCallback((task: Task, delta: number) => latest.current.move(task, delta), []);
  const onDelete = useCallback((task: Task) => latest.current.remove(task), []);
  const onRowBeside = useCallback((taskId: string, delta: number) => latest.current.rowBeside(taskId, delta), []);

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    addTask(doc, { title, by: profile.memberId });
    setTitle('');
  };

  const shown = groups.reduce((sum, group) => sum + group.tasks.length, 0);
  const open = tasks.filter((task) => task.status !== 'done').length;
  const groupName = (key: string): string => {
    if (arrangement.group === 'due') return DUE_GROUP_NAMES[key as (typeof DUE_GROUPS)[number]];
    if (arrangement.group === 'status') return statusName(workflow, key);
    if (arrangement.group === 'assignee') return key === '' ? 'Unassigned' : (members.find((member) => member.id === key)?.name ?? 'Someone');
    return key === '' ? 'No label' : (labels.find((label) => label.id === key)?.name ?? 'A label');
  };

  const row = (task: Task, visible: readonly Task[], at: number) => {
    const neighbour = (delta: number) => visible[at + delta];
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
        canMoveUp={manual && neighbour(-1) !== undefined}
        canMoveDown={manual && neighbour(1) !== undefined}
        onMove={onMove}
        onDelete={onDelete}
        selected={selection.has(task.id)}
        onSelect={readOnly ? undefined : select}
        position={at + 1}
        count={visible.length}
        rowBeside={onRowBeside}
      />
    );
  };

  return (
    <section ref={section} className="tasks" aria-label="Tasks">
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
              if (order[0]) rowOf(order[0].id)?.focus();
            }}
          />
          <button type="submit">Add task</button>
        </form>
      )}
      <div className="task-summary muted small">
        <span>
          {open} open · {tasks.length - open} done{shown < tasks.length ? ` · ${shown} shown` : ''}
        </span>
        {tasks.length > 0 && <ListControls arrangement={arrangement} onChange={arrange} members={members} labels={labels} workflow={workflow} me={profile.memberId} />}
      </div>
      {selected.length > 0 && <BulkBar handle={handle} ids={selected} members={members} onClear={() => select(null, 'clear')} />}
      {/* Each row makes its own controls read-only for a viewer, so the details stay openable and readable. */}
      {arrangement.group === 'none' ? (
        <TaskRows tasks={groups[0]!.tasks} label="Task list" row={(task, at) => row(task, groups[0]!.tasks, at)} onReveal={onRevealOf(groups[0]!.key)} />
      ) : (
        groups.map((group) => (
          <section key={group.key} className="task-group" aria-label={groupName(group.key)}>
            <h3 className="task-group-heading">
              {groupName(group.key)} <span className="muted">{group.tasks.length}</span>
            </h3>
            <TaskRows tasks={group.tasks} label={`${groupName(group.key)} tasks`} row={(task, at) => row(task, group.tasks, at)} onReveal={onRevealOf(group.key)} />
          </section>
        ))
      )}
      {tasks.length > 0 && shown === 0 && <p className="muted">No task matches. Clear the filter to see them all.</p>}
      {shown > 0 && (
        <p className="task-keys muted small">
          {readOnly
            ? 'Keys: ↑ ↓ move between tasks · → ← show and hide details · Enter reads the title'
            : 'Keys on a task (Esc from its title): ↑ ↓ move · → ← details · Enter edit · Space done · A assign · D due date · S status · P priority · L label · M move to another list · H hand off · C comment · Delete · Alt+↑ ↓ reorder · X or Shift+↑ ↓ select'}
        </p>
      )}
      {tasks.length === 0 && <p className="muted">{readOnly ? 'No tasks yet.' : 'No tasks yet. Type one above; everyone in the workspace will see it.'}</p>}
    </section>
  );
}
