import * as Y from 'yjs';

/**
 * Reading suggested edits out of a page's content. ProseMirror marks reach Yjs as text
 * attributes (y-tiptap): `insertion: { id }`, `deletion: { id }`, `modification: { id, … }`.
 * Block marks sit on elements the same way. Everything here is read-only.
 */

export type SuggestionMarkName = 'insertion' | 'deletion' | 'modification';

/** One pending suggestion as the text holds it now, in document order. */
export interface PendingSuggestion {
  id: string;
  /** Text it would add (zero-width markers dropped). */
  inserted: string;
  /** Text it would remove. */
  deleted: string;
  /** It changes formatting or attributes only. */
  modifies: boolean;
}

/** A run of text carrying one suggestion mark: where it starts (a Yjs position that survives edits) and what it holds. */
export interface SuggestionRun {
  anchor: unknown;
  text: string;
  attributes: Record<string, unknown>;
}

const ZERO_WIDTH = /\u200B/g;

export function markId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

interface Visit {
  text(ytext: Y.XmlText, index: number, insert: string, attributes: Record<string, unknown>): void;
  element?(element: Y.XmlElement): void;
}

function walk(parent: Y.XmlFragment | Y.XmlElement, visit: Visit): void {
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) {
      let index = 0;
      for (const op of child.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert !== 'string') {
          index += 1;
          continue;
        }
        visit.text(child, index, op.insert, op.attributes ?? {});
        index += op.insert.length;
      }
    } else if (child instanceof Y.XmlElement) {
      visit.element?.(child);
      walk(child, visit);
    }
  }
}

/** The suggestions still pending in the text, in the order they first appear. */
export function pendingSuggestions(fragment: Y.XmlFragment): PendingSuggestion[] {
  const found = new Map<string, PendingSuggestion>();
  const entry = (id: string) => {
    let suggestion = found.get(id);
    if (!suggestion) found.set(id, (suggestion = { id, inserted: '', deleted: '', modifies: false }));
    return suggestion;
  };
  const note = (attributes: Record<string, unknown>, text: string) => {
    const inserted = markId(attributes.insertion);
    const deleted = markId(attributes.deletion);
    const modified = markId(attributes.modification);
    if (inserted) entry(inserted).inserted += text;
    if (deleted) entry(deleted).deleted += text;
    if (modified) entry(modified).modifies = true;
  };
  walk(fragment, {
    text: (_ytext, _index, insert, attributes) => note(attributes, insert.replace(ZERO_WIDTH, '')),
    element: (element) => note(element.getAttributes() as Record<string, unknown>, ''),
  });
  return [...found.values()];
}

/** The runs of text marked `mark` with suggestion `id`, each with a position to put it back at. */
export function suggestionRuns(fragment: Y.XmlFragment, id: string, mark: SuggestionMarkName): SuggestionRun[] {
  const runs: SuggestionRun[] = [];
  walk(fragment, {
    text: (ytext, index, insert, attributes) => {
      if (markId(attributes[mark]) !== id) return;
      const anchor = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(ytext, index)) as unknown;
      const rest = Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== mark));
      runs.push({ anchor, text: insert, attributes: rest });
    },
  });
  return runs;
}

/** Removes suggestion `id`'s marks, leaving its text as plain text. Returns how many runs it unmarked. */
export function unmarkSuggestion(fragment: Y.XmlFragment, id: string): number {
  const found: { ytext: Y.XmlText; index: number; length: number; mark: SuggestionMarkName }[] = [];
  walk(fragment, {
    text: (ytext, index, insert, attributes) => {
      for (const mark of ['insertion', 'deletion', 'modification'] as const) {
        if (markId(attributes[mark]) === id) found.push({ ytext, index, length: insert.length, mark });
      }
    },
  });
  // Formatting keeps lengths, so the indices stay valid.
  for (const run of found) run.ytext.format(run.index, run.length, { [run.mark]: null });
  return found.length;
}

/** Text a restore put back: the Yjs position of its first character and how many followed it. */
export interface RestoredCopy {
  start: unknown;
  length: number;
}

/** Puts runs back where they were (e.g. text an accept removed), each once. Returns what it put in. */
export function restoreRuns(doc: Y.Doc, runs: readonly SuggestionRun[]): RestoredCopy[] {
  const copies: RestoredCopy[] = [];
  for (const run of runs) {
    const position = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(run.anchor), doc);
    if (!position || !(position.type instanceof Y.XmlText) || run.text.length === 0) continue;
    // Null says "not marked": without it the text would take on the marks around where it lands.
    position.type.insert(position.index, run.text, { insertion: null, deletion: null, modification: null, ...run.attributes });
    // The inserted characters are one Yjs item: its first character's id names them all.
    const start = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(position.type, position.index)) as unknown;
    copies.push({ start, length: run.text.length });
  }
  return copies;
}

/**
 * Deletes exactly the characters a restore put in, wherever they are now: text typed among them
 * later stays. Deleting characters by their ids is idempotent, so two devices doing it at once
 * merge to one deletion. Returns how many characters it deleted.
 */
export function dropCopies(doc: Y.Doc, copies: readonly RestoredCopy[]): number {
  let dropped = 0;
  for (const copy of copies) {
    let relative: Y.RelativePosition;
    try {
      relative = Y.createRelativePositionFromJSON(copy.start);
    } catch {
      continue;
    }
    const first = relative.item;
    if (!first || !Number.isInteger(copy.length) || copy.length <= 0) continue;
    const position = Y.createAbsolutePositionFromRelativePosition(relative, doc, false);
    if (!position || !(position.type instanceof Y.XmlText)) continue;
    const ranges: { index: number; length: number }[] = [];
    let index = 0;
    for (let item = position.type._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue;
      const from = Math.max(first.clock, item.id.clock);
      const to = Math.min(first.clock + copy.length, item.id.clock + item.length);
      if (item.id.client === first.client && from < to) ranges.push({ index: index + from - item.id.clock, length: to - from });
      index += item.length;
    }
    for (const range of ranges.reverse()) position.type.delete(range.index, range.length);
    dropped += ranges.reduce((sum, range) => sum + range.length, 0);
  }
  return dropped;
}
