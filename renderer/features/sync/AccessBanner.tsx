import { useSyncState } from '../../shared/useSyncState';
import { useWorkspace } from '../../shared/workspace';
import { ExportButton } from '../export';
import { describeSync } from './describe';

/** Says plainly when the relay stopped accepting this device, and what to do. */
export function AccessBanner({ onFix }: { onFix(): void }) {
  const { sync } = useWorkspace();
  const state = useSyncState(sync);
  if (!state.error && state.readOnly) {
    return (
      <div className="banner info" role="status">
        <strong>View only.</strong> You see every change as it syncs; editing is off for your invite.
      </div>
    );
  }
  if (!state.error) return null;
  const { label, detail } = describeSync(state, true);
  return (
    <div className="banner" role="alert">
      <strong>{label}.</strong> {detail}{' '}
      {state.error === 'removed' ? (
        // An invite will not help someone the owner removed; what they wrote is still theirs to take.
        <ExportButton label="Export a copy" className="link" />
      ) : (
        <button type="button" className="link" onClick={onFix}>
          Paste a new invite link
        </button>
      )}
    </div>
  );
}
