// The editor feature: rich text bound to a Yjs fragment, and the page kind built on it.
export { RichTextEditor } from './RichTextEditor';
export { richTextPage } from './RichTextPage';
