import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendParagraph, pageContent } from './content';
import { clientMember, deleterLookup, recordClient, recordDeletions, saveVersion, versionDoc, type DeleteSet } from './history';
import { diffText, diffVersion, type DiffBlock } from './historyDiff';

/** Two people editing one page; their docs exchange every update at once, and record who typed and deleted what. */
function team() {
  const history = new Y.Doc();
  const docs = new Map<string, Y.Doc>();
  for (const [member, clientID] of [
    ['alice', 1],
    ['bob', 2],
  ] as const) {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    recordClient(history, clientID, member);
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.local) recordDeletions(history, member, transaction.deleteSet as DeleteSet);
    });
    docs.set(member, doc);
  }
  const alice = docs.get('alice')!;
  const bob = docs.get('bob')!;
  alice.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(bob, update, 'peer'));
  bob.on('update', (update: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(alice, update, 'peer'));
  const attribution = { clientMember: (client: number) => clientMember(history, client), deleter: (id: Y.ID) => deleterLookup(history)(id) };
  return { history, alice, bob, attribution };
}

function body(doc: Y.Doc, index: number): Y.XmlText {
  return (pageContent(doc).get(index) as Y.XmlElement).get(0) as Y.XmlText;
}

function segments(blocks: DiffBlock[]) {
  return blocks.map((block) => [block.kind, block.segments.map((segment) => [segment.kind, segment.text, segment.member])]);
}

describe('diffVersion', () => {
  it('shows text typed since a version as inserted by its typist, and text deleted since as deleted by who deleted it', () => {
    const { history, alice, bob, attribution } = team();
    appendParagraph(alice, 'The quick fox');
    const version = saveVersion(history, alice, { name: 'Draft', author: 'alice' });
    body(bob, 0).insert(4, 'very ');
    body(alice, 0).delete(15, 3);
    body(alice, 0).insert(15, 'dog');

    const blocks = diffVersion(versionDoc(version), alice, attribution);
    expect(segments(blocks)).toEqual([
      [
        'same',
        [
          ['same', 'The ', null],
          ['inserted', 'very ', 'bob'],
          ['same', 'quick ', null],
          ['deleted', 'fox', 'alice'],
          ['inserted', 'dog', 'alice'],
        ],
      ],
    ]);
  });

  it('keeps working after the live doc garbage-collects what was deleted', () => {
    const { history, alice, attribution } = team();
    expect(alice.gc).toBe(true);
    appendParagraph(alice, 'Keep this');
    appendParagraph(alice, 'Drop this paragraph');
    const version = saveVersion(history, alice, { name: null, author: 'alice' });
    pageContent(alice).delete(1, 1);
    // After GC the live doc holds only the length of the paragraph it deleted.
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(alice));
    expect(Y.encodeStateAsUpdate(reloaded).length).toBeLessThan(Y.encodeStateAsUpdate(versionDoc(version)).length);

    const blocks = diffVersion(versionDoc(version), reloaded, attribution);
    expect(blocks.map((block) => [block.kind, diffText([block])])).toEqual([
      ['same', 'Keep this'],
      ['deleted', 'Drop this paragraph'],
    ]);
    expect(blocks[1]!.segments.every((segment) => segment.member === 'alice')).toBe(true);
  });

  it('marks a new paragraph inserted, and shows nothing for text typed and deleted between version and now', () => {
    const { history, alice, bob, attribution } = team();
    appendParagraph(alice, 'One');
    const version = saveVersion(history, alice, { name: null, author: 'alice' });
    appendParagraph(bob, 'Two');
    body(alice, 0).insert(3, ' gone');
    body(alice, 0).delete(3, 5);

    const blocks = diffVersion(versionDoc(version), alice, attribution);
    expect(segments(blocks)).toEqual([
      ['same', [['same', 'One', null]]],
      ['inserted', [['inserted', 'Two', 'bob']]],
    ]);
    expect(diffText(blocks, ['deleted'])).toBe('');
  });

  it('does not count text deleted before the version', () => {
    const { history, alice, attribution } = team();
    appendParagraph(alice, 'abcdef');
    body(alice, 0).delete(0, 3);
    const version = saveVersion(history, alice, { name: null, author: 'alice' });
    const blocks = diffVersion(versionDoc(version), alice, attribution);
    expect(segments(blocks)).toEqual([['same', [['same', 'def', null]]]]);
  });

  it('walks into lists and reports the block path and heading level', () => {
    const { history, alice, attribution } = team();
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 2 as unknown as string);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const paragraph = new Y.XmlElement('paragraph');
    alice.transact(() => {
      pageContent(alice).push([heading, list]);
      heading.push([new Y.XmlText('Plan')]);
      list.push([item]);
      item.push([paragraph]);
      paragraph.push([new Y.XmlText('first')]);
    });
    const version = saveVersion(history, alice, { name: null, author: 'alice' });
    alice.transact(() => list.delete(0, 1));

    const blocks = diffVersion(versionDoc(version), alice, attribution);
    expect(blocks.map(({ kind, type, path, level }) => ({ kind, type, path, level }))).toEqual([
      { kind: 'same', type: 'heading', path: [], level: 2 },
      { kind: 'deleted', type: 'paragraph', path: ['bulletList', 'listItem'], level: null },
    ]);
    expect(diffText(blocks, ['deleted'])).toBe('first');
  });

  it('reads text deleted and written again word for word as unchanged, inline and for whole paragraphs', () => {
    const { history, alice, bob, attribution } = team();
    appendParagraph(alice, 'Ship in spring.');
    appendParagraph(alice, 'Hire two engineers.');
    const version = saveVersion(history, alice, { name: null, author: 'alice' });
    body(alice, 0).delete(8, 6);
    body(alice, 0).insert(8, 'spring');
    pageContent(bob).delete(1, 1);
    appendParagraph(bob, 'Hire two engineers.');
    body(alice, 0).insert(0, 'Now: ');

    const blocks = diffVersion(versionDoc(version), alice, attribution);
    expect(segments(blocks)).toEqual([
      [
        'same',
        [
          ['inserted', 'Now: ', 'alice'],
          ['same', 'Ship in spring.', null],
        ],
      ],
      ['same', [['same', 'Hire two engineers.', null]]],
    ]);
  });

  it('reads a paragraph split in two as the same text in two paragraphs, with what was typed after it inserted', () => {
    const { history, alice, attribution } = team();
    appendParagraph(alice, 'Ship in spring. Hire two engineers.');
    appendParagraph(alice, 'The end.');
    const version = saveVersion(history, alice, { name: null, author: 'alice' });
    // What y-tiptap writes for Enter after "spring.": the rest leaves the paragraph for a new one.
    alice.transact(() => {
      body(alice, 0).delete(15, 20);
      const paragraph = new Y.XmlElement('paragraph');
      pageContent(alice).insert(1, [paragraph]);
      paragraph.insert(0, [new Y.XmlText(' Hire two engineers. Soon.')]);
    });

    expect(segments(diffVersion(versionDoc(version), alice, attribution))).toEqual([
      ['same', [['same', 'Ship in spring.', null]]],
      [
        'same',
        [
          ['same', ' Hire two engineers.', null],
          ['inserted', ' Soon.', 'alice'],
        ],
      ],
      ['same', [['same', 'The end.', null]]],
    ]);
  });
});
