import type { PageKind } from '../../shared/model';
import type { EditorFeature } from '../shared/editorFeatures';
import type { PageKindView } from '../shared/workspace';
import { richTextPage } from '../features/editor';
import { taskListPage } from '../features/tasks';

/**
 * The page kinds this build can show. A feature that adds a kind offers its
 * view from its index and is listed here; the page view looks a page's kind
 * up instead of switching on it.
 */
export const pageKinds: ReadonlyMap<PageKind, PageKindView> = new Map([richTextPage, taskListPage].map((view) => [view.kind, view]));

let editorFeatures: Promise<readonly EditorFeature[]> | null = null;

/**
 * What extends the page editor, in toolbar and Review panel order (editorFeatureList.ts). They are
 * ProseMirror plugins and panels that only a page's editor needs, so they load with it, not with the app.
 */
export function loadEditorFeatures(): Promise<readonly EditorFeature[]> {
  editorFeatures ??= import('./editorFeatureList').then((module) => {
    // Marked as React's use() marks a promise it has seen settle: a page opened after the features
    // have loaded renders at once instead of suspending for a tick.
    Object.assign(editorFeatures!, { status: 'fulfilled', value: module.editorFeatures });
    return module.editorFeatures;
  });
  return editorFeatures;
}

/** Start-up's own work and a person's first scrolls come first: evaluating the editor's code takes the main thread for a while. */
const PRELOAD_AFTER_MS = 3_000;

/**
 * Loads, a few seconds after start and when the app is idle, the code split out of its first
 * script (the editor and its features, the board, the calendar), so opening any of them later
 * shows it at once. A page opened before then loads what it needs itself.
 */
export function preloadWhenIdle(): () => void {
  const preload = () => {
    void loadEditorFeatures();
    for (const kind of pageKinds.values()) for (const view of kind.views) void view.Body.preload?.();
  };
  let idle: number | null = null;
  const timer = setTimeout(() => {
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(preload, { timeout: 5_000 });
    else preload();
  }, PRELOAD_AFTER_MS);
  return () => {
    clearTimeout(timer);
    if (idle !== null) cancelIdleCallback(idle);
  };
}
