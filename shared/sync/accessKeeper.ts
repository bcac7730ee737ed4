import { checkAccess, renewAccess, renewalDelay, type FetchLike } from './access';
import type { RelayConfig, SyncErrorReason } from './types';

/** Asking the relay why connections fail happens at most this often. */
export const ACCESS_CHECK_INTERVAL_MS = 10_000;
/** A relay that could not be asked is asked again this much later. */
export const ACCESS_RETRY_MS = 60_000;

export interface AccessKeeperOptions {
  workspaceId: string;
  /** HTTP for the relay's access endpoints; without it tokens are neither checked nor renewed. */
  fetch?: FetchLike;
  /** The relay and token in use now; an answer about any other is stale and ignored. */
  relay(): RelayConfig | null;
  /** Last known access of this device, used until the relay answers. */
  readOnly: boolean;
  /** The relay refused the token: connections stop and say why. */
  refused(reason: SyncErrorReason): void;
  /** The relay accepted the token: connections stopped for access (or a false alarm) may carry on. */
  accepted(): void;
  /** The relay said whether this device may write, and it differs from what was known. */
  readOnlyChanged(readOnly: boolean): void;
  /** The token was traded for `relay.token`. */
  renewed(relay: RelayConfig): void;
}

/**
 * Keeps this device's token good: checks it when the workspace connects,
 * renews it two thirds of the way to its expiry, and asks the relay why when
 * connections are refused (browsers hide a refused upgrade's status).
 */
export class AccessKeeper {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastCheck = Number.NEGATIVE_INFINITY;
  private currentReadOnly: boolean;
  private disposed = false;
  private roleCheck: Promise<void> | null = null;

  constructor(private readonly options: AccessKeeperOptions) {
    this.currentReadOnly = options.readOnly;
  }

  get readOnly(): boolean {
    return this.currentReadOnly;
  }

  /** Checks the token now and schedules its renewal. */
  async check(): Promise<void> {
    const { fetch: fetchFn } = this.options;
    const relay = this.options.relay();
    if (!fetchFn || !relay?.token || this.disposed) return;
    this.clearTimer();
    this.lastCheck = Date.now();
    const check = await checkAccess(fetchFn, relay, this.options.workspaceId);
    if (this.options.relay() !== relay || this.disposed) return;
    if (check.kind === 'refused') this.options.refused(check.reason);
    else if (check.kind === 'valid') {
      this.options.accepted();
      const readOnly = check.role === 'viewer';
      if (readOnly !== this.currentReadOnly) {
        this.currentReadOnly = readOnly;
        this.options.readOnlyChanged(readOnly);
      }
      this.schedule(renewalDelay(check.expiresAt, Date.now()), 'renew');
    } else if (check.kind === 'unreachable') this.schedule(ACCESS_RETRY_MS, 'check');
  }

  /**
   * A connection was refused or never opened. Closes for access stop
   * reconnecting, so they are always explained; plain failures are asked
   * about at most every few seconds.
   */
  async diagnose(closedForAccess: boolean): Promise<void> {
    if (!closedForAccess && Date.now() - this.lastCheck < ACCESS_CHECK_INTERVAL_MS) return;
    await this.check();
  }

  /** An owner changed this member's role: every connection closed for it, and one question answers them all. */
  roleChanged(): Promise<void> {
    this.roleCheck ??= this.check().finally(() => (this.roleCheck = null));
    return this.roleCheck;
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private schedule(delay: number, then: 'renew' | 'check'): void {
    if (this.disposed) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void (then === 'renew' ? this.renew() : this.check());
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async renew(): Promise<void> {
    const { fetch: fetchFn } = this.options;
    const relay = this.options.relay();
    if (!fetchFn || !relay?.token || this.disposed) return;
    const result = await renewAccess(fetchFn, relay, this.options.workspaceId);
    if (this.options.relay() !== relay || this.disposed) return;
    if (result.kind === 'renewed') {
      this.options.renewed({ ...relay, token: result.token });
      this.schedule(renewalDelay(result.expiresAt, Date.now()), 'renew');
    } else if (result.kind === 'refused') this.options.refused(result.reason);
    else if (result.kind === 'unreachable') this.schedule(ACCESS_RETRY_MS, 'renew');
  }
}
