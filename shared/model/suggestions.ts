import type * as Y from 'yjs';
import { newId } from './ids';
import { Origin } from './origins';
import { PageKey } from './schema';
import { dropCopies, pendingSuggestions, restoreRuns, suggestionRuns, unmarkSuggestion, type RestoredCopy, type SuggestionRun } from './suggestions-scan';

/**
 * Suggested edits: who made each and who decided it. The text itself carries the suggestion
 * (insertion / deletion marks with an id); the page doc's `suggestions` map keeps, per id,
 *   `<id>`             → { author, at }                       written by the device that made it
 *   `<id>@<decision>`  → { kind, by, at, seen, removed }       one key per decision
 *   `<id>@<decision>#<restore>` → { by, at, copies, dropped }  one key per putting-back of an
 *                                                             overruled accept's text
 * One key per decision, never one shared field, so two reviewers deciding the same suggestion
 * apart both keep their record, and every replica can see that they disagreed
 * (docs/review.md: concurrency).
 */

export interface SuggestionInfo {
  author: string;
  at: number;
}

export type DecisionKind = 'accept' | 'reject';

export interface Decision {
  key: string;
  kind: DecisionKind;
  by: string;
  at: number;
  /** Decision keys of this suggestion the decider had already seen: a decision listed here came before, not alongside. */
  seen: string[];
  /** What the decision removed from the text, to put back if a concurrent decision disagrees. */
  removed: SuggestionRun[];
  /** Put back by an older version, which kept no record of the copy. */
  restored: boolean;
}

/** One device putting back the text an overruled accept removed. */
export interface Restore {
  key: string;
  by: string;
  at: number;
  /** The characters it put back (to take out again if another device's restore wins). */
  copies: RestoredCopy[];
  /** Its copies were taken out: another restore of the same accept won. */
  dropped: boolean;
}

export function suggestionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(PageKey.suggestions);
}

/** Notes who made a suggestion and when; the device that makes it calls this once. */
export function recordSuggestion(doc: Y.Doc, id: string, author: string, at: number): void {
  const map = suggestionsMap(doc);
  if (map.has(id)) return;
  doc.transact(() => map.set(id, { author, at }), Origin.local);
}

/** Who made a suggestion, or null when no record arrived (or it is malformed). */
export function suggestionInfo(doc: Y.Doc, id: string): SuggestionInfo | null {
  const value = suggestionsMap(doc).get(id);
  if (typeof value !== 'object' || value === null) return null;
  const { author, at } = value as { author?: unknown; at?: unknown };
  if (typeof author !== 'string') return null;
  return { author, at: typeof at === 'number' && Number.isFinite(at) ? at : 0 };
}

function readDecision(key: string, value: unknown): Decision | null {
  if (typeof value !== 'object' || value === null) return null;
  const { kind, by, at, seen, removed, restored } = value as Record<string, unknown>;
  if ((kind !== 'accept' && kind !== 'reject') || typeof by !== 'string') return null;
  return {
    key,
    kind,
    by,
    at: typeof at === 'number' ? at : 0,
    seen: Array.isArray(seen) ? seen.filter((entry): entry is string => typeof entry === 'string') : [],
    removed: Array.isArray(removed) ? (removed as SuggestionRun[]).filter((run) => typeof run?.text === 'string' && typeof run.attributes === 'object' && run.attributes !== null) : [],
    restored: restored === true,
  };
}

export function decisions(doc: Y.Doc, id: string): Decision[] {
  const found: Decision[] = [];
  suggestionsMap(doc).forEach((value, key) => {
    if (!key.startsWith(`${id}@`) || key.includes('#')) return;
    const decision = readDecision(key, value);
    if (decision) found.push(decision);
  });
  return found.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
}

/**
 * Records a decision, snapshotting what it is about to remove (an accept removes the deleted
 * runs, a reject the inserted ones). Call it just before the text change itself.
 */
export function recordDecision(doc: Y.Doc, fragment: Y.XmlFragment, id: string, kind: DecisionKind, by: string, at: number): string {
  const key = `${id}@${newId()}`;
  const removed = suggestionRuns(fragment, id, kind === 'accept' ? 'deletion' : 'insertion');
  const seen = decisions(doc, id).map((decision) => decision.key);
  doc.transact(() => suggestionsMap(doc).set(key, { kind, by, at, seen, removed }), Origin.local);
  return key;
}

function concurrent(a: Decision, b: Decision): boolean {
  return !a.seen.includes(b.key) && !b.seen.includes(a.key);
}

/** Accepts of `id` that a reject made alongside (neither saw the other) overrules: reject wins. */
export function overruledAccepts(doc: Y.Doc, id: string): Decision[] {
  const all = decisions(doc, id);
  return all.filter((decision) => decision.kind === 'accept' && all.some((other) => other.kind === 'reject' && concurrent(decision, other)));
}

/** Ids that have decisions recorded (pending or not). */
function decidedIds(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  suggestionsMap(doc).forEach((_value, key) => {
    const at = key.indexOf('@');
    if (at > 0) ids.add(key.slice(0, at));
  });
  return ids;
}

function readRestore(key: string, value: unknown): Restore | null {
  if (typeof value !== 'object' || value === null) return null;
  const { by, at, copies, dropped } = value as Record<string, unknown>;
  if (typeof by !== 'string' || !Array.isArray(copies)) return null;
  return {
    key,
    by,
    at: typeof at === 'number' ? at : 0,
    copies: (copies as RestoredCopy[]).filter((copy) => typeof copy === 'object' && copy !== null && typeof copy.length === 'number'),
    dropped: dropped === true,
  };
}

/** The restores of one accept, the winner (smallest key, the same on every replica) first. */
export function restoresOf(doc: Y.Doc, acceptKey: string): Restore[] {
  const found: Restore[] = [];
  suggestionsMap(doc).forEach((value, key) => {
    if (!key.startsWith(`${acceptKey}#`)) return;
    const restore = readRestore(key, value);
    if (restore) found.push(restore);
  });
  return found.sort((a, b) => (a.key < b.key ? -1 : 1));
}

export interface RepairOptions {
  /**
   * Also put back accepts other members made. Without it only this member's own accepts are
   * restored at once; the caller waits a moment first, so the accepter's device, if it is there,
   * restores alone.
   */
  anyone?: boolean;
}

export interface RepairResult {
  /** Accepts this call put the text back for. */
  restored: number;
  /** Overruled accepts still without a restore because they are someone else's (see RepairOptions). */
  waiting: number;
}

/**
 * Repairs what two disagreeing reviewers did apart: an accept deleted the old text, a reject the
 * new one, so together they removed both. Reject wins: an editor's device that holds both
 * decisions puts the old text back from the accept's `removed`, recording what it put in as a
 * restore entry of its own. When restores of the same accept made apart meet, the one with the
 * smallest key wins on every replica and any device takes the others' copies out again, by the
 * ids of the characters they put in (idempotent, so two devices doing it merge to once). Any
 * device also clears marks the suggestion left behind: Yjs formatting merged from both sides can
 * spread them onto neighbouring text, and the suggestion is decided. Viewers must not call it.
 */
export function repairOverruledAccepts(doc: Y.Doc, memberId: string, fragment: Y.XmlFragment = doc.getXmlFragment(PageKey.content), options: RepairOptions = {}): RepairResult {
  const result: RepairResult = { restored: 0, waiting: 0 };
  const map = suggestionsMap(doc);
  for (const id of decidedIds(doc)) {
    const overruled = overruledAccepts(doc, id);
    if (overruled.length > 0 && pendingSuggestions(fragment).some((pending) => pending.id === id)) {
      // Formatting the same runs to null on several devices merges to the same plain text.
      doc.transact(() => unmarkSuggestion(fragment, id), Origin.sync);
    }
    for (const accept of overruled) {
      const [winner, ...losers] = restoresOf(doc, accept.key);
      for (const loser of losers) {
        // A winner that found nowhere to put the text back (its paragraph gone) takes nothing out.
        if (loser.dropped || winner!.copies.length === 0) continue;
        doc.transact(() => {
          dropCopies(doc, loser.copies);
          map.set(loser.key, { ...(map.get(loser.key) as object), dropped: true });
        }, Origin.sync);
      }
      if (accept.restored || restoresOf(doc, accept.key).length > 0) continue;
      if (accept.by !== memberId && !options.anyone) {
        result.waiting += 1;
        continue;
      }
      doc.transact(() => {
        const copies = restoreRuns(doc, accept.removed);
        map.set(`${accept.key}#${newId()}`, { by: memberId, at: Date.now(), copies, dropped: false });
      }, Origin.sync);
      result.restored += 1;
    }
  }
  return result;
}

export { pendingSuggestions };
