import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from './errors';
import { syncDocs } from './testing';
import { listUrgent, logUrgent, urgentLogDocId, urgentTally } from './urgentLog';

const at = (iso: string) => Date.parse(iso);
const where = { pageId: 'plan', taskId: 'venue', title: 'Book the venue' };

describe('the urgent log', () => {
  it('keeps who used urgent, for whom, when and where, a doc per month, merged from every sender', () => {
    expect(urgentLogDocId(at('2026-06-30T23:59:00Z'))).toBe('urgent-202606');
    expect(urgentLogDocId(at('2026-07-01T00:00:00Z'))).toBe('urgent-202607');
    // Two senders log apart (offline), and their logs merge.
    const [kenji, ama] = [new Y.Doc(), new Y.Doc()];
    logUrgent(kenji, { by: 'kenji', to: 'ben', ...where }, at('2026-06-02T01:00:00Z'));
    logUrgent(kenji, { by: 'kenji', to: 'ben', ...where, taskId: null, title: 'Launch plan' }, at('2026-06-03T01:00:00Z'));
    logUrgent(ama, { by: 'ama', to: 'mei', ...where }, at('2026-06-02T20:00:00Z'));
    syncDocs(kenji, ama);
    const log = listUrgent(ama);
    expect(log.map((entry) => [entry.by, entry.to, entry.title])).toEqual([
      ['kenji', 'ben', 'Launch plan'],
      ['ama', 'mei', 'Book the venue'],
      ['kenji', 'ben', 'Book the venue'],
    ]);
    expect(log[0]).toMatchObject({ at: at('2026-06-03T01:00:00Z'), pageId: 'plan', taskId: null });
    expect(urgentTally(log)).toEqual([
      { by: 'kenji', to: 'ben', count: 2 },
      { by: 'ama', to: 'mei', count: 1 },
    ]);
  });

  it('refuses an entry that does not say who and where, and skips a damaged one', () => {
    const doc = new Y.Doc();
    expect(() => logUrgent(doc, { by: '', to: 'ben', ...where })).toThrow(ModelError);
    expect(() => logUrgent(doc, { by: 'kenji', to: 'ben', ...where, pageId: '../x' })).toThrow(ModelError);
    doc.getMap('entries').set('bad', { by: 'kenji' });
    expect(listUrgent(doc)).toEqual([]);
  });
});
