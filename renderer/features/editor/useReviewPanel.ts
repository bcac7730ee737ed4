import { useCallback, useState } from 'react';
import type { ReviewPanel } from '../../shared/editorFeatures';

const KEY = 'baton:review-open';

/** Whether the Review panel is open: one choice per device, kept across pages and restarts. */
export function useReviewPanel(): ReviewPanel {
  const [open, setOpenState] = useState(() => localStorage.getItem(KEY) === '1');
  const setOpen = useCallback((next: boolean) => {
    setOpenState(next);
    localStorage.setItem(KEY, next ? '1' : '0');
  }, []);
  return { open, setOpen };
}
