import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { answerCheckIn, handOff, replyToThread } from '../model';
import { noteAuthor } from '../model/authors';
import { createThread } from '../model/comments';
import { anchorFromRange } from '../model/comments-anchor';
import { appendParagraph, pageContent } from '../model/content';
import { keepSeenMarks, readSeenMarks } from '../model/seen';
import { addTaskComment } from '../model/taskComments';
import { addTask, updateTask } from '../model/tasks';
import { recordSuggestion } from '../model/suggestions';
import { openMerges, recordMerges, resolveMerge } from '../model/merges';
import { baselineOf, decodeBaseline, encodeBaseline } from './baseline';
import { changedBlocks } from './changes';
import { Emitter } from '../sync/emitter';
import type { DocEvent } from '../sync/types';
import type { WorkspaceSync } from '../sync/workspaceSync';
import { feedInbox, readAfterChanges } from './feed';
import { Inbox } from './inbox';

/** A copy of a page on one person's device: a doc whose changes are noted as theirs. */
function device(member: string): Y.Doc {
  const doc = new Y.Doc();
  noteAuthor(doc, member);
  return doc;
}

function exchange(...docs: Y.Doc[]): void {
  for (const from of docs) for (const to of docs) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/** Mei's inbox, with news of a paragraph Aiko wrote on a page made since Mei joined. */
function withNews(): { mine: Y.Doc; inbox: Inbox } {
  const mine = device('mei');
  const theirs = device('aiko');
  const inbox = new Inbox({ me: 'mei' });
  inbox.loaded('page', mine, true);
  appendParagraph(theirs, 'Hello.');
  exchange(mine, theirs);
  inbox.read('page', mine);
  return { mine, inbox };
}

describe('catch-up inbox', () => {
  it('lists what others did since the page was last seen here — text by whom, threads, replies, suggestions — and not my own changes', () => {
    const mine = device('mei');
    const theirs = device('aiko');
    const first = appendParagraph(theirs, 'The plan for Q3.');
    const thread = createThread(theirs, { ...anchorFromRange(first, 4, 4), author: 'aiko', parts: [{ text: 'Is this final?' }], at: 10 });
    exchange(mine, theirs);
    const inbox = new Inbox({ me: 'mei' });
    inbox.loaded('page', mine, false);
    inbox.read('page', mine);
    expect(inbox.list()).toEqual([]);

    // Apart: Aiko writes and answers; Mei writes too.
    appendParagraph(theirs, 'Hiring starts in July.');
    replyToThread(theirs, thread, { author: 'aiko', parts: [{ text: 'Yes, final.' }], at: 20 });
    recordSuggestion(theirs, 's1', 'aiko', 30);
    appendParagraph(mine, 'Mine.');
    exchange(mine, theirs);
    inbox.read('page', mine);

    const [news] = inbox.list();
    expect(news?.people).toEqual(['aiko']);
    expect(news?.text).toEqual({ added: { aiko: 'Hiring starts in July.'.length }, removed: 0 });
    expect(news?.replies).toEqual([{ by: 'aiko', at: 20, quote: 'Yes, final.' }]);
    expect(news?.threads).toEqual([]);
    expect(news?.suggestions).toEqual([{ by: 'aiko', at: 30 }]);
    expect(news?.at).toBe(30);

    // The changes themselves: the new paragraph, marked as Aiko's; Mei's own is not news.
    const { blocks } = changedBlocks(mine, inbox.startOf('page')!, 'mei');
    expect(blocks.map((block) => block.runs)).toEqual([[{ text: 'Hiring starts in July.', added: true, by: 'aiko' }]]);
  });

  it('text typed on at the end of a sentence read before is news, though Yjs merges it into the same run as the old words', () => {
    const mine = device('ben');
    const theirs = device('aiko');
    const body = appendParagraph(theirs, 'Our plan for the year.');
    exchange(mine, theirs);
    const inbox = new Inbox({ me: 'ben' });
    inbox.loaded('page', mine, false);
    inbox.read('page', mine);
    const start = inbox.startOf('page')!;

    theirs.transact(() => body.insert(body.length, ' Hiring starts in July.'));
    exchange(mine, theirs);
    // What makes it hard: on Ben's copy the old and the new words are one item now.
    const paragraph = (mine.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(paragraph._start?.right ?? null).toBeNull();
    inbox.read('page', mine);
    expect(inbox.list()[0]?.text).toEqual({ added: { aiko: ' Hiring starts in July.'.length }, removed: 0 });
    expect(changedBlocks(mine, start, 'ben').blocks.map((block) => block.runs)).toEqual([
      [
        { text: 'Our plan for the year.', added: false, by: '' },
        { text: ' Hiring starts in July.', added: true, by: 'aiko' },
      ],
    ]);

    // Ben removes words across the old and the new, then Aiko removes old ones: only the old words
    // Ben removed are his; hers are news.
    const sync = { docLoaded: new Emitter<DocEvent>(), docSynced: new Emitter<DocEvent>() };
    const fed = new Inbox({ me: 'ben' });
    fed.loadedAs('page', start, false);
    const stop = feedInbox(sync as unknown as WorkspaceSync, fed, { isNews: () => true, newToMe: () => false });
    sync.docLoaded.emit({ docId: 'page', doc: mine, background: false });
    mine.transact(() => paragraph.delete('Our plan for the '.length, 'year. Hiring'.length));
    exchange(mine, theirs);
    theirs.transact(() => body.delete(0, 'Our '.length));
    exchange(mine, theirs);
    sync.docSynced.emit({ docId: 'page', doc: mine, background: false });
    expect(fed.list()[0]?.text).toEqual({ added: { aiko: ' starts in July.'.length }, removed: 'Our '.length });
    stop();
  });

  it('counts text removed since, and a new thread with its first message as one thread', () => {
    const mine = device('mei');
    const theirs = device('aiko');
    const text = appendParagraph(theirs, 'Twelve words of text here.');
    exchange(mine, theirs);
    const inbox = new Inbox({ me: 'mei' });
    inbox.loaded('page', mine, false);
    theirs.transact(() => text.delete(0, 7));
    createThread(theirs, { ...anchorFromRange(text, 0, 5), author: 'aiko', parts: [{ text: 'Shorter now' }], at: 5 });
    exchange(mine, theirs);
    inbox.read('page', mine);
    const [news] = inbox.list();
    expect(news?.text).toEqual({ added: {}, removed: 7 });
    expect(news?.threads).toEqual([{ by: 'aiko', at: 5, quote: 'Shorter now' }]);
    expect(news?.replies).toEqual([]);
  });

  it('tells which task fields others set, new tasks, handoffs and comments on tasks', () => {
    const mine = device('mei');
    const theirs = device('lena');
    const task = addTask(theirs, { title: 'Ship it', by: 'lena' }, 1);
    exchange(mine, theirs);
    const inbox = new Inbox({ me: 'mei' });
    inbox.loaded('list', mine, false);

    updateTask(theirs, task, { status: 'blocked' }, 2);
    const notes = addTask(theirs, { title: 'Write notes', by: 'lena' }, 3);
    const mine_ = addTask(mine, { title: 'Mine', by: 'mei' }, 3);
    exchange(mine, theirs);
    updateTask(mine, notes, { status: 'done' }, 3);
    updateTask(theirs, mine_, { dueDate: '2027-01-04' }, 3);
    handOff(theirs, { taskId: task, from: 'lena', to: 'mei', note: { done: 'Built', next: 'Test', questions: '' } }, 4);
    addTaskComment(theirs, task, { author: 'lena', parts: [{ text: 'Stuck on review' }], at: 5 });
    updateTask(mine, task, { title: 'Ship it now' }, 6);
    exchange(mine, theirs);
    inbox.read('list', mine);

    const [news] = inbox.list();
    const byTitle = new Map(news?.tasks.map((entry) => [entry.title, entry]));
    // Made since: told once, as its maker's. Mine, changed by Lena since: a change.
    expect(byTitle.get('Write notes')).toMatchObject({ created: true, by: ['lena'] });
    expect(byTitle.get('Mine')).toMatchObject({ created: false, fields: ['dueDate'], by: ['lena'] });
    // Mei's own title change is no news; Lena's status and the handoff's assignment are.
    expect(byTitle.get('Ship it now')?.fields).toEqual(expect.arrayContaining(['status', 'assignees']));
    expect(byTitle.get('Ship it now')?.fields).not.toContain('title');
    expect(news?.handoffs).toEqual([{ task: 'Ship it now', from: 'lena', to: 'mei', at: 4 }]);
    expect(news?.taskComments).toEqual([{ by: 'lena', at: 5, task: 'Ship it now' }]);
  });

  it('lists a check-in answered since, with what blocks its author', () => {
    const mine = device('mei');
    const theirs = device('lena');
    const inbox = new Inbox({ me: 'mei', blockedQuestions: new Set(['blocked']) });
    inbox.loaded('checkins-202611', mine, true);
    answerCheckIn(theirs, { member: 'lena', day: '2026-11-30', answers: [{ question: 'done', text: 'Slides' }, { question: 'blocked', text: 'Waiting on legal' }] }, 9);
    exchange(mine, theirs);
    inbox.read('checkins-202611', mine);
    expect(inbox.list()[0]?.checkIns).toEqual([{ by: 'lena', day: '2026-11-30', at: 9, blocked: 'Waiting on legal' }]);
  });

  it('lists merges found since that wait for review — whoever’s device found them, and whoever the sides were', () => {
    const mine = device('mei');
    const theirs = device('lena');
    const task = addTask(theirs, { title: 'Ship it', by: 'lena' }, 1);
    exchange(mine, theirs);
    const inbox = new Inbox({ me: 'mei' });
    inbox.loaded('list', mine, false);
    recordMerges(mine, [{ kind: 'task', at: 7, target: task, field: 'status', label: 'Ship it', sides: [{ members: ['mei'], value: 'blocked' }, { members: ['lena'], value: 'done' }], place: null }]);
    inbox.read('list', mine);
    expect(inbox.list()[0]?.merges).toEqual([{ kind: 'task', label: 'Ship it', field: 'status', people: ['mei', 'lena'] }]);
    resolveMerge(mine, openMerges(mine)[0]!.id, 'merged', 'mei', 8);
    inbox.read('list', mine);
    expect(inbox.list()).toEqual([]);
  });

  it('text I removed is not news to me; text others removed is (fed as the app feeds it)', () => {
    const mine = device('mei');
    const theirs = device('aiko');
    const text = appendParagraph(theirs, 'Twelve words of text here.');
    exchange(mine, theirs);
    const sync = { docLoaded: new Emitter<DocEvent>(), docSynced: new Emitter<DocEvent>() };
    const inbox = new Inbox({ me: 'mei' });
    const stop = feedInbox(sync as unknown as WorkspaceSync, inbox, { isNews: () => true, newToMe: () => false });
    sync.docLoaded.emit({ docId: 'page', doc: mine, background: false });
    mine.transact(() => (mine.getXmlFragment('content').get(0) as Y.XmlElement).get(0) instanceof Y.XmlText && ((mine.getXmlFragment('content').get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 7));
    sync.docSynced.emit({ docId: 'page', doc: mine, background: false });
    expect(inbox.list()).toEqual([]);
    exchange(mine, theirs);
    theirs.transact(() => text.delete(text.length - 5, 5));
    exchange(mine, theirs);
    sync.docSynced.emit({ docId: 'page', doc: mine, background: false });
    expect(inbox.list()[0]?.text).toEqual({ added: {}, removed: 5 });
    stop();
  });

  it('a page loaded before its record reached the index is still read from what the device held then', () => {
    const mine = device('mei');
    const theirs = device('aiko');
    appendParagraph(theirs, 'Before.');
    exchange(mine, theirs);
    const sync = { docLoaded: new Emitter<DocEvent>(), docSynced: new Emitter<DocEvent>() };
    const inbox = new Inbox({ me: 'mei' });
    let known = false;
    const stop = feedInbox(sync as unknown as WorkspaceSync, inbox, { isNews: () => known, newToMe: () => false });
    sync.docLoaded.emit({ docId: 'page', doc: mine, background: true });
    appendParagraph(theirs, 'After.');
    exchange(mine, theirs);
    // The index brings the page's record only now, and the page's sync is done.
    known = true;
    sync.docSynced.emit({ docId: 'page', doc: mine, background: true });
    expect(inbox.list()[0]?.text?.added).toEqual({ aiko: 'After.'.length });
    stop();
  });

  it('a page this device never held: new since I joined is news whole; one that was there before starts where it is', () => {
    const theirs = device('aiko');
    appendParagraph(theirs, 'Written before Mei joined.');
    const old = device('mei');
    const made = device('mei');
    const inbox = new Inbox({ me: 'mei' });
    inbox.loaded('old', old, false);
    inbox.loaded('new', made, true);
    exchange(old, theirs);
    exchange(made, theirs);
    inbox.read('old', old);
    inbox.read('new', made);
    expect(inbox.list().map((news) => news.docId)).toEqual(['new']);
  });

  it('a device that lost what it noted tells a page made since I joined as news again, rather than hide it', () => {
    const mine = device('mei');
    const theirs = device('aiko');
    appendParagraph(theirs, 'Made after Mei joined.');
    exchange(mine, theirs);
    // The device holds the page, but its inbox has no note of it (its save was lost).
    const inbox = new Inbox({ me: 'mei' });
    inbox.loaded('page', mine, true);
    inbox.read('page', mine);
    expect(inbox.list()[0]?.text?.added).toEqual({ aiko: 'Made after Mei joined.'.length });
  });

  it('marking seen clears the news here and gives marks that clear it on the person’s other device', () => {
    const laptop = device('mei');
    const desktop = device('mei');
    const theirs = device('aiko');
    appendParagraph(theirs, 'Start.');
    exchange(laptop, desktop, theirs);
    const onLaptop = new Inbox({ me: 'mei' });
    const onDesktop = new Inbox({ me: 'mei' });
    onLaptop.loaded('page', laptop, false);
    onDesktop.loaded('page', desktop, false);
    appendParagraph(theirs, 'News.');
    exchange(laptop, desktop, theirs);
    onLaptop.read('page', laptop);
    onDesktop.read('page', desktop);
    expect(onDesktop.list()).toHaveLength(1);

    // The laptop marks it seen; the mark reaches the desktop through the person's seen doc.
    const seenOnLaptop = new Y.Doc();
    keepSeenMarks(seenOnLaptop, onLaptop.markSeen());
    expect(onLaptop.list()).toEqual([]);
    const seenOnDesktop = new Y.Doc();
    exchange(seenOnLaptop, seenOnDesktop);
    onDesktop.setMarks(readSeenMarks(seenOnDesktop));
    expect(onDesktop.list()).toEqual([]);
    expect(onDesktop.docsToRead()).toEqual([]);

    // What comes after the mark is news again, and only that.
    appendParagraph(theirs, 'More.');
    exchange(laptop, desktop, theirs);
    onDesktop.read('page', desktop);
    expect(onDesktop.list()[0]?.text?.added).toEqual({ aiko: 'More.'.length });
  });

  it('a mark that does not hold what this device read sends the doc to be read again', () => {
    const mine = device('mei');
    const other = device('aiko');
    const inbox = new Inbox({ me: 'mei' });
    inbox.loaded('page', mine, false);
    appendParagraph(other, 'One.');
    exchange(mine, other);
    inbox.read('page', mine);
    // A mark from another device that had not yet received "One.".
    inbox.setMarks(new Map([['page', encodeBaseline({ sv: new Map(), length: 0 })]]));
    expect(inbox.docsToRead()).toEqual(['page']);
  });

  it('keeps its news on the device across a restart; a damaged save is dropped, not trusted', () => {
    const { inbox } = withNews();
    const restarted = new Inbox({ me: 'mei' });
    restarted.load(inbox.serialize());
    expect(restarted.list()).toEqual(inbox.list());
    expect(restarted.startOf('page')).toEqual(inbox.startOf('page'));

    const damaged = new Inbox({ me: 'mei' });
    damaged.load('{"version":1,"entries":{"page":{"base":"@@","now":null,"news":{"docId":"page"}}}}');
    expect(damaged.list()).toEqual([]);
    damaged.load('not json');
    expect(damaged.isLoaded()).toBe(true);
  });

  it('keeps the saved news of a doc loaded (another view opened it) before the save came in, offline', () => {
    const { mine, inbox } = withNews();
    const saved = inbox.serialize();
    // A restart, offline: the task index or a notification opens the doc before the saved inbox is read.
    const restarted = new Inbox({ me: 'mei' });
    restarted.loaded('page', mine, true);
    restarted.load(saved);
    expect(restarted.list()).toEqual(inbox.list());
    expect(restarted.list()).toHaveLength(1);
  });

  it('a late read of an older copy of the doc does not take news back', () => {
    const theirs = device('aiko');
    const inbox = new Inbox({ me: 'mei' });
    const older = new Y.Doc();
    appendParagraph(theirs, 'Before.');
    exchange(older, theirs);
    inbox.loaded('page', older, false);
    const newer = new Y.Doc();
    appendParagraph(theirs, 'Hello.');
    exchange(newer, theirs);
    inbox.read('page', newer);
    // The copy loaded before the sync, closed since, read by a timer that fired late.
    inbox.read('page', older);
    expect(inbox.list()[0]?.text?.added).toEqual({ aiko: 'Hello.'.length });
  });

  it('a read waiting on a copy of a doc that is unloaded happens as it goes, not later', () => {
    vi.useFakeTimers();
    try {
      const doc = new Y.Doc();
      const theirs = device('aiko');
      const reads: number[] = [];
      readAfterChanges(doc, 500, () => reads.push(doc.getXmlFragment('content').length), new Set(), { othersOnly: true });
      appendParagraph(theirs, 'Late.');
      exchange(doc, theirs);
      doc.destroy();
      expect(reads).toEqual([1]);
      vi.advanceTimersByTime(1_000);
      expect(reads).toEqual([1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a baseline survives encoding, and bytes that are not one read as none', () => {
    const doc = device('mei');
    appendParagraph(doc, 'Text.');
    pageContent(doc);
    const baseline = baselineOf(doc);
    expect(decodeBaseline(encodeBaseline(baseline))).toEqual(baseline);
    expect(decodeBaseline(new Uint8Array([5, 200, 200, 200]))).toBeNull();
    expect(decodeBaseline(new Uint8Array([1, 0, 7]))).toBeNull();
  });
});
