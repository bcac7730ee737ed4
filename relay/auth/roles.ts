/** What each role may send. Viewers read everything and write nothing ([R17]). */
import type { TokenRole } from '../../shared/protocol';
import type { ClientMessage } from '../messages';

/**
 * Sync step 1 and awareness queries only ask; step 2, updates and awareness
 * change what others see, so a viewer's are dropped: neither relayed nor stored.
 */
export function mayRelay(role: TokenRole, message: ClientMessage): boolean {
  if (role !== 'viewer') return true;
  return message.type === 'sync-step1' || message.type === 'query-awareness';
}
