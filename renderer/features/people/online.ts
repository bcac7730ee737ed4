import { isValidId } from '../../../shared/protocol';

/**
 * Who is online now: every device that has the workspace open and is connected says so in the
 * index doc's awareness with its member id, and nothing else ({ member }). Awareness is not stored:
 * a device that leaves (or whose line drops) is gone from it within seconds (the relay removes it at
 * once; a state not renewed for 30 s expires), so this is presence, not history.
 */
export const PRESENCE_FIELD = 'member';

/** The members whose devices are online, from the awareness states of the index doc (this device's own left out). */
export function onlineMembers(states: ReadonlyMap<number, Record<string, unknown>>, ownClientId: number): Set<string> {
  const online = new Set<string>();
  for (const [clientId, state] of states) {
    const member = state?.[PRESENCE_FIELD];
    if (clientId !== ownClientId && typeof member === 'string' && isValidId(member)) online.add(member);
  }
  return online;
}

export function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((id) => b.has(id));
}
