/**
 * What a person has seen, in a doc of their own that each of their devices keeps:
 *
 * doc `seen-<memberId>`, marks: Y.Map<docId, Uint8Array>
 *
 * Each mark is the state of a doc (its state vector and text length, encoded by
 * shared/inbox/baseline.ts) at the moment its news was marked seen: the catch-up inbox lists only
 * what came after it. A mark made on one device reaches the person's other devices like any edit,
 * so "seen" on the laptop is seen on the desktop too. Only the person writes it (their own doc).
 */
import type * as Y from 'yjs';
import { Origin } from './origins';
import { write } from './workspace';

/** A mark holds a state vector: a few bytes per client that ever edited the doc. Larger ones are not marks. */
export const MAX_MARK_BYTES = 64 * 1024;

export function seenDocId(member: string): string {
  return `seen-${member}`;
}

const marksMap = (doc: Y.Doc) => doc.getMap<unknown>('marks');

/** Every mark of the doc, by doc id; values that are not marks are left out. */
export function readSeenMarks(doc: Y.Doc): Map<string, Uint8Array> {
  const marks = new Map<string, Uint8Array>();
  marksMap(doc).forEach((value, docId) => {
    if (value instanceof Uint8Array && value.byteLength <= MAX_MARK_BYTES) marks.set(docId, value);
  });
  return marks;
}

/** Records marks in one transaction (marking everything seen is one change, not a thousand). */
export function keepSeenMarks(doc: Y.Doc, marks: Iterable<readonly [docId: string, mark: Uint8Array]>): void {
  const map = marksMap(doc);
  write(doc, Origin.local, () => {
    for (const [docId, mark] of marks) if (mark.byteLength <= MAX_MARK_BYTES) map.set(docId, mark);
  });
}
