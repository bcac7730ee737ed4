import type { Member, WorkingHours } from '../../../shared/model/schema';
import { dueOwnerOf } from '../../../shared/tasks/myWork';
import type { IndexedTask } from '../../../shared/tasks/taskIndex';
import { dueAnswersOf, rememberDueAnswers } from '../../../shared/time';
import type { MyWorkSource } from './myWorkModel';

/**
 * What My work last showed on this device, kept so a cold start draws it at once: the tasks that
 * are mine (open, assigned or handed to or by me), the names and hours they need, and their lists'
 * titles. It is a copy of the task index, never a source of truth: the live index replaces it as
 * soon as the workspace has loaded (~0.7 s at 10,000 tasks), and it is rewritten from the live
 * index whenever My work changes on screen.
 *
 * localStorage, because it answers synchronously before IndexedDB has even opened. It stays small:
 * a copy of more than MAX_TASKS tasks is not kept (that person's My work opens from the live index).
 */
export interface MyWorkCopy {
  version: 1;
  memberId: string;
  savedAt: number;
  /** The workspace's name as its sidebar shows it. */
  workspaceName: string;
  tasks: IndexedTask[];
  members: Member[];
  defaultHours: WorkingHours;
  listTitles: Record<string, string>;
  /** How many task lists the index had: the empty state says "no lists" or "nothing for you". */
  listed: number;
  /** The tasks' due instants and times as written, worked out when saved (shared/time/due.ts): a page that has just started is slow at both. */
  dueAnswers: Record<string, number | string | null>;
}

const MAX_TASKS = 1_000;

export const copyKey = (workspaceId: string) => `baton:my-work:${workspaceId}`;

/** The tasks My work can show for `me` whatever the time: open ones assigned to me, handed to me or by me. */
export function tasksOfMine(tasks: readonly IndexedTask[], me: string): IndexedTask[] {
  return tasks.filter((task) => task.status !== 'done' && (task.assignees.includes(me) || task.handoff?.to === me || task.handoff?.from === me));
}

export function makeCopy(memberId: string, readerZone: string, workspaceName: string, tasks: readonly IndexedTask[], members: readonly Member[], defaultHours: WorkingHours, listTitle: (listId: string) => string, listed: number, now = Date.now()): MyWorkCopy | null {
  // In title order, so drawing the copy need not compare titles (shared/tasks/myWork.ts).
  const mine = tasksOfMine(tasks, memberId).sort((a, b) => a.title.localeCompare(b.title));
  if (mine.length > MAX_TASKS) return null;
  const named = new Set<string>([memberId]);
  for (const task of mine) {
    task.assignees.forEach((id) => named.add(id));
    named.add(task.createdBy);
    if (task.handoff) named.add(task.handoff.from).add(task.handoff.to);
  }
  const listTitles: Record<string, string> = {};
  for (const task of mine) listTitles[task.listId] ??= listTitle(task.listId);
  const dues = mine.flatMap((task) => (task.dueDate ? [{ date: task.dueDate, owner: dueOwnerOf(task, members, defaultHours) }] : []));
  return { version: 1, memberId, savedAt: now, workspaceName, tasks: mine, members: members.filter((member) => named.has(member.id)), defaultHours, listTitles, listed, dueAnswers: dueAnswersOf(dues, readerZone) };
}

/** The copy saved for this workspace and person, or null (none, someone else's, or unreadable). */
export function readCopy(workspaceId: string, memberId: string): MyWorkCopy | null {
  try {
    const raw = localStorage.getItem(copyKey(workspaceId));
    if (!raw) return null;
    const copy = JSON.parse(raw) as Partial<MyWorkCopy>;
    if (copy.version !== 1 || copy.memberId !== memberId || !Array.isArray(copy.tasks) || !Array.isArray(copy.members) || typeof copy.listTitles !== 'object' || !copy.defaultHours || typeof copy.workspaceName !== 'string') return null;
    if (copy.dueAnswers && typeof copy.dueAnswers === 'object') rememberDueAnswers(copy.dueAnswers);
    return copy as MyWorkCopy;
  } catch {
    // A damaged copy costs only the instant start: the live index draws My work.
    return null;
  }
}

export function writeCopy(workspaceId: string, copy: MyWorkCopy | null): void {
  try {
    if (copy) localStorage.setItem(copyKey(workspaceId), JSON.stringify(copy));
    else localStorage.removeItem(copyKey(workspaceId));
  } catch {
    // Full: the next start opens from the live index, as without a copy.
    localStorage.removeItem(copyKey(workspaceId));
  }
}

/** The copy as My work's source: its tasks were saved in title order. */
export function sourceOfCopy(copy: MyWorkCopy): MyWorkSource {
  return { tasks: copy.tasks, titlesInOrder: true, members: copy.members, defaultHours: copy.defaultHours, listTitle: (listId) => copy.listTitles[listId] || 'Untitled task list', listed: copy.listed, loaded: true };
}
