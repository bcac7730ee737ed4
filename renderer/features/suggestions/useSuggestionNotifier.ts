import { useEffect } from 'react';
import type * as Y from 'yjs';
import { getPage } from '../../../shared/model';
import { suggestionsMap } from '../../../shared/model/suggestions';
import { pendingSuggestions } from '../../../shared/model/suggestions-scan';
import type { PageEditorContext } from '../../shared/editorFeatures';
import { useNotifier } from '../../shared/sendNotifications';
import { suggestionNotice } from './notifyCreator';

/** Waits for the suggester to pause, so the notification quotes what they suggested, not its first letter… */
const QUIET_MS = 2_500;
/** …but not for ever: someone who keeps typing is still heard of. */
const AT_MOST_MS = 30_000;
/** When this device last told each page's creator (per page, for this app session). */
const toldAt = new Map<string, number>();

/**
 * Tells a page's creator when someone suggests edits on it (shared/model/notifications.ts, kind
 * 'suggestion'), through their working hours like any notification; never the suggester themself.
 */
export function useSuggestionNotifier(context: PageEditorContext): void {
  const send = useNotifier();
  const { doc, index, fragment, pageId, profile } = context;
  useEffect(() => {
    const map = suggestionsMap(doc);
    const made = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let firstAt = 0;
    const flush = () => {
      timer = undefined;
      const pending = pendingSuggestions(fragment).filter((suggestion) => made.has(suggestion.id));
      made.clear();
      const notice = suggestionNotice(getPage(index, pageId), { id: profile.memberId, name: profile.name }, pending, toldAt.get(pageId), Date.now());
      if (!notice) return;
      toldAt.set(pageId, Date.now());
      send([notice]);
    };
    // A suggestion this device made is recorded as `<id>` → { author } (decisions have '@' in their keys).
    const onChange = (event: Y.YMapEvent<unknown>) => {
      if (!event.transaction.local) return;
      const before = made.size;
      for (const [key, change] of event.changes.keys) if (change.action === 'add' && !key.includes('@')) made.add(key);
      if (made.size === before) return;
      if (timer === undefined) firstAt = Date.now();
      clearTimeout(timer);
      timer = setTimeout(flush, Math.max(0, Math.min(QUIET_MS, firstAt + AT_MOST_MS - Date.now())));
    };
    map.observe(onChange);
    return () => {
      map.unobserve(onChange);
      if (timer !== undefined) {
        clearTimeout(timer);
        flush();
      }
    };
  }, [doc, index, fragment, pageId, profile.memberId, profile.name, send]);
}
