import { useEffect, useState } from 'react';
import { INDEX_DOC_ID } from '../../../shared/protocol';
import type { DocHandle } from '../../../shared/sync';
import { useWorkspace } from '../../shared/workspace';
import { onlineMembers, PRESENCE_FIELD, sameMembers } from './online';

/** Runs `use` with a handle on the index doc (always loaded, so this is quick) while mounted, again when `key` changes. */
function useIndexHandle(use: (handle: DocHandle) => () => void, key: string): void {
  const { sync } = useWorkspace();
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    void sync.openDoc(INDEX_DOC_ID).then((handle) => {
      if (cancelled) return handle.release();
      const done = use(handle);
      stop = () => {
        done();
        handle.release();
      };
    });
    return () => {
      cancelled = true;
      stop?.();
    };
    // `use` is the caller's effect; `key` stands for what it reads.
  }, [sync, key]);
}

/** Says, while the workspace is open on this device, that this member is online (presence only: the member id). */
export function usePresence(): void {
  const { profile } = useWorkspace();
  const memberId = profile.memberId;
  useIndexHandle((handle) => {
    handle.awareness.setLocalStateField(PRESENCE_FIELD, memberId);
    return () => handle.awareness.setLocalStateField(PRESENCE_FIELD, null);
  }, memberId);
}

/**
 * The members online now: those whose devices say so in the index doc's awareness, and me while
 * this device is in step with the relay (what the others see of me).
 */
export function useOnlineMembers(): ReadonlySet<string> {
  const { profile } = useWorkspace();
  const [online, setOnline] = useState<ReadonlySet<string>>(() => new Set());
  useIndexHandle((handle) => {
    const update = () => {
      const next = onlineMembers(handle.awareness.getStates() as Map<number, Record<string, unknown>>, handle.awareness.clientID);
      if (handle.state().status === 'synced') next.add(profile.memberId);
      setOnline((current) => (sameMembers(current, next) ? current : next));
    };
    handle.awareness.on('change', update);
    const unsubscribe = handle.subscribe(update);
    update();
    return () => {
      handle.awareness.off('change', update);
      unsubscribe();
    };
  }, profile.memberId);
  return online;
}
