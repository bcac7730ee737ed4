import { useMemo } from 'react';
import type * as Y from 'yjs';
import { addTaskComment, deleteTaskComment, editTaskComment, listTaskComments, ModelError, reactToTaskComment, type Member, type Task } from '../../../shared/model';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { useCommentNotifier } from '../../shared/sendNotifications';
import { Composer, MessageView } from '../comments';
import { useCommentCount } from './commentCounts';
import './taskTalk.css';

/** A task's conversation in its details: the review threads' messages (mentions, edits, reactions) and a box to post. */
export function TaskComments({ doc, listId, task, members }: { doc: Y.Doc; listId: string; task: Task; members: Member[] }) {
  const { profile, readOnly, notify } = useWorkspace();
  const tell = useCommentNotifier();
  const comments = useDocValue(doc, (current) => listTaskComments(current, task.id), [task.id]);
  const count = useCommentCount(doc, task.id);
  const byId = useMemo(() => new Map(members.map((member) => [member.id, member])), [members]);
  const me = profile.memberId;
  // Edits and reactions on a comment deleted or a task removed elsewhere meanwhile: say so, change nothing.
  const attempt = (action: () => void) => {
    try {
      action();
    } catch (error) {
      notify(error instanceof ModelError ? error.message : 'Could not change the comment; try again.');
    }
  };
  if (readOnly && comments.length === 0) return null;
  return (
    <section className="task-comments" aria-label={`Comments on ${task.title}`}>
      <h3 className="details-heading">Comments {count > 0 && <span className="muted">{count}</span>}</h3>
      {comments.length > 0 && (
        <div className="task-comment-list">
          {comments.map((message) => (
            <MessageView
              key={message.id}
              message={message}
              me={me}
              members={byId}
              memberList={members}
              readOnly={readOnly}
              onEdit={(parts) => editTaskComment(doc, message.id, me, parts)}
              onDelete={() => attempt(() => deleteTaskComment(doc, message.id, me))}
              onReact={(emoji) => attempt(() => reactToTaskComment(doc, message.id, emoji, me))}
            />
          ))}
        </div>
      )}
      {!readOnly && (
        <Composer
          label="Comment"
          placeholder="Add a comment… (@ to mention)"
          submitLabel="Post"
          members={members}
          allowUrgent
          onSubmit={(parts, { urgent }) => {
            addTaskComment(doc, task.id, { author: me, parts });
            // Everyone who wrote on the task before hears of the answer; whom it mentions, of that.
            tell(parts, { pageId: listId, taskId: task.id, title: task.title }, { urgent, replyTo: comments.filter((message) => !message.deleted).map((message) => message.author) });
          }}
        />
      )}
    </section>
  );
}
