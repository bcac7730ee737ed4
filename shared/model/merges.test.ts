import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { noteAuthor } from './authors';
import { appendParagraph, fragmentText, pageContent } from './content';
import { apartStates, destroyApart, findMerges } from './mergeDetect';
import { buildBlock, MAX_BLOCK_TEXT, parseBlock, serializeBlock, type BlockJson } from './mergeBlocks';
import { listMerges, MAX_MERGES, mergeMap, mergedBlock, mergedState, openMerges, recordMerges, reopenMerge, resolveMerge, taskMerges, type MergeData } from './merges';
import { Origin } from './origins';
import { addTask, deleteTask, getTask, updateTask } from './tasks';
import { write } from './workspace';

function replica(clientID: number, from?: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  return doc;
}

/** Types into the first paragraph's text at `offset` (clamped), or deletes `remove` characters there. */
function edit(doc: Y.Doc, offset: number, insert: string, remove = 0): void {
  const paragraph = pageContent(doc).get(0) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  write(doc, Origin.local, () => {
    if (remove) text.delete(offset, remove);
    if (insert) text.insert(Math.min(offset, text.length), insert);
  });
}

/**
 * Ben (client 2) and Mei (client 3) share `base`, part, each changes their copy, and Mei's device
 * reconnects: what it finds, and the doc as merged on her device.
 */
function apart(setup: (doc: Y.Doc) => void, ben: (doc: Y.Doc) => void, mei: (doc: Y.Doc) => void) {
  const origin = replica(1);
  setup(origin);
  const benDoc = replica(2, origin);
  const meiDoc = replica(3, origin);
  noteAuthor(benDoc, 'ben');
  noteAuthor(meiDoc, 'mei');
  const base = Y.encodeStateAsUpdate(meiDoc);
  ben(benDoc);
  mei(meiDoc);
  const local = Y.encodeStateAsUpdate(meiDoc);
  const fromRelay = Y.encodeStateAsUpdate(benDoc, Y.encodeStateVector(meiDoc));
  Y.applyUpdate(meiDoc, fromRelay, 'relay');
  const states = apartStates(base, local, [fromRelay], meiDoc)!;
  const found = findMerges(states, 1_000);
  destroyApart(states);
  return { found, mei: meiDoc, ben: benDoc };
}

const twoParagraphs = (doc: Y.Doc) => {
  appendParagraph(doc, 'The launch is on Monday.');
  appendParagraph(doc, 'Budget stays as planned.');
};

describe('merge review: paragraphs edited on both sides while apart', () => {
  it('flags the paragraph both rewrote, with each side as it was before the merge and who wrote it', () => {
    const { found, mei } = apart(
      twoParagraphs,
      (ben) => edit(ben, 17, 'Tuesday.', 7),
      (doc) => edit(doc, 17, 'Friday.', 7),
    );
    expect(found).toHaveLength(1);
    const [merge] = found;
    expect(merge!.kind).toBe('paragraph');
    const texts = merge!.sides.map((side) => fragmentText(wrap(side.block!)));
    expect(texts).toEqual(['The launch is on Friday.', 'The launch is on Tuesday.']);
    expect(merge!.sides.map((side) => side.members)).toEqual([['mei'], ['ben']]);
    // The merge itself holds both rewrites, interleaved; nothing was lost.
    expect(fragmentText(pageContent(mei))).toMatch(/Friday\./);
    expect(fragmentText(pageContent(mei))).toMatch(/Tuesday\./);
  });

  it('names who rewrote the paragraph on the other side when they typed on from words of theirs that were there before (one Yjs run), not everyone who wrote there', () => {
    const origin = replica(1);
    twoParagraphs(origin);
    const ben = replica(2, origin);
    noteAuthor(ben, 'ben');
    edit(ben, 24, ' Draft');
    const mei = replica(3, ben);
    const kai = replica(4, ben);
    noteAuthor(mei, 'mei');
    noteAuthor(kai, 'kai');
    const base = Y.encodeStateAsUpdate(mei);
    // Apart: Ben types on at the end of his own words; Kai changes the other paragraph; Mei rewrites Ben's.
    edit(ben, 30, ' two');
    const second = (pageContent(kai).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    write(kai, Origin.local, () => second.insert(0, 'Still: '));
    edit(mei, 17, 'Friday.', 13);
    const local = Y.encodeStateAsUpdate(mei);
    const fromRelay = [Y.encodeStateAsUpdate(ben, Y.encodeStateVector(mei)), Y.encodeStateAsUpdate(kai, Y.encodeStateVector(mei))];
    fromRelay.forEach((update) => Y.applyUpdate(mei, update, 'relay'));
    const states = apartStates(base, local, fromRelay, mei)!;
    const found = findMerges(states, 1_000);
    destroyApart(states);
    expect(found).toHaveLength(1);
    expect(found[0]!.sides.map((side) => fragmentText(wrap(side.block!)))).toEqual(['The launch is on Friday.', 'The launch is on Monday. Draft two']);
    expect(found[0]!.sides.map((side) => side.members)).toEqual([['mei'], ['ben']]);
  });

  it('does not flag paragraphs only one side changed, nor the same change made on both', () => {
    const { found } = apart(
      twoParagraphs,
      (ben) => {
        edit(ben, 0, 'Note: ');
      },
      (mei) => {
        const second = (pageContent(mei).get(1) as Y.XmlElement).get(0) as Y.XmlText;
        write(mei, Origin.local, () => second.insert(0, 'Still: '));
      },
    );
    expect(found).toEqual([]);
  });

  it('flags a paragraph one side deleted while the other rewrote it: the rewrite is not lost silently', () => {
    const { found, mei } = apart(
      twoParagraphs,
      (ben) => edit(ben, 24, ' Confirmed with the venue.'),
      (doc) => write(doc, Origin.local, () => pageContent(doc).delete(0, 1)),
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.sides[0]).toEqual({ members: ['mei'], block: null });
    expect(fragmentText(wrap(found[0]!.sides[1]!.block!))).toBe('The launch is on Monday. Confirmed with the venue.');
    recordMerges(mei, found);
    const [record] = openMerges(mei);
    resolveMerge(mei, record!.id, 1, 'mei', 2_000);
    expect(fragmentText(pageContent(mei))).toBe('The launch is on Monday. Confirmed with the venue.\nBudget stays as planned.');
  });

  it('restores either side, or keeps the merge, as one forward change the other copy converges to', () => {
    for (const choice of [0, 1, 'merged'] as const) {
      const { found, mei, ben } = apart(
        twoParagraphs,
        (doc) => edit(doc, 17, 'Tuesday.', 7),
        (doc) => edit(doc, 17, 'Friday.', 7),
      );
      recordMerges(mei, found);
      Y.applyUpdate(ben, Y.encodeStateAsUpdate(mei, Y.encodeStateVector(ben)));
      const merged = fragmentText(pageContent(mei));
      const [record] = openMerges(ben);
      const updates: unknown[] = [];
      ben.on('update', (_update: Uint8Array, origin: unknown) => updates.push(origin));
      resolveMerge(ben, record!.id, choice, 'ben', 5_000);
      expect(updates).toEqual([Origin.local]);
      Y.applyUpdate(mei, Y.encodeStateAsUpdate(ben, Y.encodeStateVector(mei)));
      const expected = { 0: 'The launch is on Friday.', 1: 'The launch is on Tuesday.', merged: merged.split('\n')[0] }[choice];
      for (const doc of [mei, ben]) {
        expect(fragmentText(pageContent(doc)).split('\n')[0]).toBe(expected);
        expect(openMerges(doc)).toEqual([]);
        expect(listMerges(doc)[0]!.resolved).toEqual({ by: 'ben', at: 5_000, choice });
      }
    }
  });

  it('rewrites the merged paragraph in place, so what someone types in it meanwhile stays', () => {
    const { found, mei, ben } = apart(
      twoParagraphs,
      (doc) => edit(doc, 17, 'Tuesday.', 7),
      (doc) => edit(doc, 17, 'Friday.', 7),
    );
    recordMerges(mei, found);
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(mei));
    const [record] = openMerges(mei);
    resolveMerge(mei, record!.id, 0, 'mei');
    edit(ben, 0, '>> ');
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(mei));
    Y.applyUpdate(mei, Y.encodeStateAsUpdate(ben));
    expect(fragmentText(pageContent(mei)).split('\n')[0]).toBe('>> The launch is on Friday.');
    expect(mergedBlock(mei, openMerges(mei)[0] ?? listMerges(mei)[0]!)).not.toBeNull();
  });

  it('takes a restore back (Undo) as a forward change, also when the block had to be rebuilt, and restoring again adds no copy', () => {
    const { found, mei } = apart(
      twoParagraphs,
      (doc) => edit(doc, 17, 'Tuesday.', 7),
      (doc) => {
        // Mei turns the paragraph into a heading's shape: a restore of her side must rebuild the block.
        const paragraph = pageContent(doc).get(0) as Y.XmlElement;
        write(doc, Origin.local, () => {
          paragraph.setAttribute('level', '2');
          (paragraph.get(0) as Y.XmlText).insert(24, ' (moved)');
          paragraph.insert(1, [new Y.XmlElement('hardBreak')]);
        });
      },
    );
    recordMerges(mei, found);
    const [record] = openMerges(mei);
    const merged = fragmentText(pageContent(mei));
    const before = mergedState(mei, record!);
    resolveMerge(mei, record!.id, 1, 'mei');
    expect(fragmentText(pageContent(mei)).split('\n')[0]).toBe('The launch is on Tuesday.');
    reopenMerge(mei, record!.id, before);
    expect(fragmentText(pageContent(mei))).toBe(merged);
    expect(openMerges(mei).map((open) => open.id)).toEqual([record!.id]);
    resolveMerge(mei, record!.id, 0, 'mei');
    expect(pageContent(mei).length).toBe(2);
    expect(fragmentText(pageContent(mei)).split('\n')[0]).toBe('The launch is on Monday. (moved)');
  });

  it('takes a task field restore back', () => {
    const { found, mei } = apart(
      (doc) => void addTask(doc, { title: 'Book venue', by: 'ana', id: 't1' }, 0),
      (doc) => updateTask(doc, 't1', { status: 'blocked' }, 10),
      (doc) => updateTask(doc, 't1', { status: 'done' }, 20),
    );
    recordMerges(mei, found);
    const [record] = openMerges(mei);
    const merged = getTask(mei, 't1')!.status;
    const before = mergedState(mei, record!);
    resolveMerge(mei, record!.id, merged === 'done' ? 1 : 0, 'mei');
    reopenMerge(mei, record!.id, before);
    expect(getTask(mei, 't1')!.status).toBe(merged);
    expect(taskMerges(mei, 't1')).toHaveLength(1);
  });

  it('keeps marks: a side is restored with its formatting', () => {
    const { found, mei } = apart(
      twoParagraphs,
      (doc) => edit(doc, 17, 'Tuesday.', 7),
      (doc) => {
        const text = (pageContent(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
        write(doc, Origin.local, () => {
          text.delete(17, 7);
          text.insert(17, 'Friday', { bold: {} });
          text.insert(23, '.', { bold: null });
        });
      },
    );
    recordMerges(mei, found);
    resolveMerge(mei, openMerges(mei)[0]!.id, 0, 'mei');
    const text = (pageContent(mei).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(text.toDelta()).toEqual([{ insert: 'The launch is on ' }, { insert: 'Friday', attributes: { bold: {} } }, { insert: '.' }]);
  });
});

describe('merge review: task fields set differently while apart', () => {
  const oneTask = (doc: Y.Doc) => void addTask(doc, { title: 'Book venue', by: 'ana', id: 't1' }, 0);

  it('flags Blocked against Done (today the later write wins silently) and restores either', () => {
    const { found, mei, ben } = apart(
      oneTask,
      (doc) => updateTask(doc, 't1', { status: 'blocked' }, 10),
      (doc) => updateTask(doc, 't1', { status: 'done' }, 20),
    );
    expect(found.map(({ kind, target, field, label, sides }) => ({ kind, target, field, label, sides }))).toEqual([
      { kind: 'task', target: 't1', field: 'status', label: 'Book venue', sides: [{ members: ['mei'], value: 'done' }, { members: ['ben'], value: 'blocked' }] },
    ]);
    recordMerges(mei, found);
    expect(taskMerges(mei, 't1')).toHaveLength(1);
    const merged = getTask(mei, 't1')!.status;
    resolveMerge(mei, taskMerges(mei, 't1')[0]!.id, merged === 'done' ? 1 : 0, 'mei', 30);
    expect(getTask(mei, 't1')!.status).toBe(merged === 'done' ? 'blocked' : 'done');
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(mei));
    expect(getTask(ben, 't1')!.status).toBe(getTask(mei, 't1')!.status);
    expect(taskMerges(ben, 't1')).toEqual([]);
  });

  it('flags assignees both changed (the merge holds both) and leaves fields one side set alone', () => {
    const { found } = apart(
      oneTask,
      (doc) => updateTask(doc, 't1', { assignees: ['ben'], dueDate: '2026-03-02' }),
      (doc) => updateTask(doc, 't1', { assignees: ['mei'] }),
    );
    expect(found.map((merge) => [merge.field, merge.sides.map((side) => side.value)])).toEqual([['assignees', [['mei'], ['ben']]]]);
  });

  it('leaves alone a task deleted meanwhile', () => {
    const { found } = apart(
      oneTask,
      (doc) => updateTask(doc, 't1', { status: 'blocked' }),
      (doc) => {
        updateTask(doc, 't1', { status: 'done' });
        deleteTask(doc, 't1');
      },
    );
    expect(found).toEqual([]);
  });

  it('two devices that find the same merge at once write one record', () => {
    const { found, mei } = apart(
      oneTask,
      (doc) => updateTask(doc, 't1', { status: 'blocked' }),
      (doc) => updateTask(doc, 't1', { status: 'done' }),
    );
    const mirrored: MergeData[] = found.map((merge) => ({ ...merge, sides: [merge.sides[1], merge.sides[0]] }));
    recordMerges(mei, found);
    recordMerges(mei, mirrored);
    expect(listMerges(mei)).toHaveLength(1);
  });
});

describe('merge review: blocks as JSON, and records anyone may have written', () => {
  it('round-trips a block with attributes, marks and nested children', () => {
    const doc = replica(9);
    const heading = buildBlock({ name: 'heading', attrs: { level: 2 }, children: [{ text: [{ insert: 'Plan ' }, { insert: 'B', attributes: { italic: {}, link: { href: 'https://baton.test' } } }] }] });
    const list = buildBlock({ name: 'bulletList', children: [{ name: 'listItem', children: [{ name: 'paragraph', children: [{ text: [{ insert: 'one' }] }] }] }] });
    pageContent(doc).insert(0, [heading, list]);
    const json = (pageContent(doc).toArray() as Y.XmlElement[]).map((element) => serializeBlock(element).block);
    expect(json.map((block) => parseBlock(JSON.parse(JSON.stringify(block))))).toEqual(json);
    const copy = replica(10);
    pageContent(copy).insert(0, json.map((block) => buildBlock(block)));
    expect(pageContent(copy).toString()).toBe(pageContent(doc).toString());
  });

  it('cuts a side over the text cap and will not restore it', () => {
    const long = 'x'.repeat(MAX_BLOCK_TEXT + 10);
    const { found, mei } = apart(
      twoParagraphs,
      (doc) => edit(doc, 0, long),
      (doc) => edit(doc, 0, 'Short. '),
    );
    expect(found[0]!.sides[1]).toMatchObject({ truncated: true });
    recordMerges(mei, found);
    expect(() => resolveMerge(mei, openMerges(mei)[0]!.id, 1, 'mei')).toThrow(/too long/);
  });

  it('skips crafted records and keeps at most MAX_MERGES', () => {
    const doc = replica(11);
    const crafted: unknown[] = [
      'not a map value',
      { kind: 'paragraph', at: 1, target: 'x', field: null, label: '', sides: [{ members: [] }], place: null },
      { kind: 'task', at: 1, target: 't', field: 'createdBy', label: '', sides: [{ members: [], value: 'a' }, { members: [], value: 'b' }], place: null },
      { kind: 'paragraph', at: 1, target: 'x', field: null, label: '', sides: [{ members: [], block: { name: '<script>' } }, { members: [], block: null }], place: null },
      { kind: 'paragraph', at: 1, target: 'x', field: null, label: '', sides: [{ members: [], block: deep(50) }, { members: [], block: null }], place: null },
      { kind: 'paragraph', at: 1, target: 'x', field: null, label: '', sides: [{ members: [], block: { name: 'p', children: [{ text: [{ insert: 'y'.repeat(MAX_BLOCK_TEXT + 1) }] }] } }, { members: [], block: null }], place: null },
    ];
    write(doc, Origin.sync, () =>
      crafted.forEach((data, i) => {
        const entry = new Y.Map<unknown>();
        entry.set('data', data);
        mergeMap(doc).set(`bad${i}`, entry);
      }),
    );
    expect(listMerges(doc)).toEqual([]);
    const many: MergeData[] = Array.from({ length: MAX_MERGES + 20 }, (_, i) => ({
      kind: 'task',
      at: i,
      target: `t${i}`,
      field: 'status',
      label: '',
      sides: [{ members: [], value: 'done' }, { members: [], value: 'blocked' }],
      place: null,
    }));
    recordMerges(doc, many);
    expect(mergeMap(doc).size).toBe(MAX_MERGES);
    expect(listMerges(doc)).toHaveLength(MAX_MERGES);
    // The oldest went first, and the crafted ones before any.
    expect(Math.min(...listMerges(doc).map((record) => record.at))).toBe(20);
  });
});

function wrap(block: BlockJson): Y.XmlFragment {
  const doc = new Y.Doc();
  pageContent(doc).insert(0, [buildBlock(block)]);
  return pageContent(doc);
}

function deep(levels: number): BlockJson {
  let block: BlockJson = { name: 'p' };
  for (let i = 0; i < levels; i++) block = { name: 'blockquote', children: [block] };
  return block;
}
