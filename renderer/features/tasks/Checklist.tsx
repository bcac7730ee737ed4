import { useState } from 'react';
import type * as Y from 'yjs';
import { addChecklistItem, listChecklist, MAX_ITEM_CHARS, ModelError, removeChecklistItem, updateChecklistItem, type Task } from '../../../shared/model';
import { TrashIcon } from '../../shared/icons';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';

/** "2/5" when a task has a checklist, for its row. */
export function useChecklistProgress(doc: Y.Doc, taskId: string): { done: number; total: number } {
  return useDocValue(
    doc,
    (current) => {
      const items = listChecklist(current, taskId);
      return { done: items.filter((item) => item.done).length, total: items.length };
    },
    [taskId],
  );
}

/** A task's checklist in its details: tick, edit in place, remove, and add with Enter. */
export function Checklist({ doc, task }: { doc: Y.Doc; task: Task }) {
  const { readOnly, notify } = useWorkspace();
  const items = useDocValue(doc, (current) => listChecklist(current, task.id), [task.id]);
  const [draft, setDraft] = useState('');
  const attempt = (action: () => void) => {
    try {
      action();
      return true;
    } catch (error) {
      notify(error instanceof ModelError ? error.message : 'Could not change the checklist.');
      return false;
    }
  };
  if (readOnly && items.length === 0) return null;
  return (
    <section className="checklist" aria-label={`Checklist of ${task.title}`}>
      <h3 className="details-heading">
        Checklist {items.length > 0 && <span className="muted">{items.filter((item) => item.done).length}/{items.length}</span>}
      </h3>
      <ul>
        {items.map((item) => (
          <li key={item.id} className={item.done ? 'done' : undefined}>
            <input type="checkbox" aria-label={`Done: ${item.text}`} checked={item.done} disabled={readOnly} onChange={(event) => attempt(() => updateChecklistItem(doc, task.id, item.id, { done: event.target.checked }))} />
            <input
              className="checklist-text"
              aria-label="Checklist item"
              defaultValue={item.text}
              key={item.text}
              readOnly={readOnly}
              maxLength={MAX_ITEM_CHARS}
              onBlur={(event) => {
                if (event.target.value.trim() && event.target.value.trim() !== item.text) attempt(() => updateChecklistItem(doc, task.id, item.id, { text: event.target.value }));
                else event.target.value = item.text;
              }}
              onKeyDown={(event) => event.key === 'Enter' && event.currentTarget.blur()}
            />
            {!readOnly && (
              <button type="button" className="ghost" aria-label={`Remove checklist item ${item.text}`} onClick={() => removeChecklistItem(doc, task.id, item.id)}>
                <TrashIcon />
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <input
          className="checklist-new"
          aria-label="Add checklist item"
          placeholder="Add an item and press Enter"
          value={draft}
          maxLength={MAX_ITEM_CHARS}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== 'Enter' || !draft.trim()) return;
            event.preventDefault();
            if (attempt(() => addChecklistItem(doc, task.id, draft))) setDraft('');
          }}
        />
      )}
    </section>
  );
}
