import { useMemo, type ReactNode } from 'react';
import type { IndexedTask } from '../../../shared/tasks/taskIndex';
import type { Profile } from '../../shared/device';
import { useNow } from '../../shared/when';
import { useVirtualList } from '../../shared/useVirtualList';
import { VirtualGap } from '../../shared/VirtualGap';
import { myWorkGroups, rowKey, rowMeta, type MyWorkSource } from './myWorkModel';

/**
 * My work's groups and rows as React draws them, from the live task index (MyWork.tsx) or from the
 * copy saved when it was last shown (MyWorkFromCopy.tsx). Kept apart from the workspace's code, so
 * a cold start can draw them before that code has loaded.
 */

export function MyWorkPage({ children }: { children: ReactNode }) {
  return (
    <section className="page mywork" aria-label="My work">
      <h1>My work</h1>
      {children}
    </section>
  );
}

/** My work's groups (what needs you first), each virtualised. */
export function MyWorkGroups({ source, profile, onOpen }: { source: MyWorkSource; profile: Profile; onOpen(listId: string): void }) {
  const now = useNow();
  const { shown, message } = useMemo(() => myWorkGroups(source, profile, now), [source, profile, now]);
  const row = (task: IndexedTask, position: number, count: number) => (
    <li key={rowKey(task)} className="mywork-task" data-row-key={rowKey(task)} aria-posinset={position + 1} aria-setsize={count}>
      <button type="button" className="mywork-open" onClick={() => onOpen(task.listId)}>
        {task.title}
      </button>
      <span className="mywork-meta muted">{rowMeta(task, source, profile, now)}</span>
    </li>
  );
  if (message) {
    return (
      <p className="muted" role={message.reading ? 'status' : undefined}>
        {message.text}
      </p>
    );
  }
  return (
    <>
      {shown.map((group) => (
        <section key={group.key} className="mywork-group" aria-label={group.title}>
          <h2>
            {group.title} <span className="muted">{group.tasks.length}</span>
          </h2>
          <MyWorkRows tasks={group.tasks} row={row} />
        </section>
      ))}
    </>
  );
}

/** One group's tasks, only those near the view drawn: someone with hundreds of tasks opens My work as fast as someone with ten. */
function MyWorkRows({ tasks, row }: { tasks: readonly IndexedTask[]; row(task: IndexedTask, position: number, count: number): ReactNode }) {
  const keys = useMemo(() => tasks.map(rowKey), [tasks]);
  const { listRef, items } = useVirtualList({ keys, estimate: 52 });
  return <ul ref={listRef}>{items.map((item) => (item.kind === 'gap' ? <VirtualGap key={item.key} height={item.height} /> : row(tasks[item.index]!, item.index, tasks.length)))}</ul>;
}
