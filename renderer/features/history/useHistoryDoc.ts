import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { historyDocId } from '../../../shared/model/history';
import { useWorkspace } from '../../shared/workspace';

/**
 * The page's history doc, opened through the sync engine like any doc (so it
 * reaches the relay and teammates) while the caller is mounted; null until loaded.
 */
export function useHistoryDoc(pageId: string | null): Y.Doc | null {
  const { sync } = useWorkspace();
  const [doc, setDoc] = useState<Y.Doc | null>(null);
  useEffect(() => {
    if (!pageId) return;
    let release: (() => void) | null = null;
    let cancelled = false;
    void sync.openDoc(historyDocId(pageId)).then((handle) => {
      if (cancelled) handle.release();
      else {
        release = () => handle.release();
        setDoc(handle.doc);
      }
    });
    return () => {
      cancelled = true;
      setDoc(null);
      release?.();
    };
  }, [sync, pageId]);
  return doc;
}
