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

/**
 * Loads, once the app is idle after start, the code split out of its first script (the editor and
 * its features, the board, the calendar), so opening any of them later shows it at once.
 */
export function preloadWhenIdle(): () => void {
  const preload = () => {
    void loadEditorFeatures();
    for (const kind of pageKinds.values()) for (const view of kind.views) void view.Body.preload?.();
  };
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(preload, { timeout: 5_000 });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(preload, 2_000);
  return () => clearTimeout(timer);
}
