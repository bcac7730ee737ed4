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
  editorFeatures ??= import('./editorFeatureList').then((module) => module.editorFeatures);
  return editorFeatures;
}
