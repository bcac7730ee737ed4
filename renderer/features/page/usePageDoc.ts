import { useEffect, useState } from 'react';
import type { DocHandle, WorkspaceSync } from '../../../shared/sync';

/** Opens a page's doc (from the device, then live with the relay) while the page is on screen. */
export function usePageDoc(sync: WorkspaceSync, pageId: string): DocHandle | null {
  const [handle, setHandle] = useState<DocHandle | null>(null);
  useEffect(() => {
    let alive = true;
    let opened: DocHandle | null = null;
    void sync.openDoc(pageId).then((next) => {
      opened = next;
      if (alive) setHandle(next);
      else next.release();
    });
    return () => {
      alive = false;
      opened?.release();
      setHandle(null);
    };
  }, [sync, pageId]);
  return handle;
}
