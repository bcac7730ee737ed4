import { useState } from 'react';
import type * as Y from 'yjs';
import { linkedPages, linkPage, listPages, ModelError, unlinkPage, type Task } from '../../../shared/model';
import { pageTitle } from '../../shared/pageTitle';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { LinkForm } from './LinkForm';

/** The pages a task links to, read from its list's doc. */
export function usePageLinks(doc: Y.Doc, taskId: string): string[] {
  return useDocValue(doc, (current) => linkedPages(current, taskId), [taskId]);
}

/** A task's links to pages in its Links section: each opens its page and can be taken off; a picker adds one. */
export function PageLinks({ doc, listId, task, linked }: { doc: Y.Doc; listId: string; task: Task; linked: readonly string[] }) {
  const { index, readOnly, notify, openPage } = useWorkspace();
  const pages = useDocValue(index, listPages);
  const [target, setTarget] = useState('');
  const attempt = (action: () => void) => {
    try {
      action();
    } catch (error) {
      notify(error instanceof ModelError ? error.message : 'Could not change the link; try again.');
    }
  };
  const rows = linked.map((pageId) => {
    const page = pages.find((candidate) => candidate.id === pageId);
    return {
      pageId,
      title: page ? pageTitle(page.title, page.kind) : 'A page not on this device yet',
      kind: page?.kind === 'tasks' ? 'Task list' : 'Page',
      // A deleted page cannot be opened; its link stays, in case it is brought back, until someone takes it off.
      open: page !== undefined && page.deletedAt === null,
    };
  });
  const candidates = pages
    .filter((page) => page.deletedAt === null && page.id !== listId && !linked.includes(page.id))
    .map((page) => ({ id: page.id, title: pageTitle(page.title, page.kind), kind: page.kind === 'tasks' ? 'task list' : 'page' }))
    .sort((a, b) => a.title.localeCompare(b.title));
  return (
    <>
      {rows.length > 0 && (
        <ul aria-label={`Pages linked from ${task.title}`}>
          {rows.map((row) => (
            <li key={row.pageId} className={row.open ? undefined : 'gone'}>
              <span className="muted">{row.kind}</span>{' '}
              {row.open ? (
                <button type="button" className="link-button" onClick={() => openPage(row.pageId)}>
                  {row.title}
                </button>
              ) : (
                <span>{row.title}</span>
              )}
              {!readOnly && (
                <button type="button" className="ghost" aria-label={`Remove link to ${row.title}`} onClick={() => attempt(() => unlinkPage(doc, task.id, row.pageId))}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && candidates.length > 0 && (
        <LinkForm
          label={`Link ${task.title} to a page`}
          submitLabel="Link page"
          target={target}
          onLink={(chosen) => {
            attempt(() => linkPage(doc, task.id, chosen));
            setTarget('');
          }}
        >
          <select aria-label="Linked page" value={target} onChange={(event) => setTarget(event.target.value)}>
            <option value="">Choose a page…</option>
            {candidates.map((page) => (
              <option key={page.id} value={page.id}>
                {page.title} · {page.kind}
              </option>
            ))}
          </select>
        </LinkForm>
      )}
    </>
  );
}
