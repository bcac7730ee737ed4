import { useEffect } from 'react';
import type * as Y from 'yjs';
import { HistoryRecorder } from './recorder';

/**
 * Keeps the page's history while this person may edit it: the recorder lives as long as the page is
 * open here, and a session also ends when the window is hidden or closed (pagehide), so the last
 * edits before closing the app get their automatic version.
 */
export function useHistoryRecorder(page: Y.Doc, history: Y.Doc | null, member: string): void {
  useEffect(() => {
    if (!history) return;
    const recorder = new HistoryRecorder({ page, history, member });
    const onHide = () => recorder.endSession();
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      recorder.dispose();
    };
  }, [page, history, member]);
}
