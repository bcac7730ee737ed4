/**
 * A token bucket per client address for the access endpoints ([R35]): enough for
 * a person clicking through the Share dialog, too little to guess codes or to
 * make the relay write to its database in a loop.
 */

export interface AccessRateLimit {
  /** Calls an address may make at once. */
  burst: number;
  /** Calls per second it gets back. */
  perSecond: number;
}

export const DEFAULT_ACCESS_RATE_LIMIT: AccessRateLimit = { burst: 30, perSecond: 1 };

/** Addresses not seen for this long are forgotten (their bucket would be full again anyway). */
const FORGET_AFTER_MS = 10 * 60_000;

export class AddressRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: AccessRateLimit = DEFAULT_ACCESS_RATE_LIMIT,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** 0 if the call may go ahead (and is counted), otherwise the seconds to wait. */
  take(address: string): number {
    const now = this.now();
    this.forget(now);
    const bucket = this.buckets.get(address) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    this.buckets.set(address, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond));
  }

  private forget(now: number): void {
    if (this.buckets.size < 1000) return;
    for (const [address, bucket] of this.buckets) if (now - bucket.at > FORGET_AFTER_MS) this.buckets.delete(address);
  }
}
