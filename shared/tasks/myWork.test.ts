import { describe, expect, it } from 'vitest';
import { member } from '../model/testing';
import { dueOwnerOf, myWork } from './myWork';
import type { IndexedTask } from './taskIndex';

const tokyo = member('aiko', { timezone: 'Asia/Tokyo' });
const london = member('ben', { timezone: 'Europe/London' });
const members = [tokyo, london];
const hours = { start: 9 * 60, end: 17 * 60, days: [1, 2, 3, 4, 5] };

function task(id: string, fields: Partial<IndexedTask> = {}): IndexedTask {
  return { id, listId: 'launch', title: id, status: 'todo', assignees: ['ben'], blocks: [], blockedBy: [], pages: [], startDate: null, dueDate: null, createdBy: 'aiko', updatedAt: 0, handoff: null, ...fields };
}

describe('My work', () => {
  // Monday 7 June 2027, 12:00 UTC (13:00 in London).
  const now = Date.parse('2027-06-07T12:00:00Z');
  const owner = (item: IndexedTask) => dueOwnerOf(item, members, hours);
  const titles = (tasks: IndexedTask[]) => tasks.map((item) => item.title);

  it('puts each open task of mine in the first group it belongs to, most pressing first', () => {
    const groups = myWork(
      [
        task('handed', { handoff: { to: 'ben', from: 'aiko', at: 5 }, dueDate: '2027-06-01' }),
        task('overdue today', { dueDate: '2027-06-07', assignees: ['aiko'] }),
        task('overdue last week', { dueDate: '2027-06-01' }),
        task('due Wednesday', { dueDate: '2027-06-09' }),
        task('blocked', { status: 'blocked' }),
        task('later', { dueDate: '2027-07-01' }),
        task('someone else’s', { assignees: ['aiko'] }),
        task('done', { status: 'done', dueDate: '2027-06-01' }),
        task('I handed on', { assignees: ['aiko'], handoff: { to: 'aiko', from: 'ben', at: 9 } }),
      ],
      'ben',
      owner,
      now,
    );
    expect(titles(groups.handedToMe)).toEqual(['handed']);
    // 'overdue today' is Aiko's: her day ended at 17:00 in Tokyo, 08:00 UTC, before now; but it is not Ben's.
    expect(titles(groups.overdue)).toEqual(['overdue last week']);
    expect(titles(groups.dueSoon)).toEqual(['due Wednesday']);
    expect(titles(groups.blocked)).toEqual(['blocked']);
    expect(titles(groups.assigned)).toEqual(['later']);
    expect(titles(groups.waitingOnOthers)).toEqual(['I handed on']);
  });

  it('is overdue by the owner’s day, whoever reads it', () => {
    // Due today: Aiko's day has ended in Tokyo, Ben's in London has not.
    const forAiko = myWork([task('mine', { assignees: ['aiko'], dueDate: '2027-06-07' })], 'aiko', owner, now);
    const forBen = myWork([task('mine', { assignees: ['ben'], dueDate: '2027-06-07' })], 'ben', owner, now);
    expect(titles(forAiko.overdue)).toEqual(['mine']);
    expect(titles(forBen.dueSoon)).toEqual(['mine']);
  });
});

describe('handoffs in My work', () => {
  const handed = (at: string) => task('handed', { handoff: { to: 'ben', from: 'aiko', at: Date.parse(at) } });
  const ben = { timezone: london.timezone, workingHours: hours };
  const owner = (item: IndexedTask) => dueOwnerOf(item, members, hours);

  it('arrive in the recipient’s working hours: at once during them, else when they next begin', () => {
    // Handed Friday 18:00 Tokyo = 10:00 London: Ben is at work, it is his at once.
    expect(myWork([handed('2027-06-04T09:00:00Z')], 'ben', owner, Date.parse('2027-06-04T09:00:00Z'), undefined, ben).handedToMe).toHaveLength(1);
    // Handed Friday 02:00 London (01:00 UTC): it arrives at 09:00 London (08:00 UTC), not before.
    const night = handed('2027-06-04T01:00:00Z');
    expect(myWork([night], 'ben', owner, Date.parse('2027-06-04T07:59:00Z'), undefined, ben)).toMatchObject({ handedToMe: [], arriving: [night] });
    expect(myWork([night], 'ben', owner, Date.parse('2027-06-04T08:00:00Z'), undefined, ben)).toMatchObject({ handedToMe: [night], arriving: [] });
    // Handed Saturday: it arrives on Monday morning.
    const weekend = handed('2027-06-05T12:00:00Z');
    expect(myWork([weekend], 'ben', owner, Date.parse('2027-06-07T07:59:00Z'), undefined, ben).arriving).toHaveLength(1);
    expect(myWork([weekend], 'ben', owner, Date.parse('2027-06-07T08:00:00Z'), undefined, ben).handedToMe).toHaveLength(1);
  });
});

describe('My work drawn from a saved copy', () => {
  const now = Date.parse('2027-06-07T12:00:00Z');
  const owner = (item: IndexedTask) => dueOwnerOf(item, members, hours);
  const titles = (tasks: IndexedTask[]) => tasks.map((item) => item.title);

  it('keeps tasks in the order given when told their titles are in order already (a saved copy), as it would sort them', () => {
    const tasks = ['Zebra', 'apple', 'Äpfel', 'banana', 'Mango'].map((title, i) => task(`t${i}`, { title, dueDate: i === 4 ? '2027-06-20' : null }));
    const sorted = myWork(tasks, 'ben', owner, now).assigned;
    const byTitle = [...tasks].sort((a, b) => a.title.localeCompare(b.title));
    expect(titles(myWork(byTitle, 'ben', owner, now, undefined, null, true).assigned)).toEqual(titles(sorted));
    // Told so wrongly, it trusts the order it was given (due dates still come first).
    expect(titles(myWork(tasks, 'ben', owner, now, undefined, null, true).assigned)).toEqual(['Mango', 'Zebra', 'apple', 'Äpfel', 'banana']);
  });
});
