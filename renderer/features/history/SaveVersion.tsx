import { useEffect, useRef, useState, type FormEvent } from 'react';
import { saveVersion } from '../../../shared/model/history';
import type { EditorFeatureProps } from '../../shared/editorFeatures';
import { useWorkspace } from '../../shared/workspace';
import { useHistoryDoc } from './useHistoryDoc';
import { useHistoryRecorder } from './useHistoryRecorder';

/**
 * The toolbar's "Save version…": a small form that names the page as it is now. Mounted for people
 * who may edit, for as long as the page is open, so it also keeps the page's history (automatic
 * versions, who typed and deleted what).
 */
export function SaveVersion({ context }: EditorFeatureProps) {
  const { notify } = useWorkspace();
  const history = useHistoryDoc(context.pageId);
  useHistoryRecorder(context.doc, history, context.profile.memberId);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    setName('');
    button.current?.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!history || !trimmed) return;
    saveVersion(history, context.doc, { name: trimmed, author: context.profile.memberId });
    notify(`Saved version “${trimmed}”`);
    close();
  };

  return (
    <div className="save-version">
      <button
        ref={button}
        type="button"
        className="tool"
        aria-expanded={open}
        aria-haspopup="dialog"
        title="Name this version of the page, to find it in Review › Versions"
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
            <button type="button" className="ghost" onClick={close}>
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
