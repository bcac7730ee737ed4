import * as Y from 'yjs';
import { newId } from './ids';
import { Origin } from './origins';
import { PageKey } from './schema';
import { write } from './workspace';

/** Any Yjs type (a root, an element, a text), as the doc's own API names it. */
type RootType = ReturnType<Y.Doc['get']>;

/**
 * A page's version history, kept in a doc of its own beside the page doc so
 * the live text keeps Yjs GC on and stays small:
 *
 * history doc (docId = historyDocId(pageId))
 *   versions:  Y.Map<versionId, Version>            snapshot = the page's content as a Yjs update
 *   clients:   Y.Map<String(clientID), memberId>    who typed with which client id of the page doc
 *   deletions: Y.Array<DeletionRecord>              who deleted what (Yjs keeps no deleter)
 *
 * A snapshot keeps the page's item ids (it is the page doc's state with every
 * other root emptied), so a diff can tell which items a version shares with
 * the text of now, and colour each by the member whose client made it.
 */

export const HistoryKey = { versions: 'versions', clients: 'clients', deletions: 'deletions' } as const;

/** Automatic versions kept; named ones are all kept. */
export const KEEP_AUTOMATIC = 20;
/** At most one automatic version per person this often. */
export const AUTO_INTERVAL_MS = 10 * 60_000;

export interface Version {
  id: string;
  /** Given by a person; null for an automatic version. */
  name: string | null;
  auto: boolean;
  /** Member id. */
  author: string;
  /** Milliseconds since the epoch. */
  at: number;
  snapshot: Uint8Array;
}

/** The delete set of a Yjs transaction (yjs exports the value, not the type). */
export type DeleteSet = Y.Transaction['deleteSet'];

export interface DeletionRecord {
  member: string;
  at: number;
  /** A Yjs delete set of the page doc, encoded as a snapshot with no state vector. */
  ds: Uint8Array;
}

/** The id of a page's history doc (a valid room id: a page id is 21 characters). */
export function historyDocId(pageId: string): string {
  return `${pageId}_history`;
}

function versionsMap(history: Y.Doc): Y.Map<Version> {
  return history.getMap<Version>(HistoryKey.versions);
}

function clientsMap(history: Y.Doc): Y.Map<string> {
  return history.getMap<string>(HistoryKey.clients);
}

function deletionsArray(history: Y.Doc): Y.Array<DeletionRecord> {
  return history.getArray<DeletionRecord>(HistoryKey.deletions);
}

function isVersion(value: unknown): value is Version {
  const v = value as Partial<Version> | null;
  return (
    !!v &&
    typeof v.id === 'string' &&
    (v.name === null || typeof v.name === 'string') &&
    typeof v.author === 'string' &&
    typeof v.at === 'number' &&
    v.snapshot instanceof Uint8Array
  );
}

/** Every version, newest first. */
export function listVersions(history: Y.Doc): Version[] {
  return [...versionsMap(history).values()].filter(isVersion).sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
}

export function getVersion(history: Y.Doc, id: string): Version | null {
  const value = versionsMap(history).get(id);
  return isVersion(value) ? value : null;
}

/**
 * The page's content as an update that keeps its item ids: the page doc's
 * state with every other root (tasks, comments, suggestions…) emptied, which
 * GC turns into a few deleted ranges.
 */
export function contentSnapshot(page: Y.Doc): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(page));
  copy.transact(() => {
    for (const [name, type] of copy.share) {
      if (name === PageKey.content) continue;
      clearType(copy, name, type);
    }
  });
  const update = Y.encodeStateAsUpdate(copy);
  copy.destroy();
  return update;
}

/** Empties a root whatever it was made as (a map or a list), without knowing its constructor. */
function clearType(doc: Y.Doc, name: string, type: RootType): void {
  if (type._map.size > 0) {
    const map = doc.get(name, Y.Map) as Y.Map<unknown>;
    for (const key of [...map.keys()]) map.delete(key);
  }
  if (type._start !== null) {
    const array = doc.get(name, Y.Array) as Y.Array<unknown>;
    if (array.length > 0) array.delete(0, array.length);
  }
}

/** A doc holding a version's content (read it with pageContent). */
export function versionDoc(version: Pick<Version, 'snapshot'>): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, version.snapshot);
  return doc;
}

/** A version's content, or null when its snapshot cannot be read (a faulty client wrote it). */
export function readVersion(version: Pick<Version, 'snapshot'>): Y.Doc | null {
  try {
    return versionDoc(version);
  } catch {
    return null;
  }
}

export interface NewVersion {
  name: string | null;
  author: string;
  at?: number;
}

/** Saves the page's content as it is now; a named version keeps its name, an unnamed one is automatic. */
export function saveVersion(history: Y.Doc, page: Y.Doc, input: NewVersion): Version {
  const name = input.name?.trim() || null;
  const version: Version = {
    id: newId(),
    name,
    auto: name === null,
    author: input.author,
    at: input.at ?? Date.now(),
    snapshot: contentSnapshot(page),
  };
  write(history, Origin.local, () => {
    versionsMap(history).set(version.id, version);
    compactHistory(history);
  });
  return version;
}

/** The page's content as text and structure, to compare a version with the text of now. */
function contentKey(page: Y.Doc): string {
  return page.getXmlFragment(PageKey.content).toString();
}

/**
 * Whether an automatic version is due for `author`: the content differs from
 * the newest version, and `author` made no automatic version in the interval.
 */
export function automaticVersionDue(history: Y.Doc, page: Y.Doc, author: string, now = Date.now(), intervalMs = AUTO_INTERVAL_MS): boolean {
  const versions = listVersions(history);
  if (versions.some((v) => v.auto && v.author === author && now - v.at < intervalMs)) return false;
  const newest = versions[0];
  if (!newest) return contentKey(page) !== '';
  const old = versionDoc(newest);
  const same = contentKey(old) === contentKey(page);
  old.destroy();
  return !same;
}

/** Saves an automatic version if one is due; returns it, or null. */
export function saveAutomaticVersion(history: Y.Doc, page: Y.Doc, author: string, now = Date.now(), intervalMs = AUTO_INTERVAL_MS): Version | null {
  if (!automaticVersionDue(history, page, author, now, intervalMs)) return null;
  return saveVersion(history, page, { name: null, author, at: now });
}

/**
 * Keeps the newest `keep` automatic versions and every named one; the others
 * are deleted, so GC frees their snapshots. Deletion records older than the
 * oldest version left are dropped too: no version holds what they deleted.
 */
export function compactHistory(history: Y.Doc, keep = KEEP_AUTOMATIC): void {
  const versions = versionsMap(history);
  const automatic = listVersions(history).filter((v) => v.auto);
  write(history, Origin.local, () => {
    for (const old of automatic.slice(keep)) versions.delete(old.id);
    const left = listVersions(history);
    const oldest = left.length ? left[left.length - 1]!.at : Infinity;
    const deletions = deletionsArray(history);
    for (let i = deletions.length - 1; i >= 0; i--) {
      const record = deletions.get(i);
      if (!record || record.at < oldest) deletions.delete(i, 1);
    }
    mergeDeletions(deletions);
  });
}

/**
 * One record per member: a session writes a record every few seconds while it
 * deletes, so they are merged when versions are saved. A merged record takes
 * the latest time, so it is dropped no sooner than its newest deletion allows.
 */
function mergeDeletions(deletions: Y.Array<DeletionRecord>): void {
  const byMember = new Map<string, DeletionRecord[]>();
  for (const record of deletions.toArray()) byMember.set(record.member, [...(byMember.get(record.member) ?? []), record]);
  if ([...byMember.values()].every((records) => records.length < 2)) return;
  const merged = [...byMember].map(([member, records]) => ({
    member,
    at: Math.max(...records.map((record) => record.at)),
    ds: Y.encodeSnapshot(Y.createSnapshot(Y.mergeDeleteSets(records.map((record) => Y.decodeSnapshot(record.ds).ds)), new Map())),
  }));
  deletions.delete(0, deletions.length);
  deletions.push(merged);
}

/** Records that `clientID` of the page doc is `member`'s (once per client id). */
export function recordClient(history: Y.Doc, clientID: number, member: string): void {
  const clients = clientsMap(history);
  if (clients.get(String(clientID)) === member) return;
  write(history, Origin.local, () => clients.set(String(clientID), member));
}

/** The member who typed with a client id of the page doc, or null if nobody recorded it. */
export function clientMember(history: Y.Doc, clientID: number): string | null {
  return clientsMap(history).get(String(clientID)) ?? null;
}

/** Records that `member` deleted the items of `ds` (the page doc's delete set of their transactions). */
export function recordDeletions(history: Y.Doc, member: string, ds: DeleteSet, at = Date.now()): void {
  if (ds.clients.size === 0) return;
  const encoded = Y.encodeSnapshot(Y.createSnapshot(ds, new Map()));
  write(history, Origin.local, () => deletionsArray(history).push([{ member, at, ds: encoded }]));
}

/** Answers who deleted an item of the page doc, from the deletion records. */
export function deleterLookup(history: Y.Doc): (id: Y.ID) => string | null {
  const records = deletionsArray(history)
    .toArray()
    .filter((record) => record && typeof record.member === 'string' && record.ds instanceof Uint8Array)
    .flatMap((record) => {
      // A record that cannot be read (a faulty client wrote it) answers nothing.
      try {
        return [{ member: record.member, ds: Y.decodeSnapshot(record.ds).ds }];
      } catch {
        return [];
      }
    });
  return (id) => records.find((record) => Y.isDeleted(record.ds, id))?.member ?? null;
}
