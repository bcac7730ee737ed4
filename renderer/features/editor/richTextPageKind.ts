import { lazy } from 'react';
import type { PageKindView } from '../../shared/workspace';

/** A page of rich text: the editor bound to the page doc's content (RichTextPage.tsx, loaded when a page first opens). */
export const richTextPage: PageKindView = {
  kind: 'doc',
  views: [{ id: 'page', label: 'Page', Body: lazy(() => import('./RichTextPage').then((module) => ({ default: module.RichTextPage }))) }],
};
