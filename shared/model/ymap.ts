import * as Y from 'yjs';

/** A Y.Map used as a record of plain fields. */
export type YRecord = Y.Map<unknown>;

export function recordOf(fields: object): YRecord {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  return map;
}

/** Sets only the fields that changed, so unchanged fields keep their history. */
export function patchRecord(record: YRecord, patch: object): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = record.get(key);
    if (current !== value && JSON.stringify(current) !== JSON.stringify(value)) record.set(key, value);
  }
}

export function str(record: YRecord, key: string, fallback = ''): string {
  const value = record.get(key);
  return typeof value === 'string' ? value : fallback;
}

export function strOrNull(record: YRecord, key: string): string | null {
  const value = record.get(key);
  return typeof value === 'string' ? value : null;
}

export function num(record: YRecord, key: string, fallback = 0): number {
  const value = record.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function numOrNull(record: YRecord, key: string): number | null {
  const value = record.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A set of ids kept as map keys, so concurrent adds of different ids both survive. */
export function idSet(record: YRecord, key: string): string[] {
  const value = record.get(key);
  return value instanceof Y.Map ? [...value.keys()].sort() : [];
}

/**
 * The map of records a record keeps under `key` (a task's handoffs, its checklist). With `create`,
 * made when missing (call it inside the write's transaction); without, null when missing.
 */
export function childRecords(record: YRecord, key: string, create: true): Y.Map<YRecord>;
export function childRecords(record: YRecord, key: string, create?: false): Y.Map<YRecord> | null;
export function childRecords(record: YRecord, key: string, create = false): Y.Map<YRecord> | null {
  const value = record.get(key);
  if (value instanceof Y.Map) return value as Y.Map<YRecord>;
  if (!create) return null;
  const map = new Y.Map<YRecord>();
  record.set(key, map);
  return map;
}

export function ensureIdSet(record: YRecord, key: string): Y.Map<true> {
  const value = record.get(key);
  if (value instanceof Y.Map) return value as Y.Map<true>;
  const created = new Y.Map<true>();
  record.set(key, created);
  return created;
}

export function setIds(record: YRecord, key: string, ids: readonly string[]): void {
  const set = ensureIdSet(record, key);
  const wanted = new Set(ids);
  for (const id of [...set.keys()]) if (!wanted.has(id)) set.delete(id);
  for (const id of wanted) if (!set.has(id)) set.set(id, true);
}
