import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendParagraph, fragmentText, pageContent } from './content';
import {
  AUTO_INTERVAL_MS,
  automaticVersionDue,
  clientMember,
  compactHistory,
  deleterLookup,
  historyDocId,
  listVersions,
  readVersion,
  recordClient,
  recordDeletions,
  saveAutomaticVersion,
  saveVersion,
  versionDoc,
  type DeleteSet,
} from './history';
import { isValidId } from '../protocol/rooms';

function page(text: string): Y.Doc {
  const doc = new Y.Doc();
  appendParagraph(doc, text);
  return doc;
}

function roundTrip(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('history', () => {
  it('names a valid doc id for a page id', () => {
    expect(isValidId(historyDocId('V1StGXR8_Z5jdHi6B-myT'))).toBe(true);
  });

  it('keeps a version of the content only, which survives an encode and decode, newest first', () => {
    const history = new Y.Doc();
    const doc = page('First draft');
    doc.getMap('comments').set('t1', 'a long comment thread'.repeat(100));
    saveVersion(history, doc, { name: '  Draft  ', author: 'alice', at: 1000 });
    appendParagraph(doc, 'More');
    saveVersion(history, doc, { name: null, author: 'bob', at: 2000 });

    const versions = listVersions(roundTrip(history));
    expect(versions.map((v) => [v.name, v.auto, v.author, v.at])).toEqual([
      [null, true, 'bob', 2000],
      ['Draft', false, 'alice', 1000],
    ]);
    const old = versionDoc(versions[1]!);
    expect(fragmentText(pageContent(old))).toBe('First draft');
    expect(old.getMap('comments').size).toBe(0);
    expect(versions[1]!.snapshot.length).toBeLessThan(500);
  });

  it('saves an automatic version at most once per person per interval, and only when the text changed', () => {
    const history = new Y.Doc();
    const doc = page('Hello');
    expect(saveAutomaticVersion(history, doc, 'alice', 0)).not.toBeNull();
    appendParagraph(doc, 'again');
    expect(saveAutomaticVersion(history, doc, 'alice', AUTO_INTERVAL_MS - 1)).toBeNull();
    // Someone else is not held back by alice's version.
    expect(automaticVersionDue(history, doc, 'bob', AUTO_INTERVAL_MS - 1)).toBe(true);
    expect(saveAutomaticVersion(history, doc, 'alice', AUTO_INTERVAL_MS)).not.toBeNull();
    expect(automaticVersionDue(history, doc, 'alice', 10 * AUTO_INTERVAL_MS)).toBe(false);
    expect(automaticVersionDue(new Y.Doc(), new Y.Doc(), 'alice', 0)).toBe(false);
  });

  it('keeps the newest automatic versions and every named one, and the history doc shrinks', () => {
    const history = new Y.Doc();
    const doc = page('x');
    saveVersion(history, doc, { name: 'Launch', author: 'alice', at: 0 });
    for (let i = 1; i <= 30; i++) {
      appendParagraph(doc, `line ${i}`);
      saveVersion(history, doc, { name: null, author: 'alice', at: i * 1000 });
    }
    const versions = listVersions(history);
    expect(versions.filter((v) => v.auto)).toHaveLength(20);
    expect(versions[0]!.at).toBe(30_000);
    expect(versions.find((v) => v.name === 'Launch')).toBeDefined();
    const size = Y.encodeStateAsUpdate(history).length;
    compactHistory(history, 5);
    expect(listVersions(history).filter((v) => v.auto)).toHaveLength(5);
    expect(Y.encodeStateAsUpdate(history).length).toBeLessThan(size / 2);
  });

  it('records who typed with a client id and who deleted which items, and drops deletions older than every version', () => {
    const history = new Y.Doc();
    const doc = page('abcdef');
    recordClient(history, doc.clientID, 'alice');
    let ds: DeleteSet | null = null;
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      ds = transaction.deleteSet as DeleteSet;
    });
    const text = (pageContent(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.delete(1, 2);
    recordDeletions(history, 'bob', ds!, 5000);
    const replica = roundTrip(history);
    expect(clientMember(replica, doc.clientID)).toBe('alice');
    expect(clientMember(replica, doc.clientID + 1)).toBeNull();
    const deleter = deleterLookup(replica);
    const firstId = text._start!.id;
    expect(deleter(Y.createID(firstId.client, firstId.clock + 1))).toBe('bob');
    expect(deleter(Y.createID(firstId.client, firstId.clock))).toBeNull();

    // More deletions by bob: saving a version merges his records into one that answers for both.
    const before = ds!;
    text.delete(0, 1);
    recordDeletions(history, 'bob', ds!, 5500);
    expect(ds).not.toBe(before);
    saveVersion(history, doc, { name: null, author: 'alice', at: 4000 });
    expect(history.getArray('deletions').length).toBe(1);
    expect(deleterLookup(history)(Y.createID(firstId.client, firstId.clock))).toBe('bob');
    expect(deleterLookup(history)(Y.createID(firstId.client, firstId.clock + 2))).toBe('bob');

    compactHistory(history, 0);
    saveVersion(history, doc, { name: 'Later', author: 'alice', at: 6000 });
    expect(deleterLookup(history)(Y.createID(firstId.client, firstId.clock + 1))).toBeNull();
  });

  it('reads a version or a deletion record it cannot decode as missing, without failing', () => {
    const history = new Y.Doc();
    const doc = page('Fine');
    const good = saveVersion(history, doc, { name: 'Good', author: 'alice' });
    expect(readVersion(good)).not.toBeNull();
    expect(readVersion({ snapshot: new Uint8Array([200, 1, 2, 3]) })).toBeNull();
    history.getMap('versions').set('bad', { id: 'bad', name: { not: 'text' }, author: 'x', at: 5, snapshot: new Uint8Array() });
    expect(listVersions(history).map((v) => v.name)).toEqual(['Good']);
    history.getArray('deletions').push([{ member: 'bob', at: 1, ds: new Uint8Array([255, 255, 255]) }]);
    expect(deleterLookup(history)(Y.createID(1, 0))).toBeNull();
  });
});
