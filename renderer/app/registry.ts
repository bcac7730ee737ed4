import type { PageKind } from '../../shared/model';
import type { EditorFeature } from '../shared/editorFeatures';
import type { PageKindView } from '../shared/workspace';
import { commentsFeature } from '../features/comments';
import { richTextPage } from '../features/editor';
import { historyFeature } from '../features/history';
import { suggestionsFeature } from '../features/suggestions';
import { taskListPage } from '../features/tasks';

/**
 * The page kinds this build can show. A feature that adds a kind offers its
 * view from its index and is listed here; the page view looks a page's kind
 * up instead of switching on it.
 */
export const pageKinds: ReadonlyMap<PageKind, PageKindView> = new Map([richTextPage, taskListPage].map((view) => [view.kind, view]));

/** What extends the page editor, in toolbar and Review panel order. */
export const editorFeatures: readonly EditorFeature[] = [commentsFeature, suggestionsFeature, historyFeature];
