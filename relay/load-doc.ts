/**
 * Building a room's doc from its stored rows ([R5], [R31]). One bad stored row
 * never makes a room's other rows unreadable: a row the relay would refuse
 * from a client today (stored before a rule existed, or damaged on disk) is
 * skipped and logged with its seq (it stays stored until a compaction
 * replaces the rows); if the rest still fails to apply together, the rows are
 * applied again one per transaction on a new doc, leaving out each that fails.
 */
import * as Y from 'yjs';
import type { Logger } from './log';
import { assertNestingBounded } from './nesting';
import type { StoredUpdate } from './storage';
import { validateUpdate } from './validate-update';

export function loadDoc(room: string, rows: StoredUpdate[], logger: Logger): Y.Doc {
  let doc = new Y.Doc();
  const usable = rows.filter((row) => {
    try {
      if (validateUpdate(row.data).types > 0) assertNestingBounded(doc, row.data);
      return true;
    } catch (error) {
      logger.error('stored update refused', { room, seq: row.seq, error });
      return false;
    }
  });
  try {
    // The fast path: every row in one transaction.
    doc.transact(() => {
      for (const row of usable) Y.applyUpdate(doc, row.data);
    });
    return doc;
  } catch (error) {
    logger.error('stored updates failed to apply together; loading them one by one', { room, error });
  }
  doc.destroy();
  doc = new Y.Doc();
  const applied: StoredUpdate[] = [];
  for (const row of usable) {
    try {
      Y.applyUpdate(doc, row.data);
      applied.push(row);
    } catch (error) {
      // Whatever of it integrated may be what broke the doc: rebuild without it.
      logger.error('stored update failed to apply', { room, seq: row.seq, error });
      doc.destroy();
      doc = new Y.Doc();
      for (const good of applied) Y.applyUpdate(doc, good.data);
    }
  }
  return doc;
}
