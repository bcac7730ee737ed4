// Test support (imported by *.test.ts only): real TipTap page editors bound through y-tiptap to
// replicas of one workspace that exchange Yjs updates by hand (shared/model/testing.ts).
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import StarterKit from '@tiptap/starter-kit';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { appendParagraph, DEFAULT_WORKING_HOURS, pageContent, upsertMember } from '../../../shared/model';
import { pendingSuggestions } from '../../../shared/model/suggestions';
import { pageDoc, syncAll, workspaceReplicas, type Replica } from '../../../shared/model/testing';
import type { PageEditorContext } from '../../shared/editorFeatures';
import { suggestionExtensions, type SuggestEditsStorage } from './extension';

export interface Person {
  replica: Replica;
  doc: Y.Doc;
  editor: Editor;
  context: PageEditorContext;
  suggesting(on: boolean): void;
  /** The extension's storage (restoreAfterMs…). */
  storage: SuggestEditsStorage;
  /** The page's text, paragraph by paragraph, zero-width markers dropped. */
  text(): string;
}

const NAMES = ['Ana', 'Bo', 'Cy'];

function person(replica: Replica, index: number): Person {
  const doc = pageDoc(replica, 'page');
  const fragment = pageContent(doc);
  const memberId = `m-${NAMES[index]!.toLowerCase()}`;
  // Cast: the context grows fields (notify…) that these tests do not use.
  const context = {
    pageId: 'page',
    doc,
    fragment,
    awareness: new Awareness(doc),
    index: replica.index,
    profile: { memberId, name: NAMES[index]!, color: '#2563eb', timezone: 'UTC', workingHours: DEFAULT_WORKING_HOURS },
    readOnly: false,
    review: { open: true, setOpen: () => undefined },
    notify: () => undefined,
  } as PageEditorContext;
  const element = document.createElement('div');
  document.body.append(element);
  const editor = new Editor({
    element,
    extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ fragment }), ...suggestionExtensions({ current: context })],
  });
  const storage = (editor.storage as unknown as { suggestEdits: SuggestEditsStorage }).suggestEdits;
  return {
    replica,
    doc,
    editor,
    context,
    suggesting: (on) => (storage.enabled = on),
    storage,
    text: () => editor.state.doc.textBetween(0, editor.state.doc.content.size, '\n').replace(/\u200B/g, ''),
  };
}

/** Ana, Bo and Cy with the page open, all having synced the paragraph `text`. */
export async function people(text: string): Promise<Person[]> {
  const replicas = workspaceReplicas(3);
  NAMES.forEach((name, i) => upsertMember(replicas[0]!.index, { id: `m-${name.toLowerCase()}`, name, color: ['#2563eb', '#db2777', '#059669'][i]! }));
  const all = replicas.map(person);
  // Written to Yjs directly: outside anyone's undo history.
  appendParagraph(all[0]!.doc, text);
  await exchange(all);
  return all;
}

/** Reconnects everyone and exchanges until nothing changes, letting repairs run between rounds. */
export async function exchange(all: readonly Person[]): Promise<void> {
  for (let round = 0; round < 4; round++) {
    syncAll(all.map((one) => one.replica));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  syncAll(all.map((one) => one.replica));
}

/** One-way delivery: `to` receives what `from` has and it lacks; nothing goes back. */
export function send(from: Person, to: Person): void {
  Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)), 'test:remote');
}

export function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Selects the first occurrence of `needle` in the page (text positions). */
export function find(editor: Editor, needle: string, occurrence = 0): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  let seen = 0;
  editor.state.doc.descendants((node, pos) => {
    if (found || !node.isText) return !found;
    let at = node.text!.indexOf(needle);
    while (at >= 0 && !found) {
      if (seen++ === occurrence) found = { from: pos + at, to: pos + at + needle.length };
      at = node.text!.indexOf(needle, at + 1);
    }
    return false;
  });
  if (!found) throw new Error(`"${needle}" not in the page`);
  return found;
}

/** Types `text` over `from`–`to` as a keystroke would (a user transaction). */
export function type(editor: Editor, from: number, to: number, text: string): void {
  editor.view.dispatch(editor.state.tr.insertText(text, from, to));
}

export function pending(one: Person) {
  return pendingSuggestions(one.context.fragment);
}
