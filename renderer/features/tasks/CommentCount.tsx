import type * as Y from 'yjs';
import type { Task } from '../../../shared/model';
import { CommentIcon } from '../../shared/icons';
import { useCommentCount } from './commentCounts';

/** A speech bubble and "2" on a task's row when it has comments: opens its details at the comments. */
export function CommentCount({ doc, task, onOpen }: { doc: Y.Doc; task: Task; onOpen(): void }) {
  const count = useCommentCount(doc, task.id);
  if (count === 0) return null;
  const label = `${count} ${count === 1 ? 'comment' : 'comments'} on ${task.title}`;
  return (
    <button type="button" className="task-comment-count ghost" aria-label={label} title={label} onClick={onOpen}>
      <CommentIcon /> {count}
    </button>
  );
}
