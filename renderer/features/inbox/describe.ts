import type { By, DocNews } from '../../../shared/inbox';

/** One thing one person did on one page, in words that read after their name ("added 40 characters"). */
export interface Activity {
  by: By;
  what: string;
}

const FIELD_NAMES: Record<string, string> = {
  status: 'status',
  assignees: 'assignees',
  dueDate: 'due date',
  startDate: 'start date',
  title: 'title',
  priority: 'priority',
  labels: 'labels',
  order: 'position',
  deletedAt: 'deleted',
  blocks: 'links',
  blockedBy: 'links',
  checklist: 'checklist',
};

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
const quoted = (text: string) => `“${text}”`;

function byPerson<T extends { by: By }>(entries: readonly T[]): Map<By, T[]> {
  const groups = new Map<By, T[]>();
  for (const entry of entries) groups.set(entry.by, [...(groups.get(entry.by) ?? []), entry]);
  return groups;
}

/**
 * What each person did on the page, one line per kind of thing, in the order a reader cares for:
 * words written, conversations, suggestions, tasks, handoffs, check-ins. `total` gives a kind's
 * true count where the summary kept only the first entries.
 */
export function activities(news: DocNews, name: (id: By) => string, me: string, formatDay: (day: string) => string): Activity[] {
  const found: Activity[] = [];
  const add = (by: By, what: string) => found.push({ by, what });
  // Mentions in quotes are kept as `@[memberId]` (shared/inbox/news.ts): named here.
  const quote = (text: string) => quoted(text.replace(/@\[([^\]]+)\]/g, (_all, id: string) => `@${name(id)}`));
  const each = <T extends { by: By }>(entries: readonly T[], say: (group: T[]) => string) => byPerson(entries).forEach((group, by) => add(by, say(group)));

  if (news.text) {
    for (const [by, count] of Object.entries(news.text.added)) add(by, `added ${plural(count, 'character')}`);
    if (news.text.removed > 0) add('', `${plural(news.text.removed, 'character')} removed`);
  }
  each(news.threads, (group) => (group.length === 1 ? `started a thread: ${quote(group[0]!.quote)}` : `started ${plural(group.length, 'thread')}`));
  each(news.replies, (group) => (group.length === 1 ? `replied: ${quote(group[0]!.quote)}` : `replied ${plural(group.length, 'time')}`));
  each(news.suggestions, (group) => `suggested ${plural(group.length, 'edit')}`);
  const tasks = news.tasks.flatMap((task) => task.by.map((by) => ({ by, task })));
  each(tasks, (group) => {
    const made = group.filter((entry) => entry.task.created);
    const changed = group.filter((entry) => !entry.task.created);
    const parts: string[] = [];
    if (made.length === 1) parts.push(`added the task ${quote(made[0]!.task.title)}`);
    else if (made.length > 1) parts.push(`added ${plural(made.length, 'task')}`);
    if (changed.length === 1) {
      const fields = [...new Set(changed[0]!.task.fields.map((field) => FIELD_NAMES[field] ?? field))];
      parts.push(`changed ${quote(changed[0]!.task.title)}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`);
    } else if (changed.length > 1) parts.push(`changed ${plural(changed.length, 'task')}`);
    return parts.join('; ');
  });
  each(news.taskComments, (group) => (group.length === 1 ? `commented on ${quote(group[0]!.task)}` : `left ${plural(group.length, 'comment')} on tasks`));
  for (const handoff of news.handoffs) add(handoff.from, `handed ${quote(handoff.task)} to ${handoff.to === me ? 'you' : name(handoff.to)}`);
  for (const checkIn of news.checkIns) add(checkIn.by, `checked in for ${formatDay(checkIn.day)}${checkIn.blocked ? ` — blocked: ${quote(checkIn.blocked)}` : ''}`);
  const merges = news.counts.merges ?? 0;
  if (merges > 0) add('', `${plural(merges, 'edit')} two people made differently while apart ${merges === 1 ? 'was' : 'were'} merged: review ${merges === 1 ? 'it' : 'them'} on the page`);
  return found;
}

/** How many things happened on the page, for a count ("5 updates"). */
export function updateCount(news: DocNews): number {
  const counts = news.counts;
  const text = news.text ? Math.max(1, Object.keys(news.text.added).length) : 0;
  return text + (counts.threads ?? 0) + (counts.replies ?? 0) + (counts.suggestions ?? 0) + (counts.tasks ?? 0) + (counts.taskComments ?? 0) + (counts.handoffs ?? 0) + (counts.checkIns ?? 0) + (counts.merges ?? 0);
}

/** The people to list the inbox under, in order of first appearance; '' (unknown) last. */
export function peopleOf(list: readonly DocNews[]): By[] {
  const people: By[] = [];
  for (const news of list) for (const by of news.people) if (!people.includes(by)) people.push(by);
  return people.sort((a, b) => (a === '' ? 1 : b === '' ? -1 : 0));
}
