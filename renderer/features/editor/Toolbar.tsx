import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { LinkIcon } from '../../shared/icons';
import { describeAriaShortcut, platformAriaShortcut } from '../shortcuts';

interface Action {
  label: string;
  text: string;
  keys?: string;
  active(editor: Editor): boolean;
  run(editor: Editor): void;
}

const ACTIONS: Action[] = [
  { label: 'Bold', text: 'B', keys: 'Control+B', active: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
  { label: 'Italic', text: 'I', keys: 'Control+I', active: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
  { label: 'Heading 1', text: 'H1', keys: 'Control+Alt+1', active: (e) => e.isActive('heading', { level: 1 }), run: (e) => e.chain().focus().toggleHeading({ level: 1 }).run() },
  { label: 'Heading 2', text: 'H2', keys: 'Control+Alt+2', active: (e) => e.isActive('heading', { level: 2 }), run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
  { label: 'Bulleted list', text: '•', keys: 'Control+Shift+8', active: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
  { label: 'Numbered list', text: '1.', keys: 'Control+Shift+7', active: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
  { label: 'Checklist', text: '☑', keys: 'Control+Shift+9', active: (e) => e.isActive('taskList'), run: (e) => e.chain().focus().toggleTaskList().run() },
  { label: 'Quote', text: '❝', keys: 'Control+Shift+B', active: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
  { label: 'Inline code', text: '</>', keys: 'Control+E', active: (e) => e.isActive('code'), run: (e) => e.chain().focus().toggleCode().run() },
  { label: 'Code block', text: '{ }', keys: 'Control+Alt+C', active: (e) => e.isActive('codeBlock'), run: (e) => e.chain().focus().toggleCodeBlock().run() },
];

export function Toolbar({ editor, compact, end }: { editor: Editor; compact: boolean; end?: ReactNode }) {
  const active = useEditorState({ editor, selector: ({ editor: current }) => ACTIONS.map((action) => action.active(current)).concat(current.isActive('link')) });
  const [linking, setLinking] = useState(false);
  const [href, setHref] = useState('');
  const [linkError, setLinkError] = useState<string | null>(null);

  const applyLink = (event: FormEvent) => {
    event.preventDefault();
    const url = href.trim();
    const chain = editor.chain().focus().extendMarkRange('link');
    if (!url) {
      chain.unsetLink().run();
    } else if (!chain.setLink({ href: /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}` }).run()) {
      // TipTap refuses unsafe schemes (javascript: and the like): say so, keep the field open.
      setLinkError('Use a web or mail address, e.g. https://example.com or mailto:ana@example.com.');
      return;
    }
    setLinkError(null);
    setLinking(false);
  };

  return (
    <div className="toolbar" role="toolbar" aria-label={compact ? 'Description formatting' : 'Formatting'}>
      {ACTIONS.filter((action) => !compact || ['Bold', 'Italic', 'Bulleted list', 'Checklist'].includes(action.label)).map((action) => {
        const index = ACTIONS.indexOf(action);
        return (
          <button
            key={action.label}
            type="button"
            className="tool"
            aria-label={action.label}
            aria-pressed={active[index] ?? false}
            aria-keyshortcuts={action.keys ? platformAriaShortcut(action.keys) : undefined}
            title={action.keys ? `${action.label} (${describeAriaShortcut(action.keys)})` : action.label}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => action.run(editor)}
            // The glyph is an icon (drawn by CSS from data-glyph): the name a person says or hears is the label.
            data-glyph={action.text}
          />
        );
      })}
      {!compact && (
        <button
          type="button"
          className="tool"
          aria-label="Link"
          aria-pressed={active[ACTIONS.length] ?? false}
          onClick={() => {
            setHref((editor.getAttributes('link').href as string | undefined) ?? '');
            setLinking((open) => !open);
          }}
        >
          <LinkIcon />
        </button>
      )}
      {linking && (
        <form className="link-form" onSubmit={applyLink}>
          <input aria-label="Link address" placeholder="https://…" autoFocus value={href} onChange={(event) => setHref(event.target.value)} onKeyDown={(event) => event.key === 'Escape' && setLinking(false)} />
          <button type="submit">Apply link</button>
          {linkError && (
            <span role="alert" className="error small">
              {linkError}
            </span>
          )}
        </form>
      )}
      {end && <div className="toolbar-end">{end}</div>}
    </div>
  );
}
