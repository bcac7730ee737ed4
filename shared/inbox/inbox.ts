import { Emitter } from '../sync/emitter';
import * as Y from 'yjs';
import { baselineFromText, baselineOf, baselineToText, covers, decodeBaseline, EMPTY_BASELINE, encodeBaseline, type Baseline } from './baseline';
import { newsOf, type DocNews, type NewsOptions } from './news';

interface Entry {
  /** This device's own start for the doc: as it was the first time the device loaded it (null: not yet known). */
  base: Baseline | null;
  /** The doc as it was when last read here: what a "seen" mark made now records. */
  now: Baseline | null;
  news: DocNews | null;
  /** Characters of the text as it was at the start that this device saw me remove since. */
  mine: number;
}

interface SavedEntry {
  base: string | null;
  now: string | null;
  news: DocNews | null;
  mine?: number;
}

const SAVED_VERSION = 1;

/**
 * The catch-up inbox of one person on one device: per doc, what others did since the person last
 * marked it seen (or, before any mark, since this device first held it), kept from the sync
 * engine's events (renderer/app/workspace/inbox.ts feeds it) and saved on the device, so it is
 * there at once on the next start and with no network.
 *
 * Where each doc's news starts:
 * - the person's "seen" mark for it (shared/model/seen.ts), from any of their devices;
 * - else, for a doc made since the person joined, its beginning: all of it is news (a device that
 *   lost what it noted tells news again rather than hide it);
 * - else this device's first copy of it (what it held before it first exchanged anything), or,
 *   for a doc it never held, the doc as it is once synced (the workspace as they found it is not news).
 */
export class Inbox {
  readonly changes = new Emitter<void>();
  /** Marks made here, for the person's seen doc. */
  readonly marked = new Emitter<[string, Uint8Array][]>();
  private readonly entries = new Map<string, Entry>();
  private marks = new Map<string, Baseline>();
  /** Docs whose mark moved somewhere this device cannot tell from what it read: to read again. */
  private readonly stale = new Set<string>();
  private loadedFromDevice = false;
  /** The person's marks are on their way (their seen doc is opening): nothing is listed until they are in. */
  private marksPending = false;

  constructor(private options: NewsOptions) {}

  setOptions(options: NewsOptions): void {
    this.options = options;
  }

  isLoaded(): boolean {
    return this.loadedFromDevice;
  }

  /** What the device saved and the person's marks are both in: the list is what it will be. */
  isReady(): boolean {
    return this.loadedFromDevice && !this.marksPending;
  }

  /** Lists nothing until setMarks: news saved before a mark made just before a restart would show for a moment. */
  expectMarks(): void {
    this.marksPending = true;
  }

  /** Every doc with news, the latest first. */
  list(): DocNews[] {
    if (this.marksPending) return [];
    const found: DocNews[] = [];
    for (const entry of this.entries.values()) if (entry.news) found.push(entry.news);
    return found.sort((a, b) => b.at - a.at || (a.docId < b.docId ? -1 : 1));
  }

  news(docId: string): DocNews | null {
    return this.entries.get(docId)?.news ?? null;
  }

  /** Where the doc's news starts now (to show what changed since), or null. */
  startOf(docId: string): Baseline | null {
    return this.marks.get(docId) ?? this.entries.get(docId)?.base ?? null;
  }

  /**
   * The doc as read from the device, before any exchange. `newToMe`: it was made after the person
   * joined, so if the device never held it, all of it is news.
   */
  loaded(docId: string, doc: Y.Doc, newToMe: boolean): void {
    this.loadedAs(docId, heldBaseline(doc), newToMe);
  }

  /** The same, from what the device held when the doc was loaded (null: nothing), noted earlier. */
  loadedAs(docId: string, held: Baseline | null, newToMe: boolean): void {
    const entry = this.entry(docId);
    if (entry.base || this.marks.has(docId)) return;
    // Made since I joined, and nothing says I saw any of it: all of it is news (were the device to
    // have lost what it noted, news would be told again, never hidden). Else: as the device holds it.
    if (newToMe) entry.base = EMPTY_BASELINE;
    else if (held) entry.base = held;
  }

  /** The doc as it is now (synced, or changed while loaded): its news is worked out again. */
  read(docId: string, doc: Y.Doc): void {
    const entry = this.entry(docId);
    const now = baselineOf(doc);
    // Older than what was read already (a copy of the doc closed since, read late): it would take news back.
    if (entry.now && covers(entry.now, now) && !covers(now, entry.now)) return;
    this.stale.delete(docId);
    const start = this.startOf(docId);
    if (!start) entry.base = now;
    const before = entry.news;
    entry.now = now;
    entry.news = start ? newsOf(docId, doc, start, this.options, entry.mine) : null;
    if (before || entry.news) this.changes.emit();
  }

  /** I removed `count` characters that were in the doc's text at its start (removals carry no author in Yjs). */
  removedByMe(docId: string, count: number): void {
    this.entry(docId).mine += count;
  }

  /** Forgets a doc (a page deleted for good). */
  forget(docId: string): void {
    if (this.entries.delete(docId)) this.changes.emit();
  }

  /**
   * The person's marks as their seen doc holds them now. A doc whose mark holds everything this
   * device read of it has no news left; one whose mark is elsewhere is read again (docsToRead).
   */
  setMarks(marks: ReadonlyMap<string, Uint8Array>): void {
    const next = new Map<string, Baseline>();
    for (const [docId, bytes] of marks) {
      const mark = decodeBaseline(bytes);
      if (mark) next.set(docId, mark);
    }
    let changed = false;
    for (const [docId, mark] of next) {
      const known = this.marks.get(docId);
      if (known && covers(known, mark) && covers(mark, known)) continue;
      const entry = this.entries.get(docId);
      if (entry) entry.mine = 0;
      if (entry?.now && covers(mark, entry.now)) {
        if (entry.news) changed = true;
        entry.news = null;
      } else if (entry) this.stale.add(docId);
    }
    this.marks = next;
    if (changed || this.marksPending) {
      this.marksPending = false;
      this.changes.emit();
    }
  }

  /** Docs to read again before their news is right (their mark moved on another device, or they were read before the save came in). */
  docsToRead(): string[] {
    return [...this.stale];
  }

  /**
   * Marks docs seen (all with news when none are named): their news is cleared here, and the marks
   * to keep in the person's seen doc are returned.
   */
  markSeen(docIds?: readonly string[]): [string, Uint8Array][] {
    const ids = docIds ?? this.list().map((news) => news.docId);
    const marks: [string, Uint8Array][] = [];
    for (const docId of ids) {
      const entry = this.entries.get(docId);
      if (!entry?.now) continue;
      this.marks.set(docId, entry.now);
      marks.push([docId, encodeBaseline(entry.now)]);
      entry.news = null;
      entry.mine = 0;
    }
    if (marks.length > 0) {
      this.changes.emit();
      this.marked.emit(marks);
    }
    return marks;
  }

  serialize(): string {
    const entries: Record<string, SavedEntry> = {};
    for (const [docId, entry] of this.entries) {
      entries[docId] = { base: entry.base && baselineToText(entry.base), now: entry.now && baselineToText(entry.now), news: entry.news, mine: entry.mine };
    }
    return JSON.stringify({ version: SAVED_VERSION, entries });
  }

  /** Takes in what the device saved (docs read meanwhile keep what they read); a bad or old save is dropped. */
  load(serialized: string | null): void {
    this.loadedFromDevice = true;
    type Saved = { version?: unknown; entries?: Record<string, Partial<SavedEntry> | null> };
    let saved: Saved | null = null;
    try {
      saved = serialized ? (JSON.parse(serialized) as Saved) : null;
    } catch {
      saved = null;
    }
    if (saved?.version === SAVED_VERSION && saved.entries && typeof saved.entries === 'object') {
      for (const [docId, value] of Object.entries(saved.entries)) {
        if (!value || typeof value !== 'object') continue;
        const base = typeof value.base === 'string' ? baselineFromText(value.base) : null;
        const now = typeof value.now === 'string' ? baselineFromText(value.now) : null;
        const news = value.news && typeof value.news === 'object' && value.news.docId === docId ? value.news : null;
        const mine = typeof value.mine === 'number' && Number.isFinite(value.mine) && value.mine > 0 ? value.mine : 0;
        const early = this.entries.get(docId);
        if (!early) {
          this.entries.set(docId, { base, now, news: news && now ? news : null, mine });
          continue;
        }
        early.mine += mine;
        // Loaded or read before the save came in: the saved start is the older, true one; what was read is read again from it.
        if (base) early.base = base;
        if (early.now) this.stale.add(docId);
        // Only loaded (another view opened it at start, offline): nothing was read, and what the save read stands.
        else if (now) Object.assign(early, { now, news: news ?? null });
      }
    }
    this.changes.emit();
  }

  private entry(docId: string): Entry {
    let entry = this.entries.get(docId);
    if (!entry) {
      entry = { base: null, now: null, news: null, mine: 0 };
      this.entries.set(docId, entry);
    }
    return entry;
  }
}

/** What a doc held as loaded from the device: its baseline, or null when it held nothing. */
export function heldBaseline(doc: Y.Doc): Baseline | null {
  return Y.encodeStateVector(doc).byteLength > 1 ? baselineOf(doc) : null;
}
