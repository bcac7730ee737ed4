/**
 * The plain TipTap editor `npm run bench:editor` compares Baton with: the page editor's
 * StarterKit configuration and list extensions, no Yjs, no React, no Baton feature. It loads
 * its text from content-<screens>.json beside it (the bench writes the text Baton's page holds).
 */
import { Editor, type JSONContent } from '@tiptap/core';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import StarterKit from '@tiptap/starter-kit';
import '../../../renderer/app/styles.css';

async function mount(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const screens = query.get('screens') ?? '1';
  // ?skip=1: the off-screen block skipping Baton's page text has (its `.page-text` rule), for a like-for-like reading.
  const textClass = query.get('skip') === '1' ? 'prose page-text' : 'prose';
  const response = await fetch(new URL(`content-${screens}.json`, location.href));
  const content = (await response.json()) as JSONContent;
  const element = document.getElementById('editor');
  if (!element) throw new Error('plain editor: #editor is missing');
  new Editor({
    element,
    // As renderer/features/editor/RichTextEditor.tsx configures it (undo off there because Yjs brings its own).
    extensions: [StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } }), TaskList, TaskItem.configure({ nested: true })],
    content,
    editorProps: { attributes: { 'aria-label': 'Page content', 'aria-multiline': 'true', role: 'textbox', class: textClass } },
  });
}

mount().catch((error: unknown) => {
  console.error(error);
});
