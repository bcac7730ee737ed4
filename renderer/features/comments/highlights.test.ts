// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import StarterKit from '@tiptap/starter-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { anchorFromRange, appendParagraph, createThread, DEFAULT_WORKING_HOURS, pageContent } from '../../../shared/model';
import type { PageEditorContext } from '../../shared/editorFeatures';
import { anchorForSelection, rangeOfAnchor } from './anchors';
import { commentHighlights, threadRanges } from './highlights';

let editor: Editor | null = null;
const docs = new WeakMap<Editor, Y.Doc>();
afterEach(() => editor?.destroy());

/** A page editor on "Say old words" and "More text" with a thread on "old"; resolves once its highlight is drawn. */
async function open(): Promise<Editor> {
  const doc = new Y.Doc();
  const text = appendParagraph(doc, 'Say old words');
  appendParagraph(doc, 'More text');
  createThread(doc, { ...anchorFromRange(text, 4, 3), author: 'm-ana', parts: [{ text: 'Which?' }] });
  // Cast: the context has fields (notify…) these tests do not use.
  const context = {
    pageId: 'page',
    doc,
    fragment: pageContent(doc),
    awareness: new Awareness(doc),
    index: new Y.Doc(),
    profile: { memberId: 'm-ana', name: 'Ana', color: '#2563eb', timezone: 'UTC', workingHours: DEFAULT_WORKING_HOURS },
    readOnly: false,
    review: { open: true, setOpen: () => undefined },
    notify: () => undefined,
  } as PageEditorContext;
  const element = document.createElement('div');
  document.body.append(element);
  editor = new Editor({ element, extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ fragment: context.fragment }), commentHighlights({ current: context })] });
  docs.set(editor, doc);
  // The plugin locates threads in a microtask after the view starts.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return editor;
}

/** What the reader sees highlighted, and the text of the thread's range in the editor's state. */
function highlighted(view: Editor): { shown: string[]; range: string[] } {
  const { doc } = view.state;
  return {
    shown: [...view.view.dom.querySelectorAll('.comment-mark')].map((mark) => mark.textContent ?? ''),
    range: threadRanges(view.state).map(({ from, to }) => doc.textBetween(from, to)),
  };
}

const typeAt = (view: Editor, at: number, text: string) => view.view.dispatch(view.state.tr.insertText(text, at));

/** A teammate's edit to the page: made on a replica of the doc and applied as the relay would. */
function fromTeammate(view: Editor, edit: (content: Y.XmlFragment) => void): void {
  const local = docs.get(view)!;
  const remote = new Y.Doc();
  Y.applyUpdate(remote, Y.encodeStateAsUpdate(local));
  const before = Y.encodeStateVector(remote);
  remote.transact(() => edit(pageContent(remote)), 'teammate');
  Y.applyUpdate(local, Y.encodeStateAsUpdate(remote, before), 'relay');
}

describe('comment highlights while typing', () => {
  it('stay on the thread’s text when one types before it, inside it and right after it', async () => {
    const view = await open();
    expect(highlighted(view)).toEqual({ shown: ['old'], range: ['old'] });
    typeAt(view, 1, 'We ');
    expect(highlighted(view)).toEqual({ shown: ['old'], range: ['old'] });
    const { from, to } = threadRanges(view.state)[0]!;
    typeAt(view, from + 1, 'l');
    expect(highlighted(view)).toEqual({ shown: ['olld'], range: ['olld'] });
    typeAt(view, to + 1, 'er');
    expect(view.state.doc.textContent).toBe('We Say ollder wordsMore text');
    expect(highlighted(view)).toEqual({ shown: ['olld'], range: ['olld'] });
  });

  it('go when the thread’s text is deleted', async () => {
    const view = await open();
    const { from, to } = threadRanges(view.state)[0]!;
    view.view.dispatch(view.state.tr.delete(from, to));
    expect(view.state.doc.textContent).toBe('Say  wordsMore text');
    expect(highlighted(view)).toEqual({ shown: [], range: [] });
  });

  it('stay on the thread’s text through a teammate’s typing and deleting around and inside it', async () => {
    const view = await open();
    const paragraph = (content: Y.XmlFragment) => (content.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    fromTeammate(view, (content) => paragraph(content).insert(0, 'So, '));
    expect(view.state.doc.textContent).toBe('So, Say old wordsMore text');
    expect(highlighted(view)).toEqual({ shown: ['old'], range: ['old'] });
    fromTeammate(view, (content) => paragraph(content).delete(8, 1));
    expect(highlighted(view)).toEqual({ shown: ['ld'], range: ['ld'] });
  });

  it('stay on what is left of a thread across paragraphs when a teammate deletes the paragraph it started in', async () => {
    const view = await open();
    const doc = docs.get(view)!;
    const content = pageContent(doc);
    const first = (content.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const second = (content.get(1) as Y.XmlElement).get(0) as Y.XmlText;
    createThread(doc, {
      start: Y.createRelativePositionFromTypeIndex(first, 8),
      end: Y.createRelativePositionFromTypeIndex(second, 4, -1),
      quote: 'words More',
      author: 'm-ana',
      parts: [{ text: 'Both?' }],
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(highlighted(view).range).toEqual(['old', 'wordsMore']);
    fromTeammate(view, (remote) => remote.delete(0, 1));
    expect(view.state.doc.textContent).toBe('More text');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(highlighted(view)).toEqual({ shown: ['More'], range: ['More'] });
  });

  it('highlight a thread on the very first word of the page', async () => {
    const view = await open();
    const doc = docs.get(view)!;
    const first = (pageContent(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    createThread(doc, { ...anchorFromRange(first, 0, 3), author: 'm-ana', parts: [{ text: 'Who says?' }] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(highlighted(view).range).toEqual(['Say', 'old']);
  });

  it('find every text position of a page with headings, lists and quotes where the editor has it', async () => {
    const view = await open();
    view.commands.setContent('<h1>Plan</h1><ul><li><p>one</p><ul><li><p>two</p></li></ul></li></ul><blockquote><p>three</p></blockquote><p>four<br>five</p>');
    const { state } = view;
    const checked: number[] = [];
    state.doc.descendants((node, pos) => {
      if (!node.isText) return true;
      for (let at = pos; at <= pos + node.nodeSize; at += 1) {
        const anchor = anchorForSelection(state, at, at + 1);
        if (!anchor) continue;
        expect(rangeOfAnchor(state, anchor.start, anchor.end)?.from, `position ${at}`).toBe(at);
        checked.push(at);
      }
      return false;
    });
    expect(checked.length).toBeGreaterThan(20);
  });
});
