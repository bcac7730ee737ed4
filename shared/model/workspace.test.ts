import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Origin } from './origins';
import { ModelError } from './errors';
import { DEFAULT_WORKING_HOURS, SCHEMA_VERSION } from './schema';
import { member, syncDocs } from './testing';
import {
  createLabel,
  getMember,
  getMeta,
  getSettings,
  indexMaps,
  initWorkspace,
  isWorkingHours,
  listLabels,
  listMembers,
  renameWorkspace,
  upsertMember,
  write,
} from './workspace';

function workspace(): Y.Doc {
  const doc = new Y.Doc();
  initWorkspace(doc, { id: 'ws1', name: 'Acme', creator: member('ada', { name: 'Ada', timezone: 'Europe/London' }) }, 1000);
  return doc;
}

function reasonOf(fn: () => unknown): string | null {
  try {
    fn();
  } catch (error) {
    if (error instanceof ModelError) return error.reason;
    throw error;
  }
  return null;
}

describe('initWorkspace', () => {
  it('fills meta, settings and the creator', () => {
    const doc = workspace();
    expect(getMeta(doc)).toEqual({ id: 'ws1', name: 'Acme', createdAt: 1000 });
    expect(indexMaps(doc).meta.get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(getSettings(doc)).toEqual({ defaultWorkingHours: DEFAULT_WORKING_HOURS, weekStart: 1 });
    expect(listMembers(doc).map((m) => m.id)).toEqual(['ada']);
  });

  it('is idempotent: a second call changes nothing', () => {
    const doc = workspace();
    const before = Y.encodeStateVector(doc);
    initWorkspace(doc, { id: 'ws1', name: 'Acme', creator: member('ada', { name: 'Ada' }) }, 5000);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    initWorkspace(doc, { id: 'other', name: 'Other', creator: member('ada') }, 6000);
    expect(getMeta(doc)).toEqual({ id: 'ws1', name: 'Acme', createdAt: 1000 });
  });

  it('adds a second creator as a member without touching meta', () => {
    const doc = workspace();
    initWorkspace(doc, { id: 'ws1', name: 'Renamed?', creator: member('bob', { name: 'Bob' }) });
    expect(getMeta(doc)?.name).toBe('Acme');
    expect(listMembers(doc).map((m) => m.name)).toEqual(['Ada', 'Bob']);
  });

  it('reports no workspace on an empty doc', () => {
    expect(getMeta(new Y.Doc())).toBeNull();
    expect(getSettings(new Y.Doc()).defaultWorkingHours).toEqual(DEFAULT_WORKING_HOURS);
  });
});

describe('renameWorkspace', () => {
  it('trims and stores the name', () => {
    const doc = workspace();
    renameWorkspace(doc, '  Acme Ltd ');
    expect(getMeta(doc)?.name).toBe('Acme Ltd');
  });

  it('refuses an empty name', () => {
    expect(reasonOf(() => renameWorkspace(workspace(), '   '))).toBe('invalid-input');
  });
});

describe('members', () => {
  it('adds a new member with default hours', () => {
    const doc = workspace();
    upsertMember(doc, { id: 'bo', name: 'Bo', color: '#db2777', timezone: 'Asia/Tokyo' });
    expect(getMember(doc, 'bo')).toMatchObject({ id: 'bo', name: 'Bo', timezone: 'Asia/Tokyo', workingHours: DEFAULT_WORKING_HOURS });
  });

  it('updates only the fields given', () => {
    const doc = workspace();
    upsertMember(doc, { id: 'ada', timezone: 'America/New_York' });
    expect(getMember(doc, 'ada')).toMatchObject({ name: 'Ada', timezone: 'America/New_York' });
    upsertMember(doc, { id: 'ada', workingHours: { start: 600, end: 1080, days: [1, 2, 3] } });
    expect(getMember(doc, 'ada')?.workingHours).toEqual({ start: 600, end: 1080, days: [1, 2, 3] });
    expect(getMember(doc, 'ada')?.timezone).toBe('America/New_York');
  });

  it('keeps a member’s time off, refuses ranges that end before they start, and skips damaged ones it reads', () => {
    const doc = workspace();
    expect(getMember(doc, 'ada')?.timeOff).toEqual([]);
    upsertMember(doc, { id: 'ada', timeOff: [{ start: '2026-08-03', end: '2026-08-14' }] });
    expect(getMember(doc, 'ada')?.timeOff).toEqual([{ start: '2026-08-03', end: '2026-08-14' }]);
    expect(() => upsertMember(doc, { id: 'ada', timeOff: [{ start: '2026-08-14', end: '2026-08-03' }] })).toThrow(ModelError);
    expect(() => upsertMember(doc, { id: 'ada', timeOff: Array.from({ length: 51 }, () => ({ start: '2026-08-03', end: '2026-08-03' })) })).toThrow(ModelError);
    // A record another build wrote badly: the good range is kept, the rest skipped.
    doc.transact(() => (doc.getMap('members').get('ada') as Y.Map<unknown>).set('timeOff', [{ start: '2026-09-01', end: '2026-09-02' }, { start: 'soon' }, 7]));
    expect(getMember(doc, 'ada')?.timeOff).toEqual([{ start: '2026-09-01', end: '2026-09-02' }]);
  });

  it('keeps both fields when two replicas edit different fields of one member', () => {
    const a = workspace();
    const b = new Y.Doc();
    syncDocs(a, b);
    upsertMember(a, { id: 'ada', name: 'Ada L.' });
    upsertMember(b, { id: 'ada', color: '#059669' });
    syncDocs(a, b);
    expect(getMember(a, 'ada')).toMatchObject({ name: 'Ada L.', color: '#059669' });
    expect(getMember(b, 'ada')).toEqual(getMember(a, 'ada'));
  });

  it('lists members by name', () => {
    const doc = workspace();
    upsertMember(doc, { id: 'z', name: 'Zoe' });
    upsertMember(doc, { id: 'b', name: 'Bea' });
    expect(listMembers(doc).map((m) => m.name)).toEqual(['Ada', 'Bea', 'Zoe']);
    expect(getMember(doc, 'nobody')).toBeNull();
  });

  it('rejects bad input with a reason and writes nothing', () => {
    const doc = workspace();
    const before = Y.encodeStateVector(doc);
    expect(reasonOf(() => upsertMember(doc, { id: 'x', name: '  ' }))).toBe('invalid-input');
    expect(reasonOf(() => upsertMember(doc, { id: 'x', name: 'X', workingHours: { start: 0, end: 2000, days: [1] } }))).toBe('invalid-input');
    expect(reasonOf(() => upsertMember(doc, { id: 'x', name: 'X', workingHours: { start: 1500, end: 600, days: [1] } }))).toBe('invalid-input');
    expect(reasonOf(() => upsertMember(doc, { id: 'x', name: 'X', workingHours: { start: 60, end: 600, days: [0] } }))).toBe('invalid-input');
    expect(reasonOf(() => upsertMember(doc, { id: 'x', name: 'X', timezone: 'Mars/Olympus_Mons' }))).toBe('invalid-input');
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(getMember(doc, 'x')).toBeNull();
  });

  it('keeps hours of their own for some weekdays, refuses bad ones, and reads a damaged entry as the usual hours', () => {
    const doc = workspace();
    const shortFriday = { start: 540, end: 1020, days: [1, 2, 3, 4, 5], perDay: { '5': { start: 540, end: 780 } } };
    upsertMember(doc, { id: 'ada', name: 'Ada', workingHours: shortFriday });
    expect(getMember(doc, 'ada')?.workingHours).toEqual(shortFriday);
    for (const perDay of [{ '8': { start: 540, end: 780 } }, { '5': { start: 540, end: 2000 } }, { '5': { start: 540 } }, [{ start: 540, end: 780 }], { '5': null }]) {
      expect(reasonOf(() => upsertMember(doc, { id: 'ada', workingHours: { ...shortFriday, perDay } as never }))).toBe('invalid-input');
    }
    expect(getMember(doc, 'ada')?.workingHours).toEqual(shortFriday);
    // Written by a device that did not check: the rest of the hours still hold.
    write(doc, Origin.local, () => indexMaps(doc).members.get('ada')!.set('workingHours', { start: 600, end: 960, days: [1, 2], perDay: 'Fridays short' }));
    expect(getMember(doc, 'ada')?.workingHours).toEqual({ start: 600, end: 960, days: [1, 2] });
  });

  it('accepts hours that cross midnight', () => {
    const doc = workspace();
    upsertMember(doc, { id: 'ada', workingHours: { start: 22 * 60, end: 6 * 60, days: [1, 2, 3, 4, 5] } });
    expect(getMember(doc, 'ada')?.workingHours.start).toBe(22 * 60);
  });
});

describe('isWorkingHours', () => {
  it('accepts times within one day and ISO weekdays only', () => {
    expect(isWorkingHours({ start: 0, end: 1440, days: [1, 7] })).toBe(true);
    expect(isWorkingHours({ start: -1, end: 600, days: [] })).toBe(false);
    expect(isWorkingHours({ start: 600, end: -1, days: [] })).toBe(false);
    expect(isWorkingHours({ start: 1441, end: 600, days: [] })).toBe(false);
    expect(isWorkingHours({ start: 9.5, end: 600, days: [] })).toBe(false);
    expect(isWorkingHours({ start: 0, end: 600, days: [8] })).toBe(false);
    expect(isWorkingHours({ start: 0, end: 600 })).toBe(false);
    expect(isWorkingHours(null)).toBe(false);
  });
});

describe('labels', () => {
  it('creates, lists by name and dedupes case-insensitively', () => {
    const doc = workspace();
    const bug = createLabel(doc, ' Bug ', '#dc2626');
    const urgent = createLabel(doc, 'Urgent', '#d97706');
    expect(createLabel(doc, 'bug', '#000000')).toBe(bug);
    expect(createLabel(doc, 'BUG ', '#000000')).toBe(bug);
    expect(listLabels(doc)).toEqual([
      { id: bug, name: 'Bug', color: '#dc2626' },
      { id: urgent, name: 'Urgent', color: '#d97706' },
    ]);
  });

  it('refuses an empty name', () => {
    expect(reasonOf(() => createLabel(workspace(), ' ', '#000'))).toBe('invalid-input');
  });
});
