/**
 * "My work": the tasks of every list that are one person's to do, in the order they need them.
 * Each open task appears once, in the first group it belongs to.
 */
import type { Member, WorkingHours } from '../model';
import { deliveryTime, dueInstant, type DueOwner, type Reachable } from '../time';
import type { IndexedTask } from './taskIndex';

export interface MyWork {
  /** Handed to me and waiting for my answer, delivered: my working hours have begun since it was handed. */
  handedToMe: IndexedTask[];
  /** Handed to me outside my working hours: it arrives when they begin (`arrivesAt`). */
  arriving: IndexedTask[];
  /** Mine, past due (the owner's working day that date has ended). */
  overdue: IndexedTask[];
  /** Mine, due within `soonMs`. */
  dueSoon: IndexedTask[];
  /** Mine and blocked. */
  blocked: IndexedTask[];
  /** Mine, nothing pressing. */
  assigned: IndexedTask[];
  /** Handed by me, not yet acknowledged: stays in view until the other person answers. */
  waitingOnOthers: IndexedTask[];
}

export const DUE_SOON_MS = 3 * 24 * 3600 * 1000;

/**
 * When a handoff reaches its recipient: at once inside their working hours, else when their next
 * working day begins in their timezone, after any time off (calm: no handoff lands at 2 a.m., nor
 * on a holiday). `recipient` null: at once.
 */
export function arrivesAt(handedAt: number, recipient: Reachable | null): number {
  if (!recipient) return handedAt;
  return deliveryTime(handedAt, recipient);
}

/** `me` with my timezone and hours, so handoffs to me are delivered in my working hours. */
/**
 * `titlesInOrder`: `tasks` are already in title order (a saved copy, sorted when it was saved), so
 * tasks due together keep that order rather than being compared by title again: the first
 * comparison of text in a page that has just started costs tens of milliseconds.
 */
export function myWork(tasks: readonly IndexedTask[], me: string, ownerOf: (task: IndexedTask) => DueOwner, now: number, soonMs = DUE_SOON_MS, myHours: Reachable | null = null, titlesInOrder = false): MyWork {
  const groups: MyWork = { handedToMe: [], arriving: [], overdue: [], dueSoon: [], blocked: [], assigned: [], waitingOnOthers: [] };
  const due = new Map<IndexedTask, number>();
  for (const task of tasks) {
    if (task.status === 'done') continue;
    // Only a task that is mine needs its due instant: most of the workspace's are not.
    const mine = task.handoff?.to === me || task.handoff?.from === me || task.assignees.includes(me);
    if (!mine) continue;
    const at = task.dueDate ? dueInstant(task.dueDate, ownerOf(task)) : null;
    if (at !== null) due.set(task, at);
    if (task.handoff?.to === me) (arrivesAt(task.handoff.at, myHours) <= now ? groups.handedToMe : groups.arriving).push(task);
    else if (task.handoff?.from === me) groups.waitingOnOthers.push(task);
    else if (at !== null && now >= at) groups.overdue.push(task);
    else if (at !== null && at - now <= soonMs) groups.dueSoon.push(task);
    else if (task.status === 'blocked') groups.blocked.push(task);
    else groups.assigned.push(task);
  }
  const dueOf = (task: IndexedTask) => due.get(task) ?? Infinity;
  // Sorting is stable: with titles in order, tasks due at the same instant (or never) stay in it.
  const byDue = (a: IndexedTask, b: IndexedTask) => (dueOf(a) === dueOf(b) ? (titlesInOrder ? 0 : a.title.localeCompare(b.title)) : dueOf(a) - dueOf(b));
  const byHandoff = (a: IndexedTask, b: IndexedTask) => (a.handoff?.at ?? 0) - (b.handoff?.at ?? 0);
  groups.handedToMe.sort(byHandoff);
  groups.arriving.sort(byHandoff);
  groups.waitingOnOthers.sort(byHandoff);
  for (const group of [groups.overdue, groups.dueSoon, groups.blocked, groups.assigned]) group.sort(byDue);
  return groups;
}

/**
 * Whose working day a task's due date ends: its first assignee's, else its creator's; a task from
 * nobody the workspace knows ends the workspace's default day in UTC. The same for every reader,
 * so a task is overdue at the same instant everywhere.
 */
export function dueOwnerOf(task: { assignees: readonly string[]; createdBy: string }, members: readonly Member[], defaultHours: WorkingHours): DueOwner {
  const person = members.find((member) => member.id === task.assignees[0]) ?? members.find((member) => member.id === task.createdBy);
  return person ? { timezone: person.timezone, workingHours: person.workingHours } : { timezone: 'UTC', workingHours: defaultHours };
}
