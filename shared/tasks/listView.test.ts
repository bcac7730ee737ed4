import { describe, expect, it } from 'vitest';
import { member } from '../model/testing';
import type { Label, Task } from '../model';
import { arrangeTasks, DEFAULT_ARRANGEMENT, readArrangement } from './listView';

type T = Pick<Task, 'status' | 'assignees' | 'labels' | 'dueDate' | 'priority' | 'title'>;
const task = (title: string, overrides: Partial<T> = {}): T => ({ title, status: 'todo', assignees: [], labels: [], dueDate: null, priority: 'none', ...overrides });
const members = [member('ann'), member('bob')];
const labels: Label[] = [
  { id: 'l-ops', name: 'Ops', color: '#0f766e' },
  { id: 'l-web', name: 'Web', color: '#2563eb' },
];
const tasks = [
  task('Write', { status: 'in_progress', assignees: ['bob'], dueDate: '2026-12-03', priority: 'low', labels: ['l-web'] }),
  task('Ask', { status: 'blocked', assignees: ['ann', 'bob'], priority: 'urgent' }),
  task('Ship', { status: 'done', assignees: ['ann'], dueDate: '2026-12-01', labels: ['l-ops', 'l-web'] }),
  task('Plan', { dueDate: '2026-11-30', priority: 'high' }),
];
const titles = (groups: { key: string; tasks: T[] }[]) => groups.map((group) => [group.key, group.tasks.map((one) => one.title)]);

describe('arrangeTasks (the List view)', () => {
  it('keeps the list as it is by default', () => {
    expect(titles(arrangeTasks(tasks, DEFAULT_ARRANGEMENT, { me: 'ann', members, labels }))).toEqual([['', ['Write', 'Ask', 'Ship', 'Plan']]]);
  });

  it('filters by status and by assignee, me and nobody included', () => {
    const arrange = (status: string, assignee: string) => titles(arrangeTasks(tasks, readArrangement({ status, assignee }), { me: 'ann', members, labels }))[0]![1];
    expect(arrange('open', 'anyone')).toEqual(['Write', 'Ask', 'Plan']);
    expect(arrange('blocked', 'anyone')).toEqual(['Ask']);
    expect(arrange('all', 'me')).toEqual(['Ask', 'Ship']);
    expect(arrange('all', 'bob')).toEqual(['Write', 'Ask']);
    expect(arrange('open', 'nobody')).toEqual(['Plan']);
  });

  it('sorts by due date (undated last), priority (none last) or title', () => {
    const sorted = (sort: string) => titles(arrangeTasks(tasks, readArrangement({ sort }), { me: 'ann', members, labels }))[0]![1];
    expect(sorted('due')).toEqual(['Plan', 'Ship', 'Write', 'Ask']);
    expect(sorted('priority')).toEqual(['Ask', 'Plan', 'Write', 'Ship']);
    expect(sorted('title')).toEqual(['Ask', 'Plan', 'Ship', 'Write']);
  });

  it("groups by status in workflow order, by person and label in the workspace's order, with none last; a task with two is in both", () => {
    expect(titles(arrangeTasks(tasks, readArrangement({ group: 'status' }), { me: 'ann', members, labels }))).toEqual([
      ['todo', ['Plan']],
      ['in_progress', ['Write']],
      ['blocked', ['Ask']],
      ['done', ['Ship']],
    ]);
    expect(titles(arrangeTasks(tasks, readArrangement({ group: 'assignee' }), { me: 'ann', members, labels }))).toEqual([
      ['ann', ['Ask', 'Ship']],
      ['bob', ['Write', 'Ask']],
      ['', ['Plan']],
    ]);
    expect(titles(arrangeTasks(tasks, readArrangement({ group: 'label', status: 'open' }), { me: 'ann', members, labels }))).toEqual([
      ['l-web', ['Write']],
      ['', ['Ask', 'Plan']],
    ]);
  });

  it("groups by due date against the reader's today: before it, today, the next 7 days, later, none", () => {
    expect(titles(arrangeTasks(tasks, readArrangement({ group: 'due' }), { me: 'ann', members, labels, today: '2026-12-01' }))).toEqual([
      ['past', ['Plan']],
      ['today', ['Ship']],
      ['week', ['Write']],
      ['', ['Ask']],
    ]);
    expect(titles(arrangeTasks(tasks, readArrangement({ group: 'due' }), { me: 'ann', members, labels, today: '2026-11-25' }))).toEqual([
      ['week', ['Ship', 'Plan']],
      ['later', ['Write']],
      ['', ['Ask']],
    ]);
  });

  it('reads a saved arrangement from another version without trusting it', () => {
    expect(readArrangement({ status: 'later', sort: 'due', group: 42, assignee: '' })).toEqual({ ...DEFAULT_ARRANGEMENT, sort: 'due' });
    expect(readArrangement('garbage')).toEqual(DEFAULT_ARRANGEMENT);
  });
});
