import { describe, expect, it } from 'vitest';
import { BUILT_IN_WORKFLOW, type Member, type MergeRecord } from '../../../shared/model';
import { fieldSummary, sideOrder, whoseSides, type Names } from './describe';

const person = (id: string, name: string): Member => ({ id, name, color: '#2563eb', timezone: 'UTC', workingHours: { start: 540, end: 1020, days: [1, 2, 3, 4, 5] }, timeOff: [], joinedAt: 0 });
const names: Names = { me: 'm-mei', members: [person('m-ben', 'Ben'), person('m-mei', 'Mei')], labels: [], workflow: BUILT_IN_WORKFLOW };

function statusMerge(first: string[], second: string[]): MergeRecord {
  return {
    id: 't-1',
    kind: 'task',
    at: 0,
    target: 't1',
    field: 'status',
    label: 'Book venue',
    sides: [
      { members: first, value: 'blocked' },
      { members: second, value: 'done' },
    ],
    place: null,
    resolved: null,
    current: null,
  };
}

describe('how a merge review names its sides', () => {
  it('says who set what and what the merge kept, the reader’s side first', () => {
    expect(fieldSummary(statusMerge(['m-ben'], ['m-mei']), 'done', names)).toBe('Status: You set Done, Ben set Blocked — merged: Done');
    expect(sideOrder(statusMerge(['m-ben'], ['m-mei']), 'm-mei')).toEqual([1, 0]);
  });

  it('names buttons by whose side it is, and tells apart one person’s two devices', () => {
    expect(whoseSides(statusMerge(['m-ben'], ['m-mei']), names)).toEqual(["Ben's", 'your']);
    expect(whoseSides(statusMerge(['m-ben'], ['m-ben']), names)).toEqual(["Ben's first", "Ben's second"]);
    expect(whoseSides(statusMerge([], ['m-ben', 'm-mei']), names)).toEqual(["Someone's", "You and Ben's"]);
  });
});
