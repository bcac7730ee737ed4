import { CATCH_UP_PAGE } from '../protocol/mux';

/**
 * After docs were named (by an answer or pushed live) and synced, the relay is asked again this
 * much later: its answer moves the cursor past them, so the next start does not fetch them again.
 */
export const CATCH_UP_AGAIN_MS = 5_000;

export interface CatchUpOptions {
  /** Sends CATCHUP(cursor) on the shared socket; false if it is not open. */
  ask(cursor: number): boolean;
  /** The cursor reached (saved in the registry). */
  cursor(): number;
  /** Every doc named up to `cursor` is held here: saved, and sent with each OPEN from then on. */
  reached(cursor: number): void;
  /** Docs to sync in the background. */
  enqueue(docIds: string[]): void;
  /** Open on a channel that is in step with the relay: it receives what the relay stores as it comes. */
  inStep(docId: string): boolean;
  /** Busy or idle changed. */
  changed(): void;
  againMs?: number;
  /** The relay's cap on one answer (shared/protocol/mux.ts). */
  page?: number;
}

/**
 * Catching up over the shared socket (shared/protocol/mux.ts): on each (re)connection the device
 * asks which docs were stored to after its cursor, the background sweep syncs those, and the new
 * cursor is saved only once every one of them is in step (or ended for good: denied, gone). Docs
 * pushed live (stored to while no channel had them open) are synced the same way but do not move
 * the cursor; asking again once idle does.
 */
export class CatchUp {
  /** Named by an answer and not in step yet. */
  private readonly outstanding = new Set<string>();
  /** Named by a live push and not in step yet (they do not hold the cursor back). */
  private readonly pushed = new Set<string>();
  /** A question is under way. */
  private asking = false;
  /** Where the device is caught up to once `outstanding` is empty. */
  private target = 0;
  /** Something was named since the last question: worth asking again once idle. */
  private again = false;
  private againTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(private readonly options: CatchUpOptions) {}

  /** An answer is awaited or named docs are not in step yet. */
  get busy(): boolean {
    return this.asking || this.outstanding.size > 0;
  }

  /** Named by an answer and still to sync (a background job that gave up tries again). */
  isOutstanding(docId: string): boolean {
    return this.outstanding.has(docId);
  }

  docs(): string[] {
    return [...this.outstanding];
  }

  /** The socket opened: the question goes before any channel opens. */
  opened(): void {
    this.reset();
    this.ask(this.options.cursor());
  }

  /** The socket is gone: what was named is named again by the next answer. */
  down(): void {
    this.reset();
    this.options.changed();
  }

  changed(cursor: number, docIds: string[]): void {
    if (this.disposed) return;
    const fresh = docIds.filter((docId) => !this.options.inStep(docId));
    // A live push says cursor 0; so does the answer of a relay that has stored nothing yet (no docs).
    if (cursor === 0 && !(this.asking && docIds.length === 0)) {
      if (fresh.length > 0) this.again = true;
      for (const docId of fresh) this.pushed.add(docId);
      this.options.enqueue(fresh);
      this.settle();
      return;
    }
    this.asking = false;
    for (const docId of fresh) this.outstanding.add(docId);
    if (fresh.length > 0) this.again = true;
    this.target = Math.max(this.target, cursor);
    // A list as long as the relay's cap was cut there: the rest is asked for at once, from the cursor it got.
    if (docIds.length >= (this.options.page ?? CATCH_UP_PAGE)) this.ask(cursor);
    this.options.enqueue(fresh);
    this.settle();
  }

  /** The doc came into step (or ended for good): it no longer holds the cursor back. */
  settled(docId: string): void {
    this.pushed.delete(docId);
    if (this.outstanding.delete(docId)) this.settle();
  }

  /** The relay said the doc changed after the cursor: a cursor cannot prove it unchanged, so OPEN need not carry one. */
  isNamed(docId: string): boolean {
    return this.outstanding.has(docId) || this.pushed.has(docId);
  }

  dispose(): void {
    this.disposed = true;
    this.reset();
  }

  private reset(): void {
    this.outstanding.clear();
    this.pushed.clear();
    this.asking = false;
    this.target = 0;
    this.again = false;
    if (this.againTimer) clearTimeout(this.againTimer);
    this.againTimer = null;
  }

  private ask(cursor: number): void {
    if (this.disposed) return;
    this.asking = this.options.ask(cursor);
  }

  private settle(): void {
    if (!this.busy) {
      if (this.target > this.options.cursor()) this.options.reached(this.target);
      if (this.again && !this.againTimer && !this.disposed) {
        this.againTimer = setTimeout(() => {
          this.againTimer = null;
          if (this.busy || this.disposed) return;
          this.again = false;
          this.target = 0;
          this.ask(this.options.cursor());
          this.options.changed();
        }, this.options.againMs ?? CATCH_UP_AGAIN_MS);
      }
    }
    this.options.changed();
  }
}
