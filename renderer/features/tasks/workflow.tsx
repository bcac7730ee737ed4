import { listWorkflow, type WorkflowStatus } from '../../../shared/model';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';

/** The workspace's statuses in board order, kept current as anyone renames, adds or reorders them. */
export function useWorkflow(): WorkflowStatus[] {
  const { index } = useWorkspace();
  return useDocValue(index, listWorkflow);
}

/** The workflow's statuses as a menu's options, in board order. */
export function StatusOptions({ workflow }: { workflow: readonly WorkflowStatus[] }) {
  return (
    <>
      {workflow.map((status) => (
        <option key={status.id} value={status.id}>
          {status.name}
        </option>
      ))}
    </>
  );
}
