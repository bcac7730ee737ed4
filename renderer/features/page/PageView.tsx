import { useEffect, useState } from 'react';
import { getPage, renamePage } from '../../../shared/model';
import { Mark, markOnce } from '../../shared/marks';
import { pageTitle, untitled } from '../../shared/pageTitle';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { TasksLinkingHere } from '../tasks';
import { PageViews } from './PageViews';
import { usePageDoc } from './usePageDoc';

/** The open page: its title, the tasks that link to it, then the body its kind registers (rich text; a task list as a list or a board). */
export function PageView({ pageId }: { pageId: string }) {
  const { sync, index, readOnly, openPage, pageKinds } = useWorkspace();
  const page = useDocValue(index, (doc) => getPage(doc, pageId), [pageId]);
  const handle = usePageDoc(sync, pageId);
  const [title, setTitle] = useState(page?.title ?? '');

  // Follow renames made elsewhere unless this field is being edited.
  useEffect(() => {
    if (page && document.activeElement?.id !== 'page-title') setTitle(page.title);
  }, [page]);

  useEffect(() => {
    if (!page || page.deletedAt !== null) openPage(null);
  }, [page, openPage]);

  useEffect(() => {
    if (handle) markOnce(Mark.interactive);
  }, [handle]);

  if (!page) return null;
  const heading = pageTitle(page.title, page.kind);
  const views = pageKinds.get(page.kind)?.views;
  return (
    <article className="page" aria-label={heading}>
      <input
        id="page-title"
        className="page-title"
        aria-label="Page title"
        placeholder={untitled(page.kind)}
        value={title}
        autoFocus={!page.title && !readOnly}
        readOnly={readOnly}
        onChange={(event) => {
          setTitle(event.target.value);
          renamePage(index, pageId, event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            document.querySelector<HTMLElement>('.page .ProseMirror, .page .new-task input')?.focus();
          }
        }}
      />
      <TasksLinkingHere pageId={pageId} />
      {!handle ? (
        <p className="muted" role="status">
          Opening…
        </p>
      ) : views ? (
        <PageViews key={pageId} pageId={pageId} views={views} handle={handle} />
      ) : (
        <p className="muted" role="status">
          This version of Baton cannot show this kind of page ({page.kind}); it stays as it is for those who can.
        </p>
      )}
    </article>
  );
}
