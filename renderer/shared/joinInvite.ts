import type { Invite } from '../../shared/protocol';
import { acceptInvite } from '../../shared/sync';
import { workspaceFromInvite, workspaceFromJoined, type WorkspaceRef } from './device';

/** Why joining failed, in words for the person joining. */
export class JoinError extends Error {
  override readonly name = 'JoinError';
}

/**
 * The workspace an invite opens. A link with an invite code is exchanged at
 * the relay for this device's own token (so it needs the relay once); an older
 * link that carries a workspace token is used as it is, even offline.
 */
export function joinInvite(invite: Invite, name: string): Promise<WorkspaceRef> {
  if (!invite.code) return Promise.resolve(workspaceFromInvite(invite));
  // One exchange per code at a time: a single-use code redeemed twice (a double
  // click, an effect run twice) would turn the second answer into "already used".
  const key = `${invite.relayUrl} ${invite.code}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = redeem(invite, invite.code, name).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

const inFlight = new Map<string, Promise<WorkspaceRef>>();

async function redeem(invite: Invite, code: string, name: string): Promise<WorkspaceRef> {
  const result = await acceptInvite((url, init) => window.fetch(url, init), invite.relayUrl, code, name);
  if (!result.ok) {
    throw new JoinError(result.kind === 'unreachable' ? `Could not reach the relay at ${invite.relayUrl}. Joining needs it once: check that you are online, then try again.` : result.message);
  }
  if (result.value.workspace !== invite.workspaceId) throw new JoinError('The relay answered for another workspace than the link names. Ask for a new invite link.');
  return workspaceFromJoined(invite.relayUrl, result.value, invite.workspaceName);
}
