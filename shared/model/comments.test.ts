import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendParagraph, pageContent } from './content';
import {
  commentMap,
  createThread,
  deleteMessage,
  editMessage,
  getThread,
  listThreads,
  replyToThread,
  resolveAnchor,
  setThreadResolved,
  toggleReaction,
} from './comments';
import { anchorFromRange } from './comments-anchor';
import { mentionedMembers, partsText, type CommentPart } from './comments-parts';
import { ModelError } from './errors';
import { syncDocs } from './testing';

function catchReason(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof ModelError) return error.reason;
    throw error;
  }
}

const say = (text: string): CommentPart[] => [{ text }];

/** A page with one paragraph per line, and a thread on `length` characters at `index` of paragraph `p`. */
function page(...lines: string[]): { doc: Y.Doc; texts: Y.XmlText[] } {
  const doc = new Y.Doc();
  const texts = lines.map((line) => appendParagraph(doc, line));
  return { doc, texts };
}

function threadOn(doc: Y.Doc, text: Y.XmlText, index: number, length: number, author = 'ann'): string {
  const anchor = anchorFromRange(text, index, length);
  return createThread(doc, { ...anchor, author, parts: say('Why?'), at: 5 });
}

/** What a reader sees of an anchor: its state and text. */
function anchorOf(doc: Y.Doc, id: string): { state: string; text?: string } {
  const anchor = resolveAnchor(doc, getThread(doc, id)!);
  return anchor.state === 'live' ? { state: anchor.state, text: anchor.text } : anchor;
}

/** The text between a live anchor's current positions, as an editor would find them. */
function textAt(doc: Y.Doc, id: string): string {
  const anchor = resolveAnchor(doc, getThread(doc, id)!);
  if (anchor.state !== 'live') return '';
  const start = Y.createAbsolutePositionFromRelativePosition(anchor.start, doc)!;
  const end = Y.createAbsolutePositionFromRelativePosition(anchor.end, doc)!;
  expect(end.type).toBe(start.type);
  return (start.type as Y.XmlText).toString().slice(start.index, end.index);
}

describe('createThread', () => {
  it('stores the thread with its first message, authored and timestamped', () => {
    const { doc, texts } = page('The quick brown fox');
    const anchor = anchorFromRange(texts[0]!, 4, 5);
    expect(anchor.quote).toBe('quick');
    const id = createThread(doc, { ...anchor, author: 'ann', parts: [{ text: 'Faster? ' }, { mention: 'bob' }], at: 7 });
    const thread = getThread(doc, id)!;
    expect(thread).toMatchObject({ id, createdAt: 7, createdBy: 'ann', quote: 'quick', resolved: false, resolvedBy: null, resolvedAt: null });
    expect(thread.messages).toEqual([
      { id: expect.any(String), author: 'ann', at: 7, parts: [{ text: 'Faster? ' }, { mention: 'bob' }], editedAt: null, deleted: false, reactions: {} },
    ]);
    expect(anchorOf(doc, id)).toEqual({ state: 'live', text: 'quick' });
    expect(listThreads(doc).map((t) => t.id)).toEqual([id]);
  });

  it('rejects empty, whitespace-only, oversized and malformed messages', () => {
    const { doc, texts } = page('Hello');
    const anchor = anchorFromRange(texts[0]!, 0, 5);
    const create = (parts: CommentPart[]) => () => createThread(doc, { ...anchor, author: 'ann', parts });
    expect(catchReason(create([]))).toBe('invalid-input');
    expect(catchReason(create(say('   ')))).toBe('invalid-input');
    expect(catchReason(create(say('x'.repeat(10_001))))).toBe('invalid-input');
    expect(catchReason(create([{ text: 'x'.repeat(5_000) }, { text: 'y'.repeat(5_001) }]))).toBe('invalid-input');
    expect(catchReason(create([{ mention: 'not an id!' }]))).toBe('invalid-input');
    expect(catchReason(create([{ bogus: 1 } as unknown as CommentPart]))).toBe('invalid-input');
    expect(listThreads(doc)).toEqual([]);
    expect(catchReason(create(say('x'.repeat(10_000))))).toBeNull();
    expect(catchReason(create([{ mention: 'bob' }]))).toBeNull();
  });

  it('rejects a range with no text in it', () => {
    const { doc, texts } = page('Hello');
    const at = Y.createRelativePositionFromTypeIndex(texts[0]!, 2);
    expect(catchReason(() => createThread(doc, { start: at, end: at, quote: '', author: 'ann', parts: say('hm') }))).toBe('invalid-input');
  });

  it('anchors a selection to the characters it covers, whatever the positions lean to', () => {
    const { doc, texts } = page('one', 'two');
    // As an editor reports "from the end of paragraph 1 to the start of paragraph 2" plus "tw".
    const start = Y.createRelativePositionFromTypeIndex(texts[0]!, 3, 0);
    const end = Y.createRelativePositionFromTypeIndex(texts[1]!, 2, 0);
    const id = createThread(doc, { start, end, quote: 'tw', author: 'ann', parts: say('x') });
    expect(anchorOf(doc, id)).toEqual({ state: 'live', text: 'tw' });
    texts[0]!.insert(3, '!'); // typed right before the range
    texts[1]!.insert(2, '?'); // typed right after it
    expect(anchorOf(doc, id)).toEqual({ state: 'live', text: 'tw' });
  });
});

describe('resolveAnchor', () => {
  it('keeps text typed just outside the range out, and text typed inside in', () => {
    const { doc, texts } = page('abcdef');
    const id = threadOn(doc, texts[0]!, 2, 2); // "cd"
    texts[0]!.insert(2, 'X');
    texts[0]!.insert(5, 'Y');
    expect(texts[0]!.toString()).toBe('abXcdYef');
    expect(anchorOf(doc, id)).toEqual({ state: 'live', text: 'cd' });
    texts[0]!.insert(4, 'Z');
    expect(anchorOf(doc, id)).toEqual({ state: 'live', text: 'cZd' });
  });

  it('reads the surviving characters, then "deleted" with the quote kept once all are gone', () => {
    const { doc, texts } = page('abcdef');
    const id = threadOn(doc, texts[0]!, 1, 4); // "bcde"
    texts[0]!.delete(1, 1);
    expect(anchorOf(doc, id)).toEqual({ state: 'live', text: 'cde' });
    texts[0]!.delete(3, 1);
    expect(anchorOf(doc, id)).toEqual({ state: 'live', text: 'cd' });
    expect(textAt(doc, id)).toBe('cd');
    texts[0]!.delete(1, 2);
    expect(texts[0]!.toString()).toBe('af');
    expect(anchorOf(doc, id)).toEqual({ state: 'deleted' });
    texts[0]!.insert(1, 'new'); // typed where the text was: not what the thread was on
    expect(anchorOf(doc, id)).toEqual({ state: 'deleted' });
    expect(getThread(doc, id)!.quote).toBe('bcde');
    expect(listThreads(doc)).toHaveLength(1);
  });

  it('keeps overlapping and nested threads independent', () => {
    const { doc, texts } = page('0123456789');
    const outer = threadOn(doc, texts[0]!, 1, 8); // 12345678
    const inner = threadOn(doc, texts[0]!, 3, 2); // 34
    const overlap = threadOn(doc, texts[0]!, 4, 5); // 45678
    texts[0]!.delete(3, 2);
    expect(anchorOf(doc, outer)).toEqual({ state: 'live', text: '125678' });
    expect(anchorOf(doc, inner)).toEqual({ state: 'deleted' });
    expect(anchorOf(doc, overlap)).toEqual({ state: 'live', text: '5678' });
  });

  it('spans paragraphs, and survives the deletion of the paragraph it starts in', () => {
    const { doc, texts } = page('alpha', 'beta', 'gamma');
    const start = anchorFromRange(texts[0]!, 2, 3).start; // "pha"
    const end = anchorFromRange(texts[2]!, 0, 2).end; // "ga"
    const id = createThread(doc, { start, end, quote: 'pha beta ga', author: 'ann', parts: say('x') });
    expect(anchorOf(doc, id)).toEqual({ state: 'live', text: 'pha\nbeta\nga' });
    pageContent(doc).delete(0, 1); // the whole first paragraph
    expect(anchorOf(doc, id)).toEqual({ state: 'live', text: 'beta\nga' });
    pageContent(doc).delete(1, 1); // the last one
    expect(anchorOf(doc, id)).toEqual({ state: 'live', text: 'beta' });
    // Its current ends are on what is left, for an editor to highlight.
    expect(textAt(doc, id)).toBe('beta');
    pageContent(doc).delete(0, 1);
    expect(anchorOf(doc, id)).toEqual({ state: 'deleted' });
  });

  it('resolves the same on a replica that only ever saw the result', () => {
    const { doc, texts } = page('alpha', 'beta');
    const id = createThread(doc, {
      start: anchorFromRange(texts[0]!, 1, 1).start,
      end: anchorFromRange(texts[1]!, 1, 1).end,
      quote: '',
      author: 'ann',
      parts: say('x'),
    });
    pageContent(doc).delete(0, 1);
    const other = new Y.Doc();
    syncDocs(doc, other);
    expect(anchorOf(other, id)).toEqual({ state: 'live', text: 'be' });
  });
});

describe('messages', () => {
  it('replies in order; only the author edits or deletes, and a deleted message is blanked', () => {
    const { doc, texts } = page('Hello world');
    const id = threadOn(doc, texts[0]!, 0, 5, 'ann');
    const reply = replyToThread(doc, id, { author: 'bob', parts: say('Agreed'), at: 9 });
    expect(getThread(doc, id)!.messages.map((m) => [m.author, m.at, m.parts])).toEqual([
      ['ann', 5, say('Why?')],
      ['bob', 9, say('Agreed')],
    ]);
    expect(catchReason(() => editMessage(doc, id, reply, 'ann', say('hijack')))).toBe('forbidden');
    expect(catchReason(() => deleteMessage(doc, id, reply, 'ann'))).toBe('forbidden');
    editMessage(doc, id, reply, 'bob', say('Agreed, mostly'));
    const edited = getThread(doc, id)!.messages[1]!;
    expect(edited.parts).toEqual(say('Agreed, mostly'));
    expect(edited.editedAt).toEqual(expect.any(Number));
    deleteMessage(doc, id, reply, 'bob');
    expect(getThread(doc, id)!.messages[1]).toMatchObject({ id: reply, author: 'bob', deleted: true, parts: [] });
    expect(catchReason(() => editMessage(doc, id, reply, 'bob', say('back')))).toBe('invalid-input');
    expect(catchReason(() => editMessage(doc, id, 'nope', 'bob', say('x')))).toBe('not-found');
    expect(catchReason(() => replyToThread(doc, 'nope', { author: 'bob', parts: say('x') }))).toBe('not-found');
  });

  it('toggles reactions per member and emoji, listing members sorted', () => {
    const { doc, texts } = page('Hello');
    const id = threadOn(doc, texts[0]!, 0, 5);
    const first = getThread(doc, id)!.messages[0]!.id;
    toggleReaction(doc, id, first, '👍', 'cat');
    toggleReaction(doc, id, first, '👍', 'bob');
    toggleReaction(doc, id, first, '🎉', 'bob');
    expect(getThread(doc, id)!.messages[0]!.reactions).toEqual({ '👍': ['bob', 'cat'], '🎉': ['bob'] });
    toggleReaction(doc, id, first, '🎉', 'bob');
    toggleReaction(doc, id, first, '👍', 'cat');
    expect(getThread(doc, id)!.messages[0]!.reactions).toEqual({ '👍': ['bob'] });
    expect(catchReason(() => toggleReaction(doc, id, first, 'x'.repeat(17), 'bob'))).toBe('invalid-input');
    expect(catchReason(() => toggleReaction(doc, id, first, '', 'bob'))).toBe('invalid-input');
  });

  it('keeps both of two first reactions with one emoji made at once on two replicas', () => {
    const { doc, texts } = page('Hello');
    const id = threadOn(doc, texts[0]!, 0, 5);
    const first = getThread(doc, id)!.messages[0]!.id;
    const other = new Y.Doc();
    syncDocs(doc, other);
    toggleReaction(doc, id, first, '👍', 'ann');
    toggleReaction(other, id, first, '👍', 'bob');
    syncDocs(doc, other);
    expect(getThread(doc, id)!.messages[0]!.reactions).toEqual({ '👍': ['ann', 'bob'] });
    expect(getThread(other, id)!.messages[0]!.reactions).toEqual({ '👍': ['ann', 'bob'] });
  });

  it('reads and toggles off reactions stored per emoji by another client', () => {
    const { doc, texts } = page('Hello');
    const id = threadOn(doc, texts[0]!, 0, 5);
    const first = getThread(doc, id)!.messages[0]!.id;
    doc.transact(() => {
      const message = (commentMap(doc).get(id) as Y.Map<unknown>).get('messages') as Y.Array<Y.Map<unknown>>;
      const members = new Y.Map<unknown>();
      (message.get(0).get('reactions') as Y.Map<unknown>).set('🎉', members);
      members.set('cat', true);
      members.set('dan', true);
    });
    toggleReaction(doc, id, first, '🎉', 'bob');
    expect(getThread(doc, id)!.messages[0]!.reactions).toEqual({ '🎉': ['bob', 'cat', 'dan'] });
    toggleReaction(doc, id, first, '🎉', 'cat');
    expect(getThread(doc, id)!.messages[0]!.reactions).toEqual({ '🎉': ['bob', 'dan'] });
  });

  it('resolves and reopens, recording who and when', () => {
    const { doc, texts } = page('Hello');
    const id = threadOn(doc, texts[0]!, 0, 5);
    setThreadResolved(doc, id, true, 'bob');
    expect(getThread(doc, id)).toMatchObject({ resolved: true, resolvedBy: 'bob', resolvedAt: expect.any(Number) });
    expect(listThreads(doc).map((t) => t.id)).toEqual([id]);
    setThreadResolved(doc, id, false, 'ann');
    expect(getThread(doc, id)).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null });
  });

  it('keeps concurrent replies from two replicas, in the same order on both', () => {
    const { doc, texts } = page('Hello');
    const id = threadOn(doc, texts[0]!, 0, 5);
    const other = new Y.Doc();
    syncDocs(doc, other);
    replyToThread(doc, id, { author: 'ann', parts: say('one') });
    replyToThread(other, id, { author: 'bob', parts: say('two') });
    syncDocs(doc, other);
    const texts1 = getThread(doc, id)!.messages.map((m) => m.parts);
    expect(texts1).toHaveLength(3);
    expect(getThread(other, id)!.messages.map((m) => m.parts)).toEqual(texts1);
  });
});

describe('reading entries written by other clients', () => {
  it('skips bad fields and bad entries without hiding the rest', () => {
    const { doc, texts } = page('Hello world');
    const good = threadOn(doc, texts[0]!, 0, 5);
    doc.transact(() => {
      const map = commentMap(doc);
      map.set('junk', 'not a thread');
      const bad = new Y.Map<unknown>();
      map.set('bad', bad);
      bad.set('createdAt', 'yesterday');
      bad.set('start', new Uint8Array([255, 255, 255]));
      bad.set('resolved', 'yes');
      const messages = new Y.Array<unknown>();
      bad.set('messages', messages);
      const message = new Y.Map<unknown>();
      messages.push([42, message]);
      message.set('author', 7);
      message.set('parts', [{ text: 'kept' }, { mention: '<script>' }, null, { text: 3 }]);
      const reactions = new Y.Map<unknown>();
      message.set('reactions', reactions);
      reactions.set('👍', 'everyone');
    });
    const threads = listThreads(doc);
    expect(threads.map((t) => t.id).sort()).toEqual(['bad', good].sort());
    const bad = threads.find((t) => t.id === 'bad')!;
    expect(bad).toMatchObject({ createdAt: 0, createdBy: '', quote: '', resolved: false });
    expect(bad.messages).toEqual([{ id: '', author: '', at: 0, parts: [{ text: 'kept' }], editedAt: null, deleted: false, reactions: {} }]);
    expect(resolveAnchor(doc, bad)).toEqual({ state: 'deleted' });
    expect(anchorOf(doc, good)).toEqual({ state: 'live', text: 'Hello' });
    expect(getThread(doc, 'junk')).toBeNull();
  });
});

describe('parts', () => {
  it('lists mentions once each and renders them by name', () => {
    const parts: CommentPart[] = [{ text: 'cc ' }, { mention: 'b1' }, { text: ' and ' }, { mention: 'c2' }, { mention: 'b1' }];
    expect(mentionedMembers(parts)).toEqual(['b1', 'c2']);
    expect(partsText(parts, (id) => ({ b1: 'Bob', c2: 'Cat' })[id] ?? id)).toBe('cc @Bob and @Cat@Bob');
  });
});
