import type { EditorFeatureProps } from '../../shared/editorFeatures';
import { useHistoryDoc } from './useHistoryDoc';
import { useHistoryRecorder } from './useHistoryRecorder';

/**
 * Keeps the page's history while it is open for someone who may edit (automatic versions, who
 * typed and deleted what), whether or not the Review panel is open. Shows nothing.
 */
export function HistoryRecorder({ context }: EditorFeatureProps) {
  const history = useHistoryDoc(context.readOnly ? null : context.pageId);
  useHistoryRecorder(context.doc, context.readOnly ? null : history, context.profile.memberId);
  return null;
}
