import { listWorkflow } from '../../../shared/model';
import { useDocValue } from '../../shared/useYDoc';
import { useWorkspace } from '../../shared/workspace';
import { namesFrom, type Names } from './describe';

/** The names a review shows (members, labels, statuses), kept in step with the index doc. */
export function useMergeNames(): Names {
  const { index, profile } = useWorkspace();
  return useDocValue(index, (doc) => namesFrom(doc, profile.memberId, listWorkflow(doc)), [profile.memberId]);
}
