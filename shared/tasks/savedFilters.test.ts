import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from '../model';
import { syncDocs } from '../model/testing';
import { DEFAULT_ARRANGEMENT } from './listView';
import { deleteSavedFilter, listSavedFilters, savedFilterOf, saveFilter } from './savedFilters';

const mine = { ...DEFAULT_ARRANGEMENT, assignee: 'me', status: 'open' } as const;

describe('saved filters', () => {
  it("are each member's own, reach their other devices through the index doc, and save over one of the same name", () => {
    const laptop = new Y.Doc();
    const phone = new Y.Doc();
    const id = saveFilter(laptop, 'ann', ' My open work ', mine);
    saveFilter(laptop, 'ben', 'Everything', DEFAULT_ARRANGEMENT);
    syncDocs(laptop, phone);
    expect(listSavedFilters(phone, 'ann')).toEqual([{ id, name: 'My open work', arrangement: mine }]);
    expect(listSavedFilters(phone, 'ben').map((filter) => filter.name)).toEqual(['Everything']);
    expect(savedFilterOf(listSavedFilters(phone, 'ann'), { ...mine })?.id).toBe(id);
    expect(savedFilterOf(listSavedFilters(phone, 'ann'), DEFAULT_ARRANGEMENT)).toBeNull();

    const grouped = { ...mine, group: 'due' } as const;
    expect(saveFilter(phone, 'ann', 'my OPEN work', grouped)).toBe(id);
    syncDocs(laptop, phone);
    expect(listSavedFilters(laptop, 'ann')).toEqual([{ id, name: 'My open work', arrangement: grouped }]);
    deleteSavedFilter(laptop, id);
    syncDocs(laptop, phone);
    expect(listSavedFilters(phone, 'ann')).toEqual([]);
  });

  it('refuses a nameless or overlong name, and reads a damaged record as the plain list', () => {
    const index = new Y.Doc();
    expect(() => saveFilter(index, 'ann', '  ', mine)).toThrow(ModelError);
    expect(() => saveFilter(index, 'ann', 'x'.repeat(61), mine)).toThrow(ModelError);
    const id = saveFilter(index, 'ann', 'Broken', mine);
    index.getMap<Y.Map<unknown>>('savedFilters').get(id)!.set('arrangement', '{not json');
    expect(listSavedFilters(index, 'ann')[0]!.arrangement).toEqual(DEFAULT_ARRANGEMENT);
  });
});
