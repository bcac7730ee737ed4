import { useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { listPages, type Member, type WorkingHours } from '../../../shared/model';
import { arrivesAt, dueOwnerOf, myWork, type IndexedTask, type MyWork as Groups } from '../../../shared/tasks';
import { describeDue, formatWeekdayTime } from '../../../shared/time';
import { useDocValue } from '../../shared/useYDoc';
import { useNow } from '../../shared/when';
import { useVirtualList } from '../../shared/useVirtualList';
import { VirtualGap } from '../../shared/VirtualGap';
import { useWorkspace } from '../../shared/workspace';
import { preloadable } from '../../shared/preloadable';
import { Opening, useViewChoice, ViewTabs } from '../page';
import { useTaskNames } from '../tasks';

/** The view's id where a page id would be: the sidebar opens it like a page, and a reload lands on it. */
export const MY_WORK_VIEW = 'my-work';

/** My work as groups (what needs you first), or every task of yours on a board or a calendar (loaded on first use, like a list's). */
const VIEWS: readonly { id: string; label: string; Body?: ReturnType<typeof preloadable<object>> }[] = [
  { id: 'list', label: 'List' },
  { id: 'board', label: 'Board', Body: preloadable(() => import('./MyWorkBoard').then((module) => module.MyWorkBoard)) },
  { id: 'calendar', label: 'Calendar', Body: preloadable(() => import('./MyWorkCalendar').then((module) => module.MyWorkCalendar)) },
];

const GROUPS: Array<{ key: keyof Groups; title: string; empty?: string }> = [
  { key: 'handedToMe', title: 'Handed to you' },
  { key: 'arriving', title: 'Arriving in your working hours' },
  { key: 'overdue', title: 'Overdue' },
  { key: 'dueSoon', title: 'Due soon' },
  { key: 'blocked', title: 'Blocked' },
  { key: 'assigned', title: 'Assigned to you' },
  { key: 'waitingOnOthers', title: 'Waiting on others' },
];

/** Reads the workspace's task index, re-rendering when it changes. */
export function useMyWork(): { groups: Groups; members: Member[]; defaultHours: WorkingHours; listed: number; loaded: boolean } {
  const { tasks, profile } = useWorkspace();
  const version = useSyncExternalStore(tasks.subscribe, tasks.snapshot);
  const { members, defaultHours } = useTaskNames();
  const now = useNow();
  const groups = useMemo(
    () => myWork(tasks.tasks(), profile.memberId, (task) => dueOwnerOf(task, members, defaultHours), now, undefined, { timezone: profile.timezone, workingHours: profile.workingHours }),
    // `version` stands for the index's content.
    [tasks, version, profile.memberId, profile.timezone, profile.workingHours, members, defaultHours, now],
  );
  return { groups, members, defaultHours, listed: tasks.listCount(), loaded: tasks.isLoaded() };
}

/** What is yours across every task list, from the device's task index: no list is loaded to show it. */
export function MyWork() {
  const { openPage, profile, index } = useWorkspace();
  const { groups, members, defaultHours, listed, loaded } = useMyWork();
  const now = useNow();
  const arrives = (at: number) => arrivesAt(at, { timezone: profile.timezone, workingHours: profile.workingHours });
  const pages = useDocValue(index, listPages);
  const listTitle = (listId: string) => pages.find((page) => page.id === listId)?.title || 'Untitled task list';
  const name = (id: string) => (id === profile.memberId ? 'you' : (members.find((member) => member.id === id)?.name ?? 'Someone'));
  const shown = GROUPS.filter((group) => groups[group.key].length > 0);
  const [view, choose] = useViewChoice(MY_WORK_VIEW, VIEWS);

  const row = (task: IndexedTask, position: number, count: number) => {
    const due = task.dueDate ? describeDue(task.dueDate, dueOwnerOf(task, members, defaultHours), profile.timezone) : null;
    const handoff = task.handoff;
    return (
      <li key={`${task.listId}/${task.id}`} className="mywork-task" data-row-key={`${task.listId}/${task.id}`} aria-posinset={position + 1} aria-setsize={count}>
        <button type="button" className="mywork-open" onClick={() => openPage(task.listId)}>
          {task.title}
        </button>
        <span className="mywork-meta muted">
          {listTitle(task.listId)}
          {due && ` · ${due.text}`}
          {task.status === 'blocked' && ' · Blocked'}
          {handoff && handoff.to === profile.memberId && ` · handed by ${name(handoff.from)} ${formatWeekdayTime(handoff.at, profile.timezone)}`}
          {handoff && handoff.to === profile.memberId && arrives(handoff.at) > now && ` · arrives ${formatWeekdayTime(arrives(handoff.at), profile.timezone)}`}
          {handoff && handoff.from === profile.memberId && ` · waiting for ${name(handoff.to)} since ${formatWeekdayTime(handoff.at, profile.timezone)}`}
        </span>
      </li>
    );
  };

  const groupList = (
    <>
      {shown.length === 0 && !loaded ? (
        <p className="muted" role="status">
          Reading your tasks…
        </p>
      ) : shown.length === 0 ? (
        <p className="muted">{listed === 0 ? 'No task lists on this device yet.' : 'Nothing is waiting for you. Tasks assigned or handed to you appear here.'}</p>
      ) : (
        shown.map((group) => (
          <section key={group.key} className="mywork-group" aria-label={group.title}>
            <h2>
              {group.title} <span className="muted">{groups[group.key].length}</span>
            </h2>
            <MyWorkRows tasks={groups[group.key]} row={row} />
          </section>
        ))
      )}
    </>
  );

  return (
    <section className="page mywork" aria-label="My work">
      <h1>My work</h1>
      <Opening>
        <ViewTabs views={VIEWS} current={view} choose={choose}>
          {view.Body ? <view.Body /> : groupList}
        </ViewTabs>
      </Opening>
    </section>
  );
}

/** One group's tasks, only those near the view drawn: someone with hundreds of tasks opens My work as fast as someone with ten. */
function MyWorkRows({ tasks, row }: { tasks: readonly IndexedTask[]; row(task: IndexedTask, position: number, count: number): ReactNode }) {
  const keys = useMemo(() => tasks.map((task) => `${task.listId}/${task.id}`), [tasks]);
  const { listRef, items } = useVirtualList({ keys, estimate: 52 });
  return <ul ref={listRef}>{items.map((item) => (item.kind === 'gap' ? <VirtualGap key={item.key} height={item.height} /> : row(tasks[item.index]!, item.index, tasks.length)))}</ul>;
}
