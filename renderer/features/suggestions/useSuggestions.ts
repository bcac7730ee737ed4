import { useEffect, useState } from 'react';
import { getMember } from '../../../shared/model';
import { pendingSuggestions, suggestionInfo } from '../../../shared/model/suggestions';
import type { PageEditorContext } from '../../shared/editorFeatures';

const READ_AFTER_MS = 120;

export interface ListedSuggestion {
  id: string;
  authorId: string | null;
  authorName: string;
  color: string | null;
  at: number | null;
  inserted: string;
  deleted: string;
  modifies: boolean;
}

function read(context: PageEditorContext): ListedSuggestion[] {
  return pendingSuggestions(context.fragment).map((suggestion) => {
    const info = suggestionInfo(context.doc, suggestion.id);
    const member = info ? getMember(context.index, info.author) : null;
    return { ...suggestion, authorId: info?.author ?? null, authorName: member?.name ?? 'Someone', color: member?.color ?? null, at: info?.at ?? null };
  });
}

/** The page's pending suggestions with their authors, following the page and the members. */
export function useSuggestions(context: PageEditorContext): ListedSuggestion[] {
  const [list, setList] = useState(() => read(context));
  useEffect(() => {
    // Reading walks the whole page: at once for a single change (an Accept), then at most once
    // per READ_AFTER_MS while changes keep coming (typing).
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stale = false;
    const settle = () => {
      timer = undefined;
      if (!stale) return;
      stale = false;
      setList(read(context));
      timer = setTimeout(settle, READ_AFTER_MS);
    };
    const update = () => {
      stale = true;
      if (timer === undefined) settle();
    };
    setList(read(context));
    context.doc.on('update', update);
    context.index.on('update', update);
    return () => {
      clearTimeout(timer);
      context.doc.off('update', update);
      context.index.off('update', update);
    };
  }, [context]);
  return list;
}
