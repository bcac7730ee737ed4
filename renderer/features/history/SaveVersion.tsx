import { useEffect, useRef, useState, type FormEvent } from 'react';
import { saveVersion } from '../../../shared/model/history';
import type * as Y from 'yjs';
import type { EditorFeatureProps } from '../../shared/editorFeatures';
import { useWorkspace } from '../../shared/workspace';

/** "Save version…" in the Review panel's Versions: a small form that names the page as it is now. */
export function SaveVersion({ editor, context, history }: EditorFeatureProps & { history: Y.Doc | null }) {
  const { notify } = useWorkspace();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    input.current?.focus();
    // A click elsewhere closes it (Safari does not focus a clicked button, so blur alone cannot tell).
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) close('none');
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  /** Back to the button (Cancel, Escape) or to the text (saved: the person came from writing). */
  const close = (focus: 'button' | 'text' | 'none' = 'button') => {
    setOpen(false);
    setName('');
    if (focus === 'button') button.current?.focus();
    else if (focus === 'text') editor.commands.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!history || !trimmed) return;
    saveVersion(history, context.doc, { name: trimmed, author: context.profile.memberId });
    notify(`Saved version “${trimmed}”`);
    close('text');
  };

  return (
    <div className="save-version" ref={root}>
      <button
        ref={button}
        type="button"
        className="small"
        aria-expanded={open}
        aria-haspopup="dialog"
        title="Name this version of the page"
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Save version…
      </button>
      {open && (
        <form
          className="save-version-form"
          role="dialog"
          aria-label="Save version"
          onSubmit={submit}
          onBlur={(event) => {
            // Clicking or tabbing away closes it, as a menu would.
            const next = event.relatedTarget as Node | null;
            if (next && !event.currentTarget.contains(next) && next !== button.current) close('none');
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              close();
            }
          }}
        >
          <label htmlFor="version-name">Version name</label>
          <input id="version-name" ref={input} value={name} maxLength={120} placeholder="e.g. Sent for review" onChange={(event) => setName(event.target.value)} />
          <div className="save-version-actions">
            <button type="button" className="ghost" onClick={() => close()}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!history || !name.trim()}>
              Save version
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
