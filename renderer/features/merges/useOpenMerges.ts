import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { mergeMap, openMerges, type MergeRecord } from '../../../shared/model';

interface Cached {
  records: MergeRecord[] | null;
  listeners: Set<() => void>;
}

const cache = new WeakMap<Y.Doc, Cached>();

function cached(doc: Y.Doc): Cached {
  let entry = cache.get(doc);
  if (!entry) {
    const created: Cached = { records: null, listeners: new Set() };
    // Read again only when the records change: every row of a long list asks, at every keystroke elsewhere in the doc.
    mergeMap(doc).observeDeep(() => {
      created.records = null;
      for (const listener of [...created.listeners]) listener();
    });
    cache.set(doc, created);
    entry = created;
  }
  return entry;
}

/** The page's open merge reviews, read once per change of the records (not of the page). */
export function useOpenMerges(doc: Y.Doc): MergeRecord[] {
  const entry = cached(doc);
  return useSyncExternalStore(
    (onChange) => {
      entry.listeners.add(onChange);
      return () => entry.listeners.delete(onChange);
    },
    () => (entry.records ??= openMerges(doc)),
  );
}
