import { describe, expect, it } from 'vitest';
import type { DocNews } from '../../../shared/inbox';
import { activities, peopleOf, updateCount } from './describe';

const empty: DocNews = { docId: 'p', people: [], text: null, threads: [], replies: [], suggestions: [], tasks: [], taskComments: [], handoffs: [], checkIns: [], merges: [], counts: {}, at: 0 };
const names: Record<string, string> = { aiko: 'Aiko', lena: 'Lena', mei: 'Mei' };
const say = (news: Partial<DocNews>) => activities({ ...empty, ...news }, (id) => names[id] ?? 'someone', 'mei', (day) => `day ${day}`).map((each) => `${each.by}: ${each.what}`);

describe('what the inbox says of a page', () => {
  it('one line per person and kind, in words that follow the name, mentions named', () => {
    expect(
      say({
        people: ['aiko', 'lena'],
        text: { added: { aiko: 1, lena: 1200 }, removed: 30 },
        threads: [{ by: 'aiko', at: 1, quote: 'Ask @[lena] about it' }],
        replies: [
          { by: 'lena', at: 2, quote: 'Yes' },
          { by: 'lena', at: 3, quote: 'Done' },
        ],
        suggestions: [{ by: 'lena', at: 4 }],
        counts: { threads: 1, replies: 2, suggestions: 1 },
      }),
    ).toEqual(['aiko: added 1 character', 'lena: added 1,200 characters', ': 30 characters removed', 'aiko: started a thread: “Ask @Lena about it”', 'lena: replied 2 times', 'lena: suggested 1 edit']);
  });

  it('tasks made and changed, handoffs to me or another, check-ins with what blocks, and merges to review', () => {
    expect(
      say({
        people: ['lena'],
        tasks: [
          { id: 't1', title: 'Sign', created: true, fields: [], by: ['lena'] },
          { id: 't2', title: 'Book', created: false, fields: ['dueDate', 'status'], by: ['lena'] },
        ],
        handoffs: [
          { task: 'Sign', from: 'lena', to: 'mei', at: 5 },
          { task: 'Book', from: 'lena', to: 'aiko', at: 6 },
        ],
        checkIns: [{ by: 'lena', day: '2026-12-01', at: 7, blocked: 'Lease' }],
        merges: [{ kind: 'task', label: 'Book', field: 'status', people: ['mei', 'lena'] }],
        counts: { tasks: 2, handoffs: 2, checkIns: 1, merges: 1 },
      }),
    ).toEqual([
      'lena: added the task “Sign”; changed “Book” (due date, status)',
      'lena: handed “Sign” to you',
      'lena: handed “Book” to Aiko',
      'lena: checked in for day 2026-12-01 — blocked: “Lease”',
      ': 1 edit two people made differently while apart was merged: review it on the page',
    ]);
  });

  it('counts updates, and lists people with someone unknown last', () => {
    expect(updateCount({ ...empty, text: { added: { aiko: 3, lena: 4 }, removed: 0 }, counts: { replies: 3, tasks: 60 } })).toBe(65);
    expect(peopleOf([{ ...empty, people: ['', 'lena'] }, { ...empty, people: ['aiko', 'lena'] }])).toEqual(['lena', 'aiko', '']);
  });
});
