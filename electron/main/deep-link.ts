/**
 * Invite deep links (`baton://...`) reach the app three ways: on macOS through
 * the 'open-url' event, on Windows/Linux as a command-line argument of the first
 * launch or of a second instance (forwarded through 'second-instance'). This
 * module finds them in argv and queues them until the renderer listens.
 */
import { isDeepLink } from '../../shared/protocol/ipc';

/** The deep link in a command line, if any (the OS passes it as its own argument). */
export function findDeepLink(argv: readonly string[]): string | null {
  // Search from the end: Chromium may append its own flags, but never a baton: URL.
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i];
    if (isDeepLink(arg)) return arg;
  }
  return null;
}

/**
 * Holds invites until the renderer subscribes, then delivers them as they come.
 * `reset()` is called when the page reloads: the new page must subscribe again.
 */
export class InviteQueue {
  private pending: string[] = [];
  private deliver: ((invite: string) => void) | null = null;
  private static readonly MAX_PENDING = 16;

  push(invite: string): void {
    if (!isDeepLink(invite)) return;
    if (this.deliver) {
      this.deliver(invite);
      return;
    }
    // Repeated clicks while the app starts should not pile up without bound.
    if (this.pending.length >= InviteQueue.MAX_PENDING) this.pending.shift();
    this.pending.push(invite);
  }

  /** The renderer subscribed: hand over what is queued and push the rest live. */
  subscribe(deliver: (invite: string) => void): string[] {
    this.deliver = deliver;
    const drained = this.pending;
    this.pending = [];
    return drained;
  }

  reset(): void {
    this.deliver = null;
  }
}
