/**
 * Resource limits ([R25]): what one client may cost the relay. Every limit
 * closes or refuses only the offending connection, never a room or the process.
 */

export interface RelayLimits {
  /** Largest websocket message accepted, in bytes; larger ones close the connection with 4413. */
  maxMessageBytes: number;
  /** Sustained messages per second per connection (token bucket refill). */
  rateMessagesPerSecond: number;
  /** Messages a connection may send in one burst (bucket size). */
  rateMessagesBurst: number;
  /** Sustained payload bytes per second per connection. */
  rateBytesPerSecond: number;
  /** Bytes a connection may send in one burst; at least one maximum-size message. */
  rateBytesBurst: number;
  /** Open connections per client IP; further upgrades get HTTP 429. */
  maxConnectionsPerIp: number;
  /** Rooms loaded at once; an upgrade that would load one more gets HTTP 503 (a channel's OPEN a CLOSE with 4503, [R42]). */
  maxRooms: number;
  /** Channels one multiplexed socket may hold open at once; an OPEN beyond them is closed with 4429 ([R42]). */
  maxChannelsPerSocket: number;
  /**
   * Reverse proxies in front of the relay whose X-Forwarded-For entries are
   * believed: the per-IP limit and logs then see the client's address, not the
   * proxy's (behind one, every user would share its address). 0 believes none.
   */
  trustedProxies: number;
}

const MiB = 1024 * 1024;

/**
 * Defaults, and why:
 * - 32 MiB per message: a catch-up after weeks offline is one sync step 2 holding every
 *   change the relay lacks; real documents stay far below (a 1,000-page workspace is a
 *   few MiB across many rooms). The stock server's 100 MiB lets one frame cost 100 MiB.
 * - 300 messages/s sustained, bursts of 2,000: a fast typist with live cursors sends
 *   ~40/s (one update and one awareness update per keystroke); a reconnect replays a
 *   few hundred queued updates at once.
 * - 4 MiB/s sustained, bursts of 2 × maxMessageBytes: a full-size catch-up, then an import.
 * - 1,000 connections per IP: an office behind one NAT address, each desktop holding a
 *   handful of rooms open (index, open pages, background sync of 3).
 * - 10,000 loaded rooms: an idle room costs tens of KiB, so this caps documents in
 *   memory at a few hundred MiB; idle rooms unload after 5 s ([R5]) and free their slot.
 * - 256 channels per multiplexed socket: the docs a device syncs at once (open pages with
 *   presence, a background sync of a few dozen); each holds a room loaded, as a per-room
 *   socket does, so a device catching up opens docs in waves, not all of them together.
 */
export const DEFAULT_LIMITS: RelayLimits = {
  maxMessageBytes: 32 * MiB,
  rateMessagesPerSecond: 300,
  rateMessagesBurst: 2000,
  rateBytesPerSecond: 4 * MiB,
  rateBytesBurst: 64 * MiB,
  maxConnectionsPerIp: 1000,
  maxRooms: 10_000,
  maxChannelsPerSocket: 256,
  trustedProxies: 0,
};

/** Fills in defaults; a byte burst below one maximum-size message would refuse messages the size limit allows. */
export function resolveLimits(partial: Partial<RelayLimits> = {}): RelayLimits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  if (partial.rateBytesBurst === undefined) limits.rateBytesBurst = Math.max(2 * limits.maxMessageBytes, limits.rateBytesPerSecond);
  limits.rateBytesBurst = Math.max(limits.rateBytesBurst, limits.maxMessageBytes);
  return limits;
}

/** One clock for every bucket: a default written inline would be a new function per bucket, two per connection. */
const monotonicNow = (): number => performance.now();

/** A token bucket: `capacity` tokens, refilled continuously at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Takes `cost` tokens if there are enough; returns false (and takes none) otherwise. */
  take(cost = 1): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}

/** Per-connection rate limit on messages and bytes. */
export class RateLimiter {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(limits: RelayLimits, now?: () => number) {
    this.messages = new TokenBucket(limits.rateMessagesBurst, limits.rateMessagesPerSecond, now);
    this.bytes = new TokenBucket(limits.rateBytesBurst, limits.rateBytesPerSecond, now);
  }

  /** True if a message of `size` bytes is within the limit. */
  allow(size: number): boolean {
    return this.messages.take(1) && this.bytes.take(size);
  }
}

/** Counts open connections per IP. */
export class IpConnectionCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Reserves a slot for `ip`; false if it already has `max` connections. */
  acquire(ip: string): boolean {
    const count = this.open.get(ip) ?? 0;
    if (count >= this.max) return false;
    this.open.set(ip, count + 1);
    return true;
  }

  release(ip: string): void {
    const count = this.open.get(ip) ?? 0;
    if (count <= 1) this.open.delete(ip);
    else this.open.set(ip, count - 1);
  }

  count(ip: string): number {
    return this.open.get(ip) ?? 0;
  }
}
