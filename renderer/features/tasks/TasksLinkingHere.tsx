import { useSyncExternalStore } from 'react';
import { listPages, statusName } from '../../../shared/model';
import { tasksLinkingTo } from '../../../shared/tasks';
import { pageTitle } from '../../shared/pageTitle';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { useWorkflow } from './workflow';
import './taskTalk.css';

/**
 * Under a page's title, the tasks of any list that link to it, read from the workspace's task
 * index (so no list is opened to find them); nothing at all when none does.
 */
export function TasksLinkingHere({ pageId }: { pageId: string }) {
  const { tasks, index, openPage } = useWorkspace();
  useSyncExternalStore(tasks.subscribe, tasks.snapshot);
  const pages = useDocValue(index, listPages);
  const workflow = useWorkflow();
  const linking = tasksLinkingTo(pageId, tasks.tasks());
  if (linking.length === 0) return null;
  const listTitle = (listId: string) => {
    const list = pages.find((page) => page.id === listId);
    return list ? pageTitle(list.title, list.kind) : 'Untitled task list';
  };
  return (
    <section className="page-backlinks" aria-labelledby="page-backlinks-heading">
      <h2 id="page-backlinks-heading" className="details-heading">
        Tasks linking here <span className="muted">{linking.length}</span>
      </h2>
      <ul>
        {linking.map((task) => (
          <li key={`${task.listId}/${task.id}`} className={task.status === 'done' ? 'done' : undefined}>
            <button type="button" className="link-button" onClick={() => openPage(task.listId)}>
              {task.title}
            </button>
            <span className="muted small">
              {' '}
              · {listTitle(task.listId)} · {statusName(workflow, task.status)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
