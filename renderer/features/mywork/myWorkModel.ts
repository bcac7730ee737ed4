import type { Member, WorkingHours } from '../../../shared/model/schema';
import { arrivesAt, dueOwnerOf, myWork, type MyWork as Groups } from '../../../shared/tasks/myWork';
import type { IndexedTask } from '../../../shared/tasks/taskIndex';
import { describeDue, formatWeekdayTime } from '../../../shared/time';
import type { Profile } from '../../shared/device';

/**
 * What My work shows, worked out from its source (the live task index, or the copy saved when it was
 * last shown) apart from how it is drawn: React draws it (MyWorkGroups.tsx), and so does the first
 * paint of a cold start before React has loaded (drawCopy.ts). No React here.
 */

/** The view's id where a page id would be: the sidebar opens it like a page, and a reload lands on it. */
export const MY_WORK_VIEW = 'my-work';

/** My work's views by id and name: the saved copy's tabs show them before their code has loaded. */
export const VIEW_NAMES: readonly { id: string; label: string }[] = [
  { id: 'list', label: 'List' },
  { id: 'board', label: 'Board' },
  { id: 'calendar', label: 'Calendar' },
];

const GROUPS: Array<{ key: keyof Groups; title: string }> = [
  { key: 'handedToMe', title: 'Handed to you' },
  { key: 'arriving', title: 'Arriving in your working hours' },
  { key: 'overdue', title: 'Overdue' },
  { key: 'dueSoon', title: 'Due soon' },
  { key: 'blocked', title: 'Blocked' },
  { key: 'assigned', title: 'Assigned to you' },
  { key: 'waitingOnOthers', title: 'Waiting on others' },
];

/** What My work draws its groups from: the live task index, or the copy saved when it was last shown (savedCopy.ts). */
export interface MyWorkSource {
  tasks: readonly IndexedTask[];
  /** `tasks` are in title order already (a saved copy). */
  titlesInOrder?: boolean;
  members: Member[];
  defaultHours: WorkingHours;
  listTitle(listId: string): string;
  listed: number;
  loaded: boolean;
}

export interface MyWorkGroup {
  key: keyof Groups;
  title: string;
  tasks: IndexedTask[];
}

/** The groups that have tasks, in order; or, with none, what to say instead. */
export function myWorkGroups(source: MyWorkSource, profile: Profile, now: number): { shown: MyWorkGroup[]; message: { text: string; reading: boolean } | null } {
  const groups = myWork(source.tasks, profile.memberId, (task) => dueOwnerOf(task, source.members, source.defaultHours), now, undefined, profile, source.titlesInOrder);
  const shown = GROUPS.filter((group) => groups[group.key].length > 0).map((group) => ({ ...group, tasks: groups[group.key] }));
  if (shown.length > 0) return { shown, message: null };
  if (!source.loaded) return { shown, message: { text: 'Reading your tasks…', reading: true } };
  return { shown, message: { text: source.listed === 0 ? 'No task lists on this device yet.' : 'Nothing is waiting for you. Tasks assigned or handed to you appear here.', reading: false } };
}

export const rowKey = (task: IndexedTask) => `${task.listId}/${task.id}`;

/** The line under a task's title: its list, when it is due (in the owner's time and mine), and its handoff. */
export function rowMeta(task: IndexedTask, source: MyWorkSource, profile: Profile, now: number): string {
  const { members, defaultHours } = source;
  const name = (id: string) => (id === profile.memberId ? 'you' : (members.find((member) => member.id === id)?.name ?? 'Someone'));
  const due = task.dueDate ? describeDue(task.dueDate, dueOwnerOf(task, members, defaultHours), profile.timezone) : null;
  const parts = [source.listTitle(task.listId)];
  if (due) parts.push(due.text);
  if (task.status === 'blocked') parts.push('Blocked');
  const handoff = task.handoff;
  if (handoff?.to === profile.memberId) {
    parts.push(`handed by ${name(handoff.from)} ${formatWeekdayTime(handoff.at, profile.timezone)}`);
    const arrives = arrivesAt(handoff.at, profile);
    if (arrives > now) parts.push(`arrives ${formatWeekdayTime(arrives, profile.timezone)}`);
  }
  if (handoff?.from === profile.memberId) parts.push(`waiting for ${name(handoff.to)} since ${formatWeekdayTime(handoff.at, profile.timezone)}`);
  return parts.join(' · ');
}
