import type * as Y from 'yjs';
import type { Task } from '../../../shared/model';
import { fieldName, fieldSummary } from './describe';
import { MergeActions } from './MergeActions';
import { useMergeNames } from './useMergeNames';
import { useOpenMerges } from './useOpenMerges';
import './merges.css';

/**
 * On a task (its row, and the task dialog, which draws the row), a small flag for each field two
 * people set differently while apart: "Status: You set Blocked, Ana set Done — merged: Done", with
 * one action to keep the merged value or restore a side's. Nothing when there is none.
 */
export function TaskMergeFlags({ doc, task }: { doc: Y.Doc; task: Task }) {
  const records = useOpenMerges(doc).filter((record) => record.kind === 'task' && record.target === task.id);
  const names = useMergeNames();
  if (records.length === 0) return null;
  return (
    <ul className="merge-flags" aria-label={`Merged while apart: ${task.title}`}>
      {records.map((record) => (
        <li key={record.id} className="merge-flag-item">
          <p className="merge-flag-text">
            <span className="merge-flag" aria-hidden="true">
              ⚑
            </span>{' '}
            {fieldSummary(record, task[record.field!], names)}
          </p>
          <MergeActions doc={doc} record={record} names={names} what={`${fieldName(record.field).toLowerCase()} of ${task.title}`} shown={fieldName(record.field).toLowerCase()} />
        </li>
      ))}
    </ul>
  );
}
