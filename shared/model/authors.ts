/**
 * Who typed with which Yjs client id, kept in the doc it concerns:
 *
 * any doc but the index, authors: Y.Map<String(clientID), memberId>
 *
 * Yjs stamps every change with the client id of the Y.Doc instance that made it (a fresh random
 * number each time a device loads the doc), never with a person. The sync engine records its own
 * client id here with the first change a device makes to a doc it loaded (one small entry per doc
 * per load that edits), so anyone reading the doc later can say who wrote what (the catch-up inbox,
 * shared/inbox). The page's version history keeps its own such map (history.ts `clients`).
 */
import type * as Y from 'yjs';

export const AUTHORS_KEY = 'authors';

/**
 * From now on, the first change this doc instance makes also notes its client id as `member`'s,
 * in the same transaction (so it costs no update of its own). Changes applied from the device's
 * store or a relay are not this client's and note nothing.
 */
export function noteAuthor(doc: Y.Doc, member: string): void {
  const authors = doc.getMap<unknown>(AUTHORS_KEY);
  const key = String(doc.clientID);
  const onTransaction = (transaction: Y.Transaction) => {
    if (!transaction.local) return;
    doc.off('beforeTransaction', onTransaction);
    if (authors.get(key) !== member) authors.set(key, member);
  };
  doc.on('beforeTransaction', onTransaction);
}

/** Each client id of the doc and the member it belongs to; unknown ids are absent. */
export function authorsOf(doc: Y.Doc): Map<number, string> {
  const found = new Map<number, string>();
  doc.getMap<unknown>(AUTHORS_KEY).forEach((member, key) => {
    const client = Number(key);
    if (typeof member === 'string' && Number.isInteger(client)) found.set(client, member);
  });
  return found;
}
