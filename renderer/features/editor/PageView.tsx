import { useEffect, useState } from 'react';
import { getPage, pageContent, renamePage } from '../../../shared/model';
import type { WorkspaceSync } from '../../../shared/sync';
import type { Profile } from '../../app/device';
import { Mark, markOnce } from '../../app/marks';
import { useDocValue } from '../../app/useYDoc';
import { pageTitle } from '../sidebar/Sidebar';
import { TaskList } from '../tasks/TaskList';
import { RichTextEditor } from './RichTextEditor';
import { usePageDoc } from './usePageDoc';

interface Props {
  sync: WorkspaceSync;
  pageId: string;
  profile: Profile;
  onMissing(): void;
  readOnly: boolean;
}

export function PageView({ sync, pageId, profile, onMissing, readOnly }: Props) {
  const page = useDocValue(sync.index, (doc) => getPage(doc, pageId), [pageId]);
  const handle = usePageDoc(sync, pageId);
  const [title, setTitle] = useState(page?.title ?? '');

  // Follow renames made elsewhere unless this field is being edited.
  useEffect(() => {
    if (page && document.activeElement?.id !== 'page-title') setTitle(page.title);
  }, [page]);

  useEffect(() => {
    if (!page || page.deletedAt !== null) onMissing();
  }, [page, onMissing]);

  useEffect(() => {
    if (handle) markOnce(Mark.interactive);
  }, [handle]);

  if (!page) return null;
  const heading = pageTitle(page.title, page.kind);
  return (
    <article className="page" aria-label={heading}>
      <input
        id="page-title"
        className="page-title"
        aria-label="Page title"
        placeholder={page.kind === 'tasks' ? 'Untitled task list' : 'Untitled page'}
        value={title}
        autoFocus={!page.title && !readOnly}
        readOnly={readOnly}
        onChange={(event) => {
          setTitle(event.target.value);
          renamePage(sync.index, pageId, event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            document.querySelector<HTMLElement>('.page .ProseMirror, .page .new-task input')?.focus();
          }
        }}
      />
      {!handle ? (
        <p className="muted" role="status">
          Opening…
        </p>
      ) : page.kind === 'tasks' ? (
        <TaskList handle={handle} index={sync.index} profile={profile} readOnly={readOnly} />
      ) : (
        <RichTextEditor fragment={pageContent(handle.doc)} awareness={handle.awareness} profile={profile} label="Page content" readOnly={readOnly} />
      )}
    </article>
  );
}
