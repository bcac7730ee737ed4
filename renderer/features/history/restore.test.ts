// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import StarterKit from '@tiptap/starter-kit';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fragmentText, pageContent } from '../../../shared/model';
import { saveVersion, versionDoc } from '../../../shared/model/history';
import { diffText, diffVersion } from '../../../shared/model/historyDiff';
import { restoreVersion } from './restore';

let editors: Editor[] = [];
afterEach(() => {
  editors.forEach((editor) => editor.destroy());
  editors = [];
});

/** A page editor bound to its doc, and a teammate's copy of the doc that receives every update. */
function page(html: string) {
  const doc = new Y.Doc();
  const teammate = new Y.Doc();
  doc.on('update', (update: Uint8Array) => Y.applyUpdate(teammate, update));
  const element = document.createElement('div');
  document.body.append(element);
  const editor = new Editor({ element, extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ fragment: pageContent(doc) })] });
  editors.push(editor);
  editor.commands.setContent(html);
  stopCapturing(editor);
  return { doc, teammate, editor };
}

/** Ends the undo step, as a pause in typing does (Yjs joins changes made within half a second). */
function stopCapturing(editor: Editor): void {
  (yUndoPluginKey.getState(editor.state) as { undoManager: Y.UndoManager }).undoManager.stopCapturing();
}

const noAttribution = { clientMember: () => null, deleter: () => null };

describe('restoreVersion', () => {
  it('writes the old text back as a new edit that teammates receive, touching only what differs, and undo takes it back', () => {
    const { doc, teammate, editor } = page('<h1>Plan</h1><p>Ship in spring.</p><p>Hire two engineers.</p>');
    const history = new Y.Doc();
    const version = saveVersion(history, doc, { name: 'Draft', author: 'm-ana' });
    editor.commands.setTextSelection({ from: 15, to: 21 });
    editor.commands.insertContent('autumn');
    editor.commands.setTextSelection(editor.state.doc.content.size - 1);
    editor.commands.insertContent(' And a designer.');
    const edited = fragmentText(pageContent(doc));
    expect(edited).toBe('Plan\nShip in autumn.\nHire two engineers. And a designer.');

    stopCapturing(editor);
    const [heading, , hiring] = pageContent(doc).toArray();
    expect(restoreVersion(editor, version)).toBe('restored');
    expect(fragmentText(pageContent(doc))).toBe('Plan\nShip in spring.\nHire two engineers.');
    expect(fragmentText(pageContent(teammate))).toBe('Plan\nShip in spring.\nHire two engineers.');
    // Only what differs was written: the heading and the last paragraph are the same Yjs types as before.
    const [headingAfter, , hiringAfter] = pageContent(doc).toArray();
    expect(headingAfter).toBe(heading);
    expect(hiringAfter).toBe(hiring);
    // Against the version the page reads as unchanged.
    const against = diffVersion(versionDoc(version), doc, noAttribution);
    expect(diffText(against, ['same'])).toBe('Plan\nShip in spring.\nHire two engineers.');
    expect(diffText(against, ['inserted', 'deleted'])).toBe('');

    expect(restoreVersion(editor, version)).toBe('unchanged');
    editor.commands.undo();
    expect(fragmentText(pageContent(teammate))).toBe(edited);
  });
});
