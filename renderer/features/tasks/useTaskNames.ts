import { getSettings, listLabels, listMembers, type Label, type Member, type WorkingHours } from '../../../shared/model';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';

/** What every task view reads from the index doc to show a task: its people, its labels, and the hours a due date falls back to. */
export function useTaskNames(): { members: Member[]; labels: Label[]; defaultHours: WorkingHours } {
  const { index } = useWorkspace();
  const members = useDocValue(index, listMembers);
  const labels = useDocValue(index, listLabels);
  const defaultHours = useDocValue(index, (current) => getSettings(current).defaultWorkingHours);
  return { members, labels, defaultHours };
}
