import Mention from '@tiptap/extension-mention';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import type { SuggestionProps } from '@tiptap/suggestion';
import { useEffect, useId, useRef, useState } from 'react';
import { MAX_COMMENT_TEXT, ModelError, type CommentPart, type Member } from '../../../shared/model';
import { contentOf, partsOf } from './parts';
import { describeDelivery } from '../../../shared/time';
import { useNow } from '../../shared/when';
import { localTimeOf } from '../people';
import './comments.css';

interface MentionMenu {
  items: Member[];
  selected: number;
  pick(member: Member): void;
}

interface Props {
  /** The text box's accessible name, e.g. 'Comment' or 'Reply'. */
  label: string;
  placeholder: string;
  submitLabel: string;
  members: Member[];
  initial?: readonly CommentPart[];
  autoFocus?: boolean;
  /** May throw a ModelError: its message is shown and what was typed stays. `urgent`: the writer asked for the people mentioned to be told at once. */
  onSubmit(parts: CommentPart[], options: { urgent: boolean }): void;
  /** Offers "Urgent" when someone is mentioned (a new comment or a reply, not an edit). */
  allowUrgent?: boolean;
  onCancel?(): void;
}

const PLAIN = {
  heading: false, bulletList: false, orderedList: false, listItem: false, listKeymap: false, blockquote: false, codeBlock: false,
  horizontalRule: false, bold: false, italic: false, strike: false, code: false, link: false, dropcursor: false, gapcursor: false,
} as const;

/**
 * A small text box for a comment: plain text and @mentions. Typing @ offers the workspace's
 * members (arrows pick, Enter or Tab inserts); Ctrl+Enter posts, Escape cancels.
 */
export function Composer({ label, placeholder, submitLabel, members, initial, autoFocus, onSubmit, onCancel, allowUrgent }: Props) {
  const [urgent, setUrgent] = useState(false);
  const [menu, setMenu] = useState<MentionMenu | null>(null);
  const menuRef = useRef(menu);
  menuRef.current = menu;
  const membersRef = useRef(members);
  membersRef.current = members;
  const submitRef = useRef<() => void>(() => {});
  const cancelRef = useRef(onCancel);
  cancelRef.current = onCancel;
  const listId = useId();
  const [error, setError] = useState<string | null>(null);

  const editor = useEditor({
    extensions: [
      StarterKit.configure(PLAIN),
      Mention.configure({
        HTMLAttributes: { class: 'mention' },
        renderText: ({ node }) => `@${String(node.attrs.label ?? '')}`,
        suggestion: {
          char: '@',
          // Not 'suggestion' (the default): that names suggested edits elsewhere in the app.
          decorationClass: 'mention-query',
          items: ({ query }) => membersRef.current.filter((member) => member.name.toLowerCase().includes(query.toLowerCase())).slice(0, 6),
          render: () => {
            const show = (props: SuggestionProps<Member>) =>
              setMenu((open) => ({
                items: props.items,
                selected: open && open.selected < props.items.length ? open.selected : 0,
                pick: (member) => props.command({ id: member.id, label: member.name }),
              }));
            return {
              onStart: show,
              onUpdate: show,
              onExit: () => setMenu(null),
              onKeyDown: ({ event }) => {
                const open = menuRef.current;
                if (!open || open.items.length === 0) return false;
                if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                  const step = event.key === 'ArrowDown' ? 1 : -1;
                  setMenu({ ...open, selected: (open.selected + step + open.items.length) % open.items.length });
                  return true;
                }
                if (event.key === 'Enter' || event.key === 'Tab') {
                  const member = open.items[open.selected];
                  if (member) open.pick(member);
                  return true;
                }
                if (event.key === 'Escape') {
                  setMenu(null);
                  return true;
                }
                return false;
              },
            };
          },
        },
      }),
    ],
    content: initial ? contentOf(initial, (id) => membersRef.current.find((member) => member.id === id)?.name ?? 'someone') : '',
    autofocus: autoFocus ? 'end' : false,
    editorProps: {
      attributes: { 'aria-label': label, 'aria-multiline': 'true', role: 'textbox', class: 'composer-text' },
      handleKeyDown: (_view, event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          submitRef.current();
          return true;
        }
        if (event.key === 'Escape' && !menuRef.current && cancelRef.current) {
          cancelRef.current();
          return true;
        }
        return false;
      },
    },
  });
  const empty = useEditorState({ editor, selector: ({ editor: current }) => current?.isEmpty ?? true });
  // Whom the comment mentions, so the writer sees when each of them will see it (their hours, their time off).
  const mentioned = useEditorState({ editor, selector: ({ editor: current }) => (current ? [...new Set(partsOf(current.state.doc).flatMap((part) => ('mention' in part ? [part.mention] : [])))].join(' ') : '') });
  const now = useNow();
  const deliveries = (mentioned ?? '')
    .split(' ')
    .flatMap((id) => members.filter((member) => member.id === id))
    .map((member) => describeDelivery(now, member, urgent && allowUrgent === true));

  submitRef.current = () => {
    if (!editor) return;
    const parts = partsOf(editor.state.doc);
    if (parts.length === 0) return;
    const length = parts.reduce((sum, part) => sum + ('text' in part ? part.text.length : 1), 0);
    if (length > MAX_COMMENT_TEXT) {
      setError(`A comment can hold up to ${MAX_COMMENT_TEXT.toLocaleString()} characters; shorten it to post.`);
      return;
    }
    try {
      onSubmit(parts, { urgent: urgent && deliveries.length > 0 && allowUrgent === true });
    } catch (failure) {
      if (!(failure instanceof ModelError)) throw failure;
      setError(failure.message);
      return;
    }
    setError(null);
    editor.commands.clearContent(true);
    setUrgent(false);
  };

  useEffect(() => {
    // Until its view is mounted (or once it is gone) an editor has no DOM to read, and asking throws.
    if (!editor?.isInitialized || editor.isDestroyed) return;
    if (menu) editor.view.dom.setAttribute('aria-activedescendant', `${listId}-${menu.selected}`);
    else editor.view.dom.removeAttribute('aria-activedescendant');
  }, [editor, menu, listId]);

  return (
    <div className="composer">
      <div className="composer-box">
        {empty && (
          <span className="composer-placeholder" aria-hidden="true">
            {placeholder}
          </span>
        )}
        <EditorContent editor={editor} />
        {menu && menu.items.length > 0 && (
          <ul className="mention-menu" role="listbox" id={listId} aria-label="Mention someone">
            {menu.items.map((member, index) => (
              <li
                key={member.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === menu.selected}
                aria-description={localTimeOf(member, now)}
                onMouseDown={(event) => {
                  event.preventDefault();
                  menu.pick(member);
                }}
              >
                <span className="member-dot" style={{ background: member.color }} aria-hidden="true" />
                {member.name}
                <span className="mention-time" aria-hidden="true">
                  {localTimeOf(member, now)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {deliveries.length > 0 && (
        <ul className="composer-delivery muted small" aria-label="When they will see it">
          {deliveries.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
      {deliveries.length > 0 && allowUrgent && (
        <label className="composer-urgent small">
          <input type="checkbox" checked={urgent} onChange={(event) => setUrgent(event.target.checked)} />
          Urgent: tell them now, even outside their hours (they see that you asked)
        </label>
      )}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
      <div className="composer-actions">
        {onCancel && (
          <button type="button" className="ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="button" className="primary" disabled={empty} onClick={() => submitRef.current()}>
          {submitLabel}
        </button>
      </div>
    </div>
  );
}
