/**
 * [R7][R20] When a room compacts. Compacting rewrites the whole doc, so doing
 * it every N rows costs O(doc) per N edits — quadratic for a large document.
 * Instead a room compacts once the rows appended since the last compaction
 * outweigh what it wrote: storage stays under about twice the compacted doc,
 * and the rewrite cost is amortised over at least as many bytes of edits. A
 * cap on rows (20x the threshold) keeps loads quick.
 */
export class CompactionPolicy {
  private rows = 0;
  /** Bytes appended since the last compaction, and the size of what that compaction wrote. */
  private appendedBytes = 0;
  private compactedBytes = 0;

  constructor(private readonly threshold: number) {}

  /** Rows the store holds for the room, as far as this instance knows. */
  get storedRows(): number {
    return this.rows;
  }

  /** What a load found: every stored row counts as appended since a compaction of unknown size. */
  loaded(rows: number, bytes: number): void {
    this.rows = rows;
    this.appendedBytes = bytes;
    this.compactedBytes = 0;
  }

  /** A row this instance appended; true if the room should compact now. */
  appended(bytes: number): boolean {
    this.rows += 1;
    this.appendedBytes += bytes;
    if (this.rows <= this.threshold) return false;
    return this.appendedBytes > this.compactedBytes || this.rows > this.threshold * 20;
  }

  /** A row another instance appended ([S4]); its size counts when this instance next compacts. */
  appendedElsewhere(): void {
    this.rows += 1;
  }

  /** A compaction wrote `mergedBytes`: the rows are one again. */
  compacted(mergedBytes: number): void {
    this.rows = 1;
    this.appendedBytes = 0;
    this.compactedBytes = mergedBytes;
  }

  /**
   * A compaction started whose size is not known yet ([S6]: merged in the
   * database). What was stored bounds it until `compacted` says.
   */
  compactionStarted(): void {
    this.compacted(this.compactedBytes + this.appendedBytes);
  }

  /** The size of the merged row a started compaction wrote, once known. */
  mergedSize(bytes: number): void {
    this.compactedBytes = bytes;
  }
}
