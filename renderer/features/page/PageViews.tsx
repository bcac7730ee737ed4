import { useCallback, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { DocHandle } from '../../../shared/sync';
import type { PageViewOption } from '../../shared/workspace';

const storageKey = (pageId: string) => `baton:view:${pageId}`;

/** The view a person last chose for a page (or a view like My work) on this device; the first when none. */
export function useViewChoice<V extends { id: string }>(pageId: string, views: readonly V[]): [V, (id: string) => void] {
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

/** One tab per view, arrow keys between tabs as in any tab list, and the chosen view's panel. */
export function ViewTabs<V extends { id: string; label: string }>({ views, current, choose, children }: { views: readonly V[]; current: V; choose(id: string): void; children: ReactNode }) {
  const id = useId();
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
        {children}
      </div>
    </>
  );
}

/**
 * A page's body in the view the person chose: one tab per view its kind registers (List,
 * Board…), and nothing extra for a kind with one view.
 */
export function PageViews({ pageId, views, handle }: { pageId: string; views: readonly PageViewOption[]; handle: DocHandle }) {
  const [current, choose] = useViewChoice(pageId, views);
  const { Body } = current;
  if (views.length === 1) return <Body handle={handle} />;
  return (
    <ViewTabs views={views} current={current} choose={choose}>
      <Body key={current.id} handle={handle} />
    </ViewTabs>
  );
}
