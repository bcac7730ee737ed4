import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { getMeta, listPages, type Member, type WorkingHours } from '../../../shared/model';
import { dueOwnerOf, myWork, type MyWork as Groups } from '../../../shared/tasks';
import { useDocValue } from '../../shared/useYDoc';
import { useNow } from '../../shared/when';
import { useWorkspace } from '../../shared/workspace';
import { preloadable } from '../../shared/preloadable';
import { Opening, useViewChoice, ViewTabs } from '../page';
import { useTaskNames } from '../tasks';
import { MyWorkGroups, MyWorkPage } from './MyWorkGroups';
import { MY_WORK_VIEW, VIEW_NAMES, type MyWorkSource } from './myWorkModel';
import { makeCopy, writeCopy } from './savedCopy';

export { MY_WORK_VIEW } from './myWorkModel';

/** My work as groups (what needs you first), or every task of yours on a board or a calendar (loaded on first use, like a list's). */
const BODIES: Record<string, ReturnType<typeof preloadable<object>>> = {
  board: preloadable(() => import('./MyWorkBoard').then((module) => module.MyWorkBoard)),
  calendar: preloadable(() => import('./MyWorkCalendar').then((module) => module.MyWorkCalendar)),
};
const VIEWS = VIEW_NAMES.map((view) => ({ ...view, Body: BODIES[view.id] }));

/** Reads the workspace's task index, re-rendering when it changes. */
export function useMyWork(): { groups: Groups; members: Member[]; defaultHours: WorkingHours; listed: number; loaded: boolean } {
  const { tasks, profile } = useWorkspace();
  const version = useSyncExternalStore(tasks.subscribe, tasks.snapshot);
  const { members, defaultHours } = useTaskNames();
  const now = useNow();
  const groups = useMemo(
    () => myWork(tasks.tasks(), profile.memberId, (task) => dueOwnerOf(task, members, defaultHours), now, undefined, profile),
    // `version` stands for the index's content.
    [tasks, version, profile, members, defaultHours, now],
  );
  return { groups, members, defaultHours, listed: tasks.listCount(), loaded: tasks.isLoaded() };
}

const SAVE_COPY_AFTER_MS = 1_000;

/** What is yours across every task list, from the device's task index: no list is loaded to show it. */
export function MyWork() {
  const { openPage, profile, index, tasks, ref } = useWorkspace();
  const version = useSyncExternalStore(tasks.subscribe, tasks.snapshot);
  const { members, defaultHours } = useTaskNames();
  const pages = useDocValue(index, listPages);
  const workspaceName = useDocValue(index, (doc) => getMeta(doc)?.name ?? ref.name);
  const source = useMemo<MyWorkSource>(() => {
    const titles = new Map(pages.map((page) => [page.id, page.title]));
    return { tasks: tasks.tasks(), members, defaultHours, listTitle: (listId) => titles.get(listId) || 'Untitled task list', listed: tasks.listCount(), loaded: tasks.isLoaded() };
    // `version` stands for the index's content.
  }, [tasks, version, members, defaultHours, pages]);
  // Kept for the next cold start, once the live index has been read and the screen has settled.
  useEffect(() => {
    if (!source.loaded) return;
    const timer = setTimeout(() => writeCopy(ref.id, makeCopy(profile.memberId, profile.timezone, workspaceName, source.tasks, source.members, source.defaultHours, source.listTitle, source.listed)), SAVE_COPY_AFTER_MS);
    return () => clearTimeout(timer);
  }, [source, ref.id, profile.memberId, profile.timezone, workspaceName]);
  const [view, choose] = useViewChoice(MY_WORK_VIEW, VIEWS);
  return (
    <MyWorkPage>
      <Opening>
        <ViewTabs views={VIEWS} current={view} choose={choose}>
          {view.Body ? <view.Body /> : <MyWorkGroups source={source} profile={profile} onOpen={openPage} />}
        </ViewTabs>
      </Opening>
    </MyWorkPage>
  );
}


