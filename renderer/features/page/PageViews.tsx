import { Suspense, useCallback, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { DocHandle } from '../../../shared/sync';
import type { PageViewOption } from '../../shared/workspace';

const storageKey = (pageId: string) => `baton:view:${pageId}`;

/** The view a person last chose for a page on this device (the kind's first when none). */
function useViewChoice(pageId: string, views: readonly PageViewOption[]): [PageViewOption, (id: string) => void] {
  const [chosen, setChosen] = useState(() => localStorage.getItem(storageKey(pageId)));
  const choose = useCallback(
    (id: string) => {
      setChosen(id);
      localStorage.setItem(storageKey(pageId), id);
    },
    [pageId],
  );
  return [views.find((view) => view.id === chosen) ?? views[0]!, choose];
}

/**
 * A page's body in the view the person chose: one tab per view its kind registers (List,
 * Board…), arrow keys between tabs as in any tab list, and nothing extra for a kind with one view.
 */
export function PageViews({ pageId, views, handle }: { pageId: string; views: readonly PageViewOption[]; handle: DocHandle }) {
  const [current, choose] = useViewChoice(pageId, views);
  const id = useId();
  const { Body } = current;
  if (views.length === 1) return <Loading>{<Body handle={handle} />}</Loading>;

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
        <Loading>
          <Body key={current.id} handle={handle} />
        </Loading>
      </div>
    </>
  );
}

/** A view's body loads on first use (the editor, the board): until it has, the page says so. */
function Loading({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="muted" role="status">
          Opening…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}
