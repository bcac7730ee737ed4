import { useSyncState } from '../../shared/useSyncState';
import { useWorkspace } from '../../shared/workspace';
import { describeSync } from './describe';

/** Always in view: what the device holds versus what the relay has confirmed. */
export function SyncIndicator({ onFix }: { onFix(): void }) {
  const { sync } = useWorkspace();
  const state = useSyncState(sync);
  const { label, detail } = describeSync(state, sync.relayConfig !== null);
  return (
    // The badge itself is not live (its count changes with every keystroke);
    // only the status word is announced, when it changes.
    <div className="sync" data-status={sync.relayConfig ? state.status : 'local'} data-pending={state.pending} role="status" aria-live="off" aria-label={`Sync status: ${label}`} title={detail}>
      <span className="dot" aria-hidden="true" />
      <span>{label}</span>
      <span className="visually-hidden" aria-live="polite">
        {sync.relayConfig ? state.status : 'local only'}
      </span>
      {state.error && (
        <button type="button" className="link" onClick={onFix}>
          Fix access
        </button>
      )}
    </div>
  );
}
