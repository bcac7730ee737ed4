import type { Mark, Node } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { AddMarkStep, type Mapping } from '@tiptap/pm/transform';

const SUGGESTION_MARKS = new Set(['insertion', 'deletion']);

/** Ranges of the final doc that a transaction wrote or marked. */
export function touchedRanges(tr: Transaction): { from: number; to: number }[] {
  const ranges: { from: number; to: number }[] = [];
  tr.steps.forEach((step, i) => {
    const after: Mapping = tr.mapping.slice(i + 1);
    const add = (from: number, to: number) => {
      const start = after.map(from, 1);
      const end = after.map(to, -1);
      if (end > start) ranges.push({ from: start, to: end });
    };
    if (step instanceof AddMarkStep) add(step.from, step.to);
    else step.getMap().forEach((_oldStart, _oldEnd, newStart, newEnd) => add(newStart, newEnd));
  });
  return ranges;
}

/** Whether the same text was already there, already carrying `mark`, before the transaction. */
function alreadyMarked(before: Node, tr: Transaction, from: number, to: number, mark: Mark): boolean {
  const back = tr.mapping.invert();
  const oldFrom = back.map(from, 1);
  const oldTo = back.map(to, -1);
  return oldTo - oldFrom === to - from && before.rangeHasMark(oldFrom, oldTo, mark);
}

/**
 * The library gives an edit next to an existing suggestion that suggestion's id, so what Bo types
 * beside Ana's suggestion would count as Ana's. Text this transaction newly marked under someone
 * else's id gets an id of this person's own instead (one per foreign id), so every suggestion has
 * one author. Returns the ids it handed out.
 */
export function claimForeignMarks(tr: Transaction, before: Node, isForeign: (id: string) => boolean, freshId: () => string): string[] {
  const replaced = new Map<string, string>();
  const changes: { from: number; to: number; mark: Mark; id: string }[] = [];
  for (const range of touchedRanges(tr)) {
    tr.doc.nodesBetween(range.from, range.to, (node, pos) => {
      if (!node.isText) return true;
      for (const mark of node.marks) {
        const id = String(mark.attrs.id as string);
        if (!SUGGESTION_MARKS.has(mark.type.name) || !isForeign(id)) continue;
        const from = Math.max(pos, range.from);
        const to = Math.min(pos + node.nodeSize, range.to);
        if (alreadyMarked(before, tr, from, to, mark)) continue;
        if (!replaced.has(id)) replaced.set(id, freshId());
        changes.push({ from, to, mark, id: replaced.get(id)! });
      }
      return false;
    });
  }
  // Marks change no positions, so the ranges stay valid while rewriting them.
  for (const change of changes) {
    tr.removeMark(change.from, change.to, change.mark);
    tr.addMark(change.from, change.to, change.mark.type.create({ ...change.mark.attrs, id: change.id }));
  }
  return [...replaced.values()];
}
