import { Suspense, use, useEffect, useState } from 'react';
import { getPage, renamePage, type Page } from '../../../shared/model';
import type { DocHandle } from '../../../shared/sync';
import { Mark, markOnce } from '../../shared/marks';
import { pageTitle, untitled } from '../../shared/pageTitle';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace, type PageViewOption } from '../../shared/workspace';
import { PageNews } from '../inbox';
import { MergeReview } from '../merges';
import { TasksLinkingHere } from '../tasks';
import { PageViews } from './PageViews';
import { usePageDoc } from './usePageDoc';

/** The open page: its title, the tasks that link to it, then the body its kind registers (rich text; a task list as a list or a board). */
export function PageView({ pageId }: { pageId: string }) {
  const { sync, index, openPage, pageKinds } = useWorkspace();
  const page = useDocValue(index, (doc) => getPage(doc, pageId), [pageId]);
  const handle = usePageDoc(sync, pageId);
  const views = page ? pageKinds.get(page.kind)?.views : undefined;
  // The body's code (split out for the rich-text editor) loads while the doc does.
  useEffect(() => void views?.[0].Body.preload?.(), [views]);

  useEffect(() => {
    if (!page || page.deletedAt !== null) openPage(null);
  }, [page, openPage]);

  useEffect(() => {
    if (handle) markOnce(Mark.interactive);
  }, [handle]);

  if (!page) return null;
  return (
    <Suspense
      fallback={
        <p className="page muted" role="status">
          Opening…
        </p>
      }
    >
      <PageArticle pageId={pageId} page={page} handle={handle} views={views} />
    </Suspense>
  );
}

/**
 * The title and the body. It waits for the code of the kind's first view, when that is split out
 * (the rich-text editor), so the page appears whole, its keys (Ctrl+Alt+R) working, as it did
 * before that code was split out.
 */
function PageArticle({ pageId, page, handle, views }: { pageId: string; page: Page; handle: DocHandle | null; views: readonly PageViewOption[] | undefined }) {
  const { index, readOnly } = useWorkspace();
  const first = views?.[0]?.Body;
  if (first?.isLoaded?.() === false) use(first.preload!());
  const [title, setTitle] = useState(page.title);

  // Follow renames made elsewhere unless this field is being edited.
  useEffect(() => {
    if (document.activeElement?.id !== 'page-title') setTitle(page.title);
  }, [page]);

  const heading = pageTitle(page.title, page.kind);
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
      <PageNews pageId={pageId} />
      {handle && <MergeReview doc={handle.doc} />}
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
