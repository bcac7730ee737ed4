/**
 * What counts as confirmed (connection.ts): local transactions are counted, not bytes. A change is
 * unsent until written to an open link, then sent-since-probe until a sync step 1 (a probe) follows
 * it, then held by that probe until the relay answers it. The relay handles a link's messages in
 * order and persists an update before the next message, so its answer to a probe confirms
 * everything written before that probe. Answers come in the order probes were sent.
 */
export class Confirmations {
  /** Local transactions not yet written to an open link. */
  private unsent: number;
  /** Written since the last probe. */
  private sentSinceProbe = 0;
  /** Probes awaiting the relay's answer, each with the count it confirms. */
  private probes: number[] = [];

  constructor(initialPending: number) {
    this.unsent = initialPending;
  }

  get pending(): number {
    return this.unsent + this.sentSinceProbe + this.probes.reduce((sum, count) => sum + count, 0);
  }

  /** Changes wait for a link (or for the relay's answer to the hello). */
  get hasUnsent(): boolean {
    return this.unsent > 0;
  }

  /** A local change not written yet. */
  held(): void {
    this.unsent++;
  }

  /** A local change written to the link. */
  wrote(): void {
    this.sentSinceProbe++;
  }

  /** What was held went out (in an answer to the relay's step 1, or after the hello): true if there was any. */
  flushed(): boolean {
    if (this.unsent === 0) return false;
    this.sentSinceProbe += this.unsent;
    this.unsent = 0;
    return true;
  }

  /** A step 1 went out: it confirms what was written before it (the hello: nothing of ours yet). */
  probed(hello = false): void {
    this.probes.push(hello ? 0 : this.sentSinceProbe);
    if (!hello) this.sentSinceProbe = 0;
  }

  /** The relay answered the oldest probe. */
  answered(): void {
    this.probes.shift();
  }

  /** The link is down: what was sent but not confirmed may not have arrived; the next handshake resends it. */
  lost(): void {
    this.unsent = this.pending;
    this.sentSinceProbe = 0;
    this.probes = [];
  }
}
