import type { EditorFeature } from '../shared/editorFeatures';
import { commentsFeature } from '../features/comments';
import { historyFeature } from '../features/history';
import { suggestionsFeature } from '../features/suggestions';

/** What extends the page editor, in toolbar and Review panel order (loaded by registry.ts with the editor). */
export const editorFeatures: readonly EditorFeature[] = [commentsFeature, suggestionsFeature, historyFeature];
