import { useRef, useState, type FormEvent } from 'react';
import { addStatus, MAX_STATUSES, ModelError, moveStatus, removeStatus, renameStatus, restoreStatus, statusName, type WorkflowStatus } from '../../../shared/model';
import { useWorkspace } from '../../shared/workspace';

const reason = (error: unknown) => (error instanceof ModelError ? error.message : 'That did not work; try again.');

/**
 * A board column's heading: its name and count, and for people who may edit, a menu to rename it,
 * move it left or right, or (for a workspace's own columns) remove it. The workflow belongs to the
 * workspace, so every list's board changes with it.
 */
export function ColumnHeading({ status, workflow, at, count, readOnly }: { status: WorkflowStatus; workflow: readonly WorkflowStatus[]; at: number; count: number; readOnly: boolean }) {
  const { index, notify, undo } = useWorkspace();
  const [open, setOpen] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  const act = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      notify(reason(error));
    }
  };
  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (renaming === null) return;
    if (renaming.trim() && renaming.trim() !== status.name) {
      try {
        renameStatus(index, status.id, renaming);
      } catch (error) {
        notify(reason(error));
        return;
      }
    }
    setRenaming(null);
    requestAnimationFrame(() => toggle.current?.focus());
  };
  const move = (delta: number) =>
    act(() => {
      moveStatus(index, status.id, at + delta);
      close();
    });
  const remove = () =>
    act(() => {
      removeStatus(index, status.id);
      undo.push({ label: `Removed the column “${status.name}”${count > 0 ? `; its ${count === 1 ? 'task shows' : `${count} tasks show`} in ${statusName(workflow, 'todo')}` : ''}`, undo: () => restoreStatus(index, status.id) });
    });

  if (renaming !== null) {
    return (
      <form className="board-column-heading" onSubmit={rename}>
        <input
          className="column-name"
          aria-label={`Name of the column ${status.name}`}
          autoFocus
          maxLength={40}
          value={renaming}
          onChange={(event) => setRenaming(event.target.value)}
          onBlur={rename}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            setRenaming(null);
            requestAnimationFrame(() => toggle.current?.focus());
          }}
        />
      </form>
    );
  }
  return (
    <div
      className="column-head"
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
      onKeyDown={(event) => {
        if (open && event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      }}
    >
      <div className="board-column-heading">
        <h3 onDoubleClick={readOnly ? undefined : () => setRenaming(status.name)}>
          {status.name} <span className="muted">{count}</span>
        </h3>
        {!readOnly && (
          <button ref={toggle} type="button" className="ghost column-menu-toggle" aria-label={`Options for the column ${status.name}`} aria-expanded={open} onClick={() => setOpen(!open)}>
            ⋯
          </button>
        )}
      </div>
      {open && (
        <div className="column-menu" role="group" aria-label={`Column ${status.name}`}>
          <button
            type="button"
            autoFocus
            onClick={() => {
              setOpen(false);
              setRenaming(status.name);
            }}
          >
            Rename
          </button>
          <button type="button" disabled={at === 0} onClick={() => move(-1)}>
            Move left
          </button>
          <button type="button" disabled={at === workflow.length - 1} onClick={() => move(1)}>
            Move right
          </button>
          {status.builtIn ? (
            <p className="muted small">{status.id === 'done' ? 'Tasks here count as done, whatever it is called.' : status.id === 'blocked' ? 'Tasks here show as blocked in My work, whatever it is called.' : status.id === 'todo' ? 'New tasks start here.' : 'Every workflow keeps this column; rename it if you like.'}</p>
          ) : (
            <button type="button" className="danger" onClick={remove}>
              Remove column
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** The last column of an editor's board: a button that becomes a field for a new column's name. */
export function AddColumn({ workflow }: { workflow: readonly WorkflowStatus[] }) {
  const { index, notify } = useWorkspace();
  const [name, setName] = useState<string | null>(null);
  if (workflow.length >= MAX_STATUSES) return null;
  if (name === null) {
    return (
      <button type="button" className="ghost board-add-column" onClick={() => setName('')}>
        + Add column
      </button>
    );
  }
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setName(null);
    try {
      addStatus(index, name);
      setName(null);
    } catch (error) {
      notify(reason(error));
    }
  };
  return (
    <form className="board-add-column" onSubmit={add}>
      <input
        aria-label="New column name"
        placeholder="Column name, e.g. Review"
        autoFocus
        maxLength={40}
        value={name}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && setName(null)}
        onBlur={() => !name.trim() && setName(null)}
      />
    </form>
  );
}
