import { preloadable } from '../../shared/preloadable';
import type { RichTextEditorProps } from './RichTextEditor';

/** The rich-text editor (RichTextEditor.tsx), its code loaded on first use or by `preload()`: render it inside a Suspense. */
export const RichTextEditor = preloadable<RichTextEditorProps>(() => import('./RichTextEditor').then((module) => module.RichTextEditor));
