/**
 * A person's saved filters: named arrangements of the List view (filter, order, groups) they can
 * apply to any task list. They live in the workspace's index doc, so every device of theirs has
 * them, offline too; each is theirs alone (others' devices hold them but do not show them).
 *
 * index doc, savedFilters: Y.Map<filterId, Y.Map { id, memberId, name, arrangement (JSON), createdAt }>
 */
import * as Y from 'yjs';
import { IndexKey, ModelError, newId, Origin, write } from '../model';
import { DEFAULT_ARRANGEMENT, readArrangement, type ListArrangement } from './listView';

export const MAX_FILTER_NAME = 60;

export interface SavedFilter {
  id: string;
  name: string;
  arrangement: ListArrangement;
}

function filterMap(index: Y.Doc): Y.Map<Y.Map<unknown>> {
  return index.getMap<Y.Map<unknown>>(IndexKey.savedFilters);
}

function parse(value: unknown): ListArrangement {
  try {
    return readArrangement(typeof value === 'string' ? JSON.parse(value) : null);
  } catch {
    return DEFAULT_ARRANGEMENT;
  }
}

/** This member's saved filters, by name. */
export function listSavedFilters(index: Y.Doc, memberId: string): SavedFilter[] {
  const filters: SavedFilter[] = [];
  for (const [id, record] of filterMap(index)) {
    const name = record.get('name');
    if (record.get('memberId') !== memberId || typeof name !== 'string' || !name.trim()) continue;
    filters.push({ id, name, arrangement: parse(record.get('arrangement')) });
  }
  return filters.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** Saves an arrangement under a name; a filter of this member with the same name takes the new arrangement. Returns its id. */
export function saveFilter(index: Y.Doc, memberId: string, name: string, arrangement: ListArrangement, now = Date.now()): string {
  const trimmed = name.trim();
  if (!trimmed) throw new ModelError('invalid-input', 'A saved filter needs a name.');
  if (trimmed.length > MAX_FILTER_NAME) throw new ModelError('invalid-input', `A saved filter's name is at most ${MAX_FILTER_NAME} characters.`);
  const json = JSON.stringify(readArrangement(arrangement));
  const same = listSavedFilters(index, memberId).find((filter) => filter.name.toLowerCase() === trimmed.toLowerCase());
  return write(index, Origin.local, () => {
    if (same) {
      filterMap(index).get(same.id)?.set('arrangement', json);
      return same.id;
    }
    const id = newId();
    const record = new Y.Map<unknown>();
    filterMap(index).set(id, record);
    for (const [key, value] of Object.entries({ id, memberId, name: trimmed, arrangement: json, createdAt: now })) record.set(key, value);
    return id;
  });
}

export function deleteSavedFilter(index: Y.Doc, id: string): void {
  write(index, Origin.local, () => filterMap(index).delete(id));
}

/** The saved filter this arrangement is, if any (so the menu can say which one is on). */
export function savedFilterOf(filters: readonly SavedFilter[], arrangement: ListArrangement): SavedFilter | null {
  const key = JSON.stringify(readArrangement(arrangement));
  return filters.find((filter) => JSON.stringify(filter.arrangement) === key) ?? null;
}
