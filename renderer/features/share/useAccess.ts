import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CreateInviteRequest, CreatedInvite, MemberInfo, MemberRole, PendingInvite } from '../../../shared/protocol';
import { AccessClient, checkAccess, type AccessCallResult, type FetchLike, type RelayConfig } from '../../../shared/sync';

const browserFetch: FetchLike = (url, init) => window.fetch(url, init);

export type AccessView =
  | { kind: 'loading' }
  /** The relay does not check access: anyone with its address syncs. */
  | { kind: 'open' }
  | { kind: 'unreachable' }
  | { kind: 'refused' }
  | { kind: 'member'; role: MemberRole; memberId: string | null; members: MemberInfo[]; invites: PendingInvite[] };

export interface AccessActions {
  refresh(): void;
  createInvite(request: CreateInviteRequest): Promise<AccessCallResult<CreatedInvite>>;
  withdrawInvite(inviteId: string): Promise<AccessCallResult<unknown>>;
  changeRole(memberId: string, role: MemberRole): Promise<AccessCallResult<MemberInfo>>;
  removeMember(memberId: string): Promise<AccessCallResult<unknown>>;
}

/**
 * Who has access to the workspace on its relay, as the relay says now: asked
 * when Share opens and after every change made from it. Nothing here is kept
 * in the workspace doc; the relay is the only place access lives.
 */
export function useAccess(workspaceId: string, relay: RelayConfig | null): [AccessView, AccessActions] {
  const [view, setView] = useState<AccessView>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);
  const client = useMemo(() => (relay?.token ? new AccessClient(browserFetch, relay) : null), [relay]);

  useEffect(() => {
    if (!relay) return;
    let current = true;
    void (async () => {
      const status = await checkAccess(browserFetch, relay, workspaceId);
      if (!current) return;
      if (status.kind !== 'valid' || !client) {
        setView({ kind: status.kind === 'valid' ? 'open' : status.kind });
        return;
      }
      const [members, invites] = await Promise.all([client.members(), status.role === 'owner' ? client.invites() : Promise.resolve(null)]);
      if (!current) return;
      setView({
        kind: 'member',
        role: status.role,
        memberId: status.memberId ?? null,
        members: members.ok ? members.value : [],
        invites: invites?.ok ? invites.value : [],
      });
    })();
    return () => {
      current = false;
    };
  }, [client, relay, workspaceId, generation]);

  const refresh = useCallback(() => setGeneration((value) => value + 1), []);
  const actions = useMemo<AccessActions>(() => {
    const after = async <T,>(promise: Promise<AccessCallResult<T>> | null): Promise<AccessCallResult<T>> => {
      const result = await (promise ?? Promise.resolve<AccessCallResult<T>>({ ok: false, kind: 'open', message: 'This workspace has no relay access to manage.' }));
      refresh();
      return result;
    };
    return {
      refresh,
      createInvite: (request) => after(client?.createInvite(request) ?? null),
      withdrawInvite: (inviteId) => after(client?.withdrawInvite(inviteId) ?? null),
      changeRole: (memberId, role) => after(client?.changeRole(memberId, role) ?? null),
      removeMember: (memberId) => after(client?.removeMember(memberId) ?? null),
    };
  }, [client, refresh]);
  return [view, actions];
}
