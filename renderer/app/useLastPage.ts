import { useCallback, useState } from 'react';

/** The open page, remembered per workspace so a reload lands where you were. */
export function lastPageKey(workspaceId: string): string {
  return `baton:last-page:${workspaceId}`;
}

export function useLastPage(workspaceId: string): [string | null, (id: string | null) => void] {
  const key = lastPageKey(workspaceId);
  const [pageId, setPageId] = useState<string | null>(() => localStorage.getItem(key));
  const set = useCallback(
    (id: string | null) => {
      if (id) localStorage.setItem(key, id);
      else localStorage.removeItem(key);
      setPageId(id);
    },
    [key],
  );
  return [pageId, set];
}
