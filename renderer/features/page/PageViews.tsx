import { startTransition, Suspense, useCallback, useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { DocHandle } from '../../../shared/sync';
import type { PageViewOption } from '../../shared/workspace';
import { viewChoiceKey } from '../../shared/viewChoice';


/** A view whose code may be split out of the first script (renderer/shared/preloadable.tsx). */
interface View {
  id: string;
  label: string;
  Body?: { isLoaded?(): boolean; preload?(): Promise<unknown> };
}

/** The view a person last chose for a page (or a view like My work) on this device; the first when none. */
export function useViewChoice<V extends View>(pageId: string, views: readonly V[]): [V, (id: string) => void] {
  const [chosen, setChosen] = useState(() => localStorage.getItem(viewChoiceKey(pageId)));
  const choose = useCallback(
    (id: string) => {
      // A view whose code has not loaded yet keeps the one on screen, tabs and focus included,
      // until it has; one that has shows at once.
      if (views.find((view) => view.id === id)?.Body?.isLoaded?.() === false) startTransition(() => setChosen(id));
      else setChosen(id);
      localStorage.setItem(viewChoiceKey(pageId), id);
    },
    [pageId, views],
  );
  return [views.find((view) => view.id === chosen) ?? views[0]!, choose];
}

/**
 * One tab per view, arrow keys between tabs as in any tab list, and the chosen view's panel. The
 * other views' code is fetched as soon as the tabs are shown, so a tab shows its view at once.
 */
export function ViewTabs<V extends View>({ views, current, choose, children }: { views: readonly V[]; current: V; choose(id: string): void; children: ReactNode }) {
  const id = useId();
  useEffect(() => views.forEach((view) => void view.Body?.preload?.()), [views]);
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

/** While a view's code is still coming in: tabs and body appear together once it is. */
export function Opening({ children }: { children: ReactNode }) {
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

interface Props {
  pageId: string;
  views: readonly PageViewOption[];
  handle: DocHandle;
}

/**
 * A page's body in the view the person chose: one tab per view its kind registers (List,
 * Board…), and nothing extra for a kind with one view. The editor and the board load on first use.
 */
export function PageViews(props: Props) {
  return (
    <Opening>
      <PageViewTabs {...props} />
    </Opening>
  );
}

function PageViewTabs({ pageId, views, handle }: Props) {
  const [current, choose] = useViewChoice(pageId, views);
  const { Body } = current;
  if (views.length === 1) return <Body handle={handle} />;
  return (
    <ViewTabs views={views} current={current} choose={choose}>
      <Body key={current.id} handle={handle} />
    </ViewTabs>
  );
}
