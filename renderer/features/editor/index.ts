// The editor feature: rich text bound to a Yjs fragment, and the page kind built on it. Both load
// on first use (TipTap and ProseMirror are most of the app's script), not with the app.
export { RichTextEditor } from './lazyEditor';
export { richTextPage } from './richTextPageKind';
