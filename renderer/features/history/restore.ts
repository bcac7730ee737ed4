import type { Editor, JSONContent } from '@tiptap/core';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { pageContent } from '../../../shared/model';
import { versionDoc, type Version } from '../../../shared/model/history';

/**
 * Puts a version's content back as a new edit: the editor replaces its text,
 * and the collaboration binding writes only what differs to the page doc, so
 * teammates receive it like any edit and Ctrl+Z takes it back.
 */
export function restoreVersion(editor: Editor, version: Version): void {
  const old = versionDoc(version);
  const json = yXmlFragmentToProsemirrorJSON(pageContent(old)) as JSONContent;
  old.destroy();
  // An empty page is one empty paragraph to the editor (its document needs a block).
  if (!json.content?.length) json.content = [{ type: 'paragraph' }];
  editor.chain().setContent(json, { emitUpdate: true }).focus('start').run();
}
