import { preloadable } from '../../shared/preloadable';
import type { PageKindView } from '../../shared/workspace';
import { RichTextEditor } from './lazyEditor';

/**
 * A page of rich text: the editor bound to the page doc's content (RichTextPage.tsx), loaded when a
 * page first opens or is preloaded — and with it the editor a task's description uses.
 */
export const richTextPage: PageKindView = {
  kind: 'doc',
  views: [{ id: 'page', label: 'Page', Body: preloadable(() => Promise.all([import('./RichTextPage'), RichTextEditor.preload()]).then(([module]) => module.RichTextPage)) }],
};
