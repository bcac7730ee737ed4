import { startTransition, Suspense, useCallback, useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { DocHandle } from '../../../shared/sync';
import type { PageViewOption } from '../../shared/workspace';

const storageKey = (pageId: string) => `baton:view:${pageId}`;

/** The view a person last chose for a page on this device (the kind's first when none). */
function useViewChoice(pageId: string, views: readonly PageViewOption[]): [PageViewOption, (id: string) => void] {
  const [chosen, setChosen] = useState(() => localStorage.getItem(storageKey(pageId)));
  const choose = useCallback(
    (id: string) => {
      // A view whose code has not loaded yet (renderer/shared/preloadable.tsx) keeps the one on
      // screen, tabs and focus included, until it has; one that has shows at once.
      if (views.find((view) => view.id === id)?.Body.isLoaded?.() === false) startTransition(() => setChosen(id));
      else setChosen(id);
      localStorage.setItem(storageKey(pageId), id);
    },
    [pageId, views],
  );
  return [views.find((view) => view.id === chosen) ?? views[0]!, choose];
}

interface Props {
  pageId: string;
  views: readonly PageViewOption[];
  handle: DocHandle;
}

/**
 * A page's body in the view the person chose: one tab per view its kind registers (List,
 * Board…), arrow keys between tabs as in any tab list, and nothing extra for a kind with one view.
 * Tabs and body appear together, once the view's code is in (the editor and the board load on first use).
 */
export function PageViews(props: Props) {
  return (
    <Suspense
      fallback={
        <p className="muted" role="status">
          Opening…
        </p>
      }
    >
      <ViewTabs {...props} />
    </Suspense>
  );
}

function ViewTabs({ pageId, views, handle }: Props) {
  const [current, choose] = useViewChoice(pageId, views);
  // The other views' code is fetched as soon as the page is open, so a tab shows its view at once.
  useEffect(() => views.forEach((view) => void view.Body.preload?.()), [views]);
  const id = useId();
  const { Body } = current;
  if (views.length === 1) return <Body handle={handle} />;

  const onKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const at = views.indexOf(current);
    const next = event.key === 'ArrowRight' ? at + 1 : event.key === 'ArrowLeft' ? at - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? views.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const view = views[(next + views.length) % views.length]!;
    choose(view.id);
    requestAnimationFrame(() => document.getElementById(`${id}-${view.id}`)?.focus());
  };

  return (
    <>
      <div className="page-views" role="tablist" aria-label="Views">
        {views.map((view) => (
          <button
            key={view.id}
            id={`${id}-${view.id}`}
            type="button"
            role="tab"
            aria-selected={view === current}
            aria-controls={`${id}-panel`}
            tabIndex={view === current ? 0 : -1}
            onClick={() => choose(view.id)}
            onKeyDown={onKey}
          >
            {view.label}
          </button>
        ))}
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-${current.id}`} className="page-view">
        <Body key={current.id} handle={handle} />
      </div>
    </>
  );
}

