import { useCallback, useState } from 'react';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import type { Label, Member, WorkflowStatus } from '../../../shared/model';
import { DEFAULT_ARRANGEMENT, deleteSavedFilter, listSavedFilters, MAX_FILTER_NAME, readArrangement, savedFilterOf, saveFilter, type ListArrangement } from '../../../shared/tasks';
import { ModelError } from '../../../shared/model';
import { StatusOptions } from './workflow';

const storageKey = (memberId: string, listId: string) => `baton:list-view:${memberId}:${listId}`;

/** How this person last arranged this list on this device (the list's own order when never). */
export function useArrangement(memberId: string, listId: string): [ListArrangement, (next: ListArrangement) => void] {
  const [arrangement, setArrangement] = useState(() => {
    try {
      return readArrangement(JSON.parse(localStorage.getItem(storageKey(memberId, listId)) ?? 'null'));
    } catch {
      return DEFAULT_ARRANGEMENT;
    }
  });
  const change = useCallback(
    (next: ListArrangement) => {
      setArrangement(next);
      localStorage.setItem(storageKey(memberId, listId), JSON.stringify(next));
    },
    [memberId, listId],
  );
  return [arrangement, change];
}

/** The List view's filter, order and grouping: four small menus, and a way back to the list as it is. */
export function ListControls({ arrangement, onChange, members, labels, workflow, me }: { arrangement: ListArrangement; onChange(next: ListArrangement): void; members: Member[]; labels: Label[]; workflow: readonly WorkflowStatus[]; me: string }) {
  const set = <K extends keyof ListArrangement>(key: K, value: ListArrangement[K]) => onChange({ ...arrangement, [key]: value });
  const changed = JSON.stringify(arrangement) !== JSON.stringify(DEFAULT_ARRANGEMENT);
  return (
    <div className="list-controls" role="group" aria-label="Arrange the list">
      <SavedFilters arrangement={arrangement} onChange={onChange} me={me} changed={changed} />
      <select aria-label="Show tasks" value={arrangement.status} onChange={(event) => set('status', event.target.value as ListArrangement['status'])}>
        <option value="all">All tasks</option>
        <option value="open">Open tasks</option>
        <StatusOptions workflow={workflow} />
      </select>
      <select aria-label="Assigned to" value={arrangement.assignee} onChange={(event) => set('assignee', event.target.value)}>
        <option value="anyone">Anyone</option>
        <option value="me">Me</option>
        <option value="nobody">Nobody</option>
        {members
          .filter((member) => member.id !== me)
          .map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
      </select>
      <select aria-label="Sort by" value={arrangement.sort} onChange={(event) => set('sort', event.target.value as ListArrangement['sort'])}>
        <option value="manual">List order</option>
        <option value="due">Due date</option>
        <option value="priority">Priority</option>
        <option value="title">Title</option>
      </select>
      <select aria-label="Group by" value={arrangement.group} onChange={(event) => set('group', event.target.value as ListArrangement['group'])}>
        <option value="none">No groups</option>
        <option value="status">By status</option>
        <option value="assignee">By assignee</option>
        <option value="label" disabled={labels.length === 0}>
          By label
        </option>
        <option value="due">By due date</option>
      </select>
      {changed && (
        <button type="button" className="link" onClick={() => onChange(DEFAULT_ARRANGEMENT)}>
          Clear
        </button>
      )}
    </div>
  );
}

const SAVE = '__save';
const DELETE = '__delete';

/**
 * The person's saved filters (shared/tasks/savedFilters.ts): choosing one arranges the list its way;
 * the same menu saves the arrangement on screen under a name, or deletes the saved filter in use.
 */
function SavedFilters({ arrangement, onChange, me, changed }: { arrangement: ListArrangement; onChange(next: ListArrangement): void; me: string; changed: boolean }) {
  const { index, readOnly, notify } = useWorkspace();
  const filters = useDocValue(index, (current) => listSavedFilters(current, me), [me]);
  const current = savedFilterOf(filters, arrangement);
  const [naming, setNaming] = useState<string | null>(null);
  if (naming !== null) {
    const save = () => {
      try {
        if (naming.trim()) saveFilter(index, me, naming, arrangement);
        setNaming(null);
      } catch (error) {
        notify(error instanceof ModelError ? error.message : 'Could not save the filter.');
      }
    };
    return (
      <input
        className="filter-name"
        aria-label="Name of the saved filter"
        placeholder="Name, e.g. My open work"
        autoFocus
        maxLength={MAX_FILTER_NAME}
        value={naming}
        onChange={(event) => setNaming(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            save();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            setNaming(null);
          }
        }}
        onBlur={() => setNaming(null)}
      />
    );
  }
  if (filters.length === 0 && (readOnly || !changed)) return null;
  return (
    <select
      aria-label="Saved filters"
      className={current ? 'filter-on' : undefined}
      value={current?.id ?? ''}
      onChange={(event) => {
        const value = event.target.value;
        if (value === SAVE) setNaming('');
        else if (value === DELETE && current) deleteSavedFilter(index, current.id);
        else {
          const filter = filters.find((candidate) => candidate.id === value);
          if (filter) onChange(filter.arrangement);
        }
      }}
    >
      {!current && <option value="">Saved filters…</option>}
      {filters.map((filter) => (
        <option key={filter.id} value={filter.id}>
          {filter.name}
        </option>
      ))}
      {!readOnly && changed && !current && <option value={SAVE}>Save this filter…</option>}
      {!readOnly && current && <option value={DELETE}>Delete “{current.name}”</option>}
    </select>
  );
}
