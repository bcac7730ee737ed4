import { lazy } from 'react';

/** The rich-text editor (RichTextEditor.tsx), loaded the first time one is shown: render it inside a Suspense. */
export const RichTextEditor = lazy(() => import('./RichTextEditor').then((module) => ({ default: module.RichTextEditor })));
