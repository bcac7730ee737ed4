import { describe, expect, it } from 'vitest';
import { NOTIFY_AGAIN_AFTER_MS, suggestionNotice } from './notifyCreator';

const page = { id: 'plan', title: 'Launch plan', createdBy: 'mei' };
const ana = { id: 'ana', name: 'Ana' };
const inserting = { id: 's1', inserted: 'the venue', deleted: '', modifies: false };
const now = Date.parse('2026-06-02T09:00:00Z');

describe('suggestions on someone’s page', () => {
  it('tell the page’s creator what was suggested, once for a burst', () => {
    expect(suggestionNotice(page, ana, [inserting], undefined, now)).toEqual({ kind: 'suggestion', to: 'mei', pageId: 'plan', taskId: null, title: 'Launch plan', text: 'Ana suggests inserting “the venue”' });
    const two = suggestionNotice(page, ana, [inserting, { id: 's2', inserted: '', deleted: 'maybe', modifies: false }], undefined, now);
    expect(two?.text).toBe('Ana suggests inserting “the venue” (and 1 more)');
    // Told a moment ago: not again until the half hour is over.
    expect(suggestionNotice(page, ana, [inserting], now - 60_000, now)).toBeNull();
    expect(suggestionNotice(page, ana, [inserting], now - NOTIFY_AGAIN_AFTER_MS, now)).not.toBeNull();
  });

  it('never tell the suggester of their own page, nor anyone of nothing', () => {
    expect(suggestionNotice({ ...page, createdBy: 'ana' }, ana, [inserting], undefined, now)).toBeNull();
    expect(suggestionNotice({ ...page, createdBy: '' }, ana, [inserting], undefined, now)).toBeNull();
    expect(suggestionNotice(null, ana, [inserting], undefined, now)).toBeNull();
    // Taken back before the pause ended: nothing pending, nothing said.
    expect(suggestionNotice(page, ana, [], undefined, now)).toBeNull();
    expect(suggestionNotice({ ...page, title: '  ' }, ana, [inserting], undefined, now)?.title).toBe('Untitled');
  });
});
