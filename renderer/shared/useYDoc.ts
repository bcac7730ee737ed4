import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

const versions = new WeakMap<Y.Doc, number>();

function subscribe(doc: Y.Doc, onChange: () => void): () => void {
  const listener = () => {
    versions.set(doc, (versions.get(doc) ?? 0) + 1);
    onChange();
  };
  doc.on('update', listener);
  return () => doc.off('update', listener);
}

/**
 * Reads a value derived from a Y.Doc and re-renders when the doc changes.
 * The model stays React-free; this is the only bridge.
 */
export function useDocValue<T>(doc: Y.Doc, read: (doc: Y.Doc) => T, deps: readonly unknown[] = []): T {
  const version = useSyncExternalStore(
    (onChange) => subscribe(doc, onChange),
    () => versions.get(doc) ?? 0,
  );
  return useMemo(() => read(doc), [doc, version, ...deps]);
}
