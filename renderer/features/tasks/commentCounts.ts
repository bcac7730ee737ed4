import type * as Y from 'yjs';
import { taskCommentCounts, taskCommentMap } from '../../../shared/model';
import { useDocValue } from '../../shared/useYDoc';

const counts = new WeakMap<Y.Doc, { current: Map<string, number> | null }>();

/**
 * Every task's comment count in a list, counted once per change of its comments rather than once
 * per row per keystroke: a list of 2,000 rows would otherwise walk all its comments 2,000 times.
 * (Yjs calls observers before the doc's 'update', which is what re-renders the rows.)
 */
export function commentCountsOf(doc: Y.Doc): Map<string, number> {
  let entry = counts.get(doc);
  if (!entry) {
    const created: { current: Map<string, number> | null } = { current: null };
    taskCommentMap(doc).observeDeep(() => {
      created.current = null;
    });
    counts.set(doc, created);
    entry = created;
  }
  entry.current ??= taskCommentCounts(doc);
  return entry.current;
}

/** A task's comment count (deleted ones left out), for its row. */
export function useCommentCount(doc: Y.Doc, taskId: string): number {
  return useDocValue(doc, (current) => commentCountsOf(current).get(taskId) ?? 0, [taskId]);
}
