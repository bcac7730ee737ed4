/**
 * Building a room's doc from its stored rows ([R5], [R31]). One bad stored row
 * never makes a room's other rows unreadable: a row the relay would refuse
 * from a client today (stored before a rule existed, or damaged on disk) is
 * skipped and logged with its seq (it stays stored until a compaction
 * replaces the rows); a row that still fails to apply is left out, and the
 * doc rebuilt without it.
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
  // One transaction per row, as the room applied each when it stored it: Yjs
  // garbage-collects deleted items when a transaction ends, so what a later
  // row integrates can depend on where transactions end (seed 4059: all rows
  // in one transaction left other deletions than the room had held).
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
