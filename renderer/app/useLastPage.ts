import { useCallback, useEffect, useRef, useState } from 'react';
import { readDeviceValue, writeDeviceValue } from './deviceStore';

/** The open page, remembered per workspace so a reload lands where you were. */
export function lastPageKey(workspaceId: string): string {
  return `baton:last-page:${workspaceId}`;
}

/**
 * localStorage answers at once on a reload; IndexedDB keeps the page through
 * a crash, which can take localStorage's last seconds of writes with it.
 */
export function useLastPage(workspaceId: string): [string | null, (id: string | null) => void] {
  const key = lastPageKey(workspaceId);
  const [pageId, setPageId] = useState<string | null>(() => localStorage.getItem(key));
  const chosen = useRef(pageId !== null);
  useEffect(() => {
    if (chosen.current) return;
    let alive = true;
    void readDeviceValue(key).then((stored) => {
      if (alive && stored && !chosen.current) setPageId(stored);
    });
    return () => {
      alive = false;
    };
    // Only on opening the workspace: once a page is chosen or closed, that choice stands.
  }, [key]);
  const set = useCallback(
    (id: string | null) => {
      if (id) localStorage.setItem(key, id);
      else localStorage.removeItem(key);
      void writeDeviceValue(key, id);
      chosen.current = true;
      setPageId(id);
    },
    [key],
  );
  return [pageId, set];
}
