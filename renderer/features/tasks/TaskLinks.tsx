import { useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { getTask, linkTask, listPages, taskRef, unlinkTask, type Task, type TaskLink } from '../../../shared/model';
import { linksOf, taskIdOf } from '../../../shared/tasks';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { LinkForm } from './LinkForm';
import { PageLinks, usePageLinks } from './PageLinks';

const KIND_NAMES: Record<TaskLink, string> = { blocks: 'Blocks', blockedBy: 'Blocked by' };
const OPPOSITE: Record<TaskLink, TaskLink> = { blocks: 'blockedBy', blockedBy: 'blocks' };

/** This task's links, both directions, read from the workspace's task index. */
export function useTaskLinks(listId: string, task: Task): { blocks: string[]; blockedBy: string[] } {
  const { tasks } = useWorkspace();
  useSyncExternalStore(tasks.subscribe, tasks.snapshot);
  return linksOf(taskRef(listId, task.id), task, tasks.tasks());
}

/** "Blocks" and "Blocked by" in a task's details, across every list, then the pages it links to, with a way to add and remove them. */
export function TaskLinks({ doc, listId, task }: { doc: Y.Doc; listId: string; task: Task }) {
  const { tasks, index, sync, readOnly, notify, openPage } = useWorkspace();
  const links = useTaskLinks(listId, task);
  const pages = useDocValue(index, listPages);
  const [kind, setKind] = useState<TaskLink>('blockedBy');
  const [target, setTarget] = useState('');
  const all = tasks.tasks();
  const self = taskRef(listId, task.id);
  // Found by task id: a task moved to another list since the link was made keeps its id.
  const describe = (ref: string) => {
    const other = all.find((item) => item.id === taskIdOf(ref));
    const listId = other?.listId ?? ref.split('/')[0]!;
    const list = pages.find((page) => page.id === listId)?.title || 'Untitled task list';
    return { title: other?.title ?? 'A task not on this device yet', list, done: other?.status === 'done', listId };
  };
  const remove = async (linkKind: TaskLink, ref: string) => {
    try {
      const stored = task[linkKind].filter((link) => taskIdOf(link) === taskIdOf(ref));
      if (stored.length > 0) for (const link of stored) unlinkTask(doc, task.id, linkKind, link);
      else {
        // Stored on the other task (naming this one by whichever list it was in then): taken off there.
        const handle = await sync.openDoc(describe(ref).listId);
        try {
          const other = getTask(handle.doc, taskIdOf(ref));
          for (const link of other?.[OPPOSITE[linkKind]] ?? []) if (taskIdOf(link) === task.id) unlinkTask(handle.doc, other!.id, OPPOSITE[linkKind], link);
        } finally {
          handle.release();
        }
      }
    } catch {
      notify('Could not remove the link; try again once the other list has synced.');
    }
  };
  const candidates = all.filter((item) => taskRef(item.listId, item.id) !== self && item.status !== 'done');
  const rows = (['blockedBy', 'blocks'] as const).flatMap((linkKind) => links[linkKind].map((ref) => ({ linkKind, ref, ...describe(ref) })));
  const pageLinks = usePageLinks(doc, task.id);
  if (readOnly && rows.length === 0 && pageLinks.length === 0) return null;
  return (
    <section className="task-links" aria-label={`Links of ${task.title}`}>
      <h3 className="details-heading">Links</h3>
      {rows.length > 0 && (
        <ul>
          {rows.map((row) => (
            <li key={`${row.linkKind} ${row.ref}`} className={row.done ? 'done' : undefined}>
              <span className="muted">{KIND_NAMES[row.linkKind]}</span>{' '}
              <button type="button" className="link-button" onClick={() => openPage(row.listId)}>
                {row.title}
              </button>{' '}
              <span className="muted small">{row.list}</span>
              {!readOnly && (
                <button type="button" className="ghost" aria-label={`Remove link: ${KIND_NAMES[row.linkKind].toLowerCase()} ${row.title}`} onClick={() => void remove(row.linkKind, row.ref)}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && candidates.length > 0 && (
        <LinkForm
          label={`Link ${task.title} to another task`}
          submitLabel="Link"
          target={target}
          onLink={(chosen) => {
            linkTask(doc, task.id, kind, chosen);
            setTarget('');
          }}
        >
          <select aria-label="Relation" value={kind} onChange={(event) => setKind(event.target.value as TaskLink)}>
            <option value="blockedBy">Blocked by</option>
            <option value="blocks">Blocks</option>
          </select>
          <select aria-label="Linked task" value={target} onChange={(event) => setTarget(event.target.value)}>
            <option value="">Choose a task…</option>
            {candidates.map((item) => (
              <option key={`${item.listId}/${item.id}`} value={taskRef(item.listId, item.id)}>
                {item.title} · {pages.find((page) => page.id === item.listId)?.title || 'Untitled task list'}
              </option>
            ))}
          </select>
        </LinkForm>
      )}
      <PageLinks doc={doc} listId={listId} task={task} linked={pageLinks} />
    </section>
  );
}
