import type { Editor } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { commentMap, listThreads, resolveAnchor, type CommentThread } from '../../../shared/model';
import { threadRanges } from './highlights';
import type { CommentsUi } from './ui';

export interface ShownThread extends CommentThread {
  /** Every character it was made on has been deleted: shown with its quote, never dropped. */
  onDeletedText: boolean;
}

function useAllThreads(doc: Y.Doc): CommentThread[] {
  const [threads, setThreads] = useState(() => listThreads(doc));
  useEffect(() => {
    const comments = commentMap(doc);
    let scheduled = false;
    const onChange = () => {
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        setThreads(listThreads(doc));
      });
    };
    comments.observeDeep(onChange);
    setThreads(listThreads(doc));
    return () => comments.unobserveDeep(onChange);
  }, [doc]);
  return threads;
}

/**
 * The open threads' ids in text order, changing only when a thread appears, disappears from the
 * text or moves past another; plus a count of text changes (remote ones at once, local ones once
 * typing pauses) after which a resolved thread's text may be gone.
 */
function useTextOrder(editor: Editor): { order: string; textVersion: number } {
  const read = () => threadRanges(editor.state).map((range) => range.id).join(' ');
  const [order, setOrder] = useState(read);
  const [textVersion, setTextVersion] = useState(0);
  useEffect(() => {
    let pause: ReturnType<typeof setTimeout> | null = null;
    const onTransaction = ({ transaction }: { transaction: Transaction }) => {
      setOrder(read());
      if (!transaction.docChanged) return;
      if (pause) clearTimeout(pause);
      const remote = (transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
      pause = setTimeout(() => setTextVersion((version) => version + 1), remote ? 0 : 600);
    };
    editor.on('transaction', onTransaction);
    setOrder(read());
    return () => {
      editor.off('transaction', onTransaction);
      if (pause) clearTimeout(pause);
    };
  }, [editor]);
  return { order, textVersion };
}

/**
 * The page's threads in the order their text appears; those whose text is gone (and resolved ones) after.
 * Read again when a thread changes or the text order does, never on plain typing.
 */
export function useThreads(doc: Y.Doc, editor: Editor): ShownThread[] {
  const threads = useAllThreads(doc);
  const { order, textVersion } = useTextOrder(editor);
  return useMemo(() => {
    const position = new Map(order.split(' ').map((id, at) => [id, at]));
    const shown = threads.map((thread) => ({
      ...thread,
      onDeletedText: thread.resolved ? resolveAnchor(doc, thread).state === 'deleted' : !position.has(thread.id),
    }));
    const rank = (thread: ShownThread) => position.get(thread.id) ?? Number.MAX_SAFE_INTEGER;
    return shown.sort((a, b) => rank(a) - rank(b) || a.createdAt - b.createdAt);
  }, [doc, threads, order, textVersion]);
}

/** Re-renders with the comments UI state (thread in focus, comment being written). */
export function useCommentsUi(ui: CommentsUi): CommentsUi {
  useSyncExternalStore(ui.subscribe, ui.snapshot);
  return ui;
}
