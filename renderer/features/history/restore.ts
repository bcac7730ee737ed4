import type { Editor, JSONContent } from '@tiptap/core';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { pageContent } from '../../../shared/model';
import { versionDoc, type Version } from '../../../shared/model/history';

/**
 * Puts a version's content back as a new edit: one editor step replaces only
 * the stretch between the first and the last difference, and the collaboration
 * binding writes it to the page doc, so teammates receive it like any edit and
 * Ctrl+Z takes it back. (A whole-document replace would also work, but would
 * read as everything deleted and retyped to whoever watches the changes.)
 * Says whether the page now reads as the version: 'unchanged' when it already
 * did, 'altered' when another feature changed the edit on its way (while
 * Suggest edits is on the restore becomes a suggestion).
 */
export type RestoreResult = 'restored' | 'unchanged' | 'altered';

export function restoreVersion(editor: Editor, version: Version): RestoreResult {
  const old = versionDoc(version);
  const json = yXmlFragmentToProsemirrorJSON(pageContent(old)) as JSONContent;
  old.destroy();
  // An empty page is one empty paragraph to the editor (its document needs a block).
  if (!json.content?.length) json.content = [{ type: 'paragraph' }];
  const next = editor.schema.nodeFromJSON(json);
  const { doc } = editor.state;
  const start = doc.content.findDiffStart(next.content);
  if (start === null) return 'unchanged';
  let { a: endNow, b: endThen } = doc.content.findDiffEnd(next.content) ?? { a: doc.content.size, b: next.content.size };
  // Repeated text can make the common end overlap the common start.
  const overlap = start - Math.min(endNow, endThen);
  if (overlap > 0) {
    endNow += overlap;
    endThen += overlap;
  }
  editor.view.dispatch(editor.state.tr.replace(start, endNow, next.slice(start, endThen)).scrollIntoView());
  editor.commands.focus();
  return editor.state.doc.eq(next) ? 'restored' : 'altered';
}
