import { describe, expect, it } from 'vitest';
import { member } from '../../../shared/model/testing';
import type { IndexedTask } from '../../../shared/tasks/taskIndex';
import { makeCopy, tasksOfMine } from './savedCopy';

const hours = { start: 9 * 60, end: 17 * 60, days: [1, 2, 3, 4, 5] };
const members = [member('ama', { timezone: 'Europe/London' }), member('kenji', { timezone: 'Asia/Tokyo' }), member('mei', { timezone: 'Asia/Shanghai' }), member('zoe')];

function task(id: string, fields: Partial<IndexedTask> = {}): IndexedTask {
  return { id, listId: 'launch', title: id, status: 'todo', assignees: ['ama'], blocks: [], blockedBy: [], pages: [], startDate: null, dueDate: null, createdBy: 'kenji', updatedAt: 0, handoff: null, ...fields };
}

describe('the copy of My work a device keeps for its next cold start', () => {
  const tasks = [
    task('zz mine', { dueDate: '2027-06-09' }),
    task('Handed to me', { assignees: ['kenji'], handoff: { from: 'mei', to: 'ama', at: 5 } }),
    task('I handed on', { assignees: ['kenji'], handoff: { from: 'ama', to: 'kenji', at: 7 } }),
    task('a done one', { status: 'done' }),
    task('not mine', { assignees: ['zoe'], listId: 'hiring' }),
  ];

  it('holds my open tasks in title order, and only the names, lists and due dates they need', () => {
    const copy = makeCopy('ama', 'Europe/London', 'Studio', tasks, members, hours, (id) => ({ launch: 'Launch', hiring: 'Hiring' })[id] ?? '?', 2)!;
    expect(copy.tasks.map((item) => item.title)).toEqual(['Handed to me', 'I handed on', 'zz mine']);
    expect(copy.members.map((person) => person.id).sort()).toEqual(['ama', 'kenji', 'mei']);
    expect(copy.listTitles).toEqual({ launch: 'Launch' });
    expect(copy).toMatchObject({ version: 1, memberId: 'ama', workspaceName: 'Studio', listed: 2 });
    // The one due date, in its owner's time and the reader's.
    expect(Object.keys(copy.dueAnswers).filter((key) => key.startsWith('at '))).toEqual(['at 2027-06-09 Europe/London 540-1020']);
  });

  it('is not kept for someone with more open tasks than a quick start can carry', () => {
    const many = Array.from({ length: 1_001 }, (_, i) => task(`t${i}`));
    expect(tasksOfMine(many, 'ama')).toHaveLength(1_001);
    expect(makeCopy('ama', 'Europe/London', 'Studio', many, members, hours, () => 'Launch', 1)).toBeNull();
    expect(makeCopy('ama', 'Europe/London', 'Studio', many.slice(1), members, hours, () => 'Launch', 1)?.tasks).toHaveLength(1_000);
  });
});
