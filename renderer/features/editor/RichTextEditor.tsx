import type { AnyExtension, Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useMemo, type ReactNode } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { useWorkspace } from '../../shared/workspace';
import { remoteCaretAwareness } from './caretAwareness';
import { caretFirst } from './caretFirst';
import { flashMovedCarets, renderCaret } from './carets';
import { NearCaret } from './nearCaret';
import { Toolbar } from './Toolbar';

export interface RichTextEditorProps {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  label: string;
  compact?: boolean;
  readOnly?: boolean;
  /** Extensions the page's features add (comments, suggestions…), fixed for the editor's life. */
  extensions?: AnyExtension[];
  /** Shown at the end of the toolbar; `always` also for people who only read. */
  toolbarEnd?: ReactNode;
  readerBar?: ReactNode;
  onEditor?(editor: Editor | null): void;
}

/**
 * TipTap bound to a Y.XmlFragment: the doc is the source of truth, so
 * offline edits, remote edits and undo (Yjs' own, per user) all go through it.
 */
export function RichTextEditor({ fragment, awareness, label, compact, readOnly = false, extensions = [], toolbarEnd, readerBar, onEditor }: RichTextEditorProps) {
  const { profile } = useWorkspace();
  const caretAwareness = useMemo(() => remoteCaretAwareness(awareness), [awareness]);
  const editor = useEditor(
    {
      extensions: [
        // Collaboration brings its own undo that only reverts this user's changes.
        StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } }),
        TaskList,
        TaskItem.configure({ nested: true }),
        Collaboration.configure({ fragment }),
        CollaborationCaret.configure({ provider: { awareness: caretAwareness }, user: { name: profile.name, color: profile.color }, render: renderCaret }),
        ...(compact ? [] : [NearCaret]),
        ...extensions,
      ],
      editorProps: {
        attributes: { 'aria-label': label, 'aria-multiline': 'true', role: 'textbox', class: compact ? 'prose compact' : 'prose page-text' },
        handleKeyDown: caretFirst,
      },
    },
    [fragment, awareness],
  );

  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.setEditable(!readOnly);
  }, [editor, readOnly]);

  useEffect(() => {
    if (!onEditor) return;
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) return flashMovedCarets(awareness, () => (editor.isDestroyed ? null : editor.view.dom));
  }, [editor, awareness]);

  // Keep the caret label current when the person renames themselves.
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.updateUser({ name: profile.name, color: profile.color });
  }, [editor, profile.name, profile.color]);

  return (
    <div className={compact ? 'editor compact' : 'editor'}>
      {editor && !readOnly && <Toolbar editor={editor} compact={compact ?? false} end={toolbarEnd} />}
      {editor && readOnly && readerBar}
      <EditorContent editor={editor} />
    </div>
  );
}
