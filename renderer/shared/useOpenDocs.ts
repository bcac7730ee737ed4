import { useEffect, useState } from 'react';
import type { DocHandle } from '../../shared/sync';
import { useWorkspace } from './workspace';

/**
 * Keeps these docs open (loaded, and live with the relay) while the component is mounted, and
 * re-renders when any of them changes: `version` stands for their content. `docIds` joined by
 * spaces, so a new array with the same ids opens nothing again. Empty until they have loaded.
 */
export function useOpenDocs(docIds: string): { handles: DocHandle[]; version: number } {
  const { sync } = useWorkspace();
  const [handles, setHandles] = useState<DocHandle[]>([]);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let alive = true;
    const opened: DocHandle[] = [];
    const bump = () => setVersion((count) => count + 1);
    void Promise.all(docIds.split(' ').map((docId) => sync.openDoc(docId))).then((list) => {
      opened.push(...list);
      if (!alive) return list.forEach((handle) => handle.release());
      for (const handle of list) handle.doc.on('update', bump);
      setHandles(list);
    });
    return () => {
      alive = false;
      for (const handle of opened) {
        handle.doc.off('update', bump);
        handle.release();
      }
    };
  }, [sync, docIds]);
  return { handles, version };
}
