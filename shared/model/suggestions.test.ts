import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pageContent } from './content';
import { decisions, overruledAccepts, recordDecision, recordSuggestion, repairOverruledAccepts, restoresOf, suggestionInfo, suggestionsMap } from './suggestions';
import { pendingSuggestions } from './suggestions-scan';

/** A page whose one paragraph reads "say " + old (suggested deletion) + new (suggested insertion) + " now". */
function page(): { doc: Y.Doc; text: Y.XmlText } {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.transact(() => {
    pageContent(doc).push([paragraph]);
    paragraph.insert(0, [text]);
    text.insert(0, 'say  now');
    text.insert(4, 'old', { deletion: { id: 's1' } });
    text.insert(7, 'new', { insertion: { id: 's1' }, deletion: null });
  });
  return { doc, text };
}

function plain(text: Y.XmlText): string {
  return (text.toDelta() as { insert: string }[]).map((op) => op.insert).join('');
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('suggestions model', () => {
  it('lists pending suggestions from the text, one per id with what it inserts and deletes', () => {
    const { doc } = page();
    expect(pendingSuggestions(pageContent(doc))).toEqual([{ id: 's1', inserted: 'new', deleted: 'old', modifies: false }]);
  });

  it('keeps the first record of who made a suggestion and reads malformed ones as missing', () => {
    const { doc } = page();
    recordSuggestion(doc, 's1', 'ana', 10);
    recordSuggestion(doc, 's1', 'bo', 20);
    expect(suggestionInfo(doc, 's1')).toEqual({ author: 'ana', at: 10 });
    suggestionsMap(doc).set('s2', { author: 42 });
    suggestionsMap(doc).set('s3', 'nonsense');
    expect(suggestionInfo(doc, 's2')).toBeNull();
    expect(suggestionInfo(doc, 's3')).toBeNull();
    expect(suggestionInfo(doc, 'missing')).toBeNull();
  });

/** Two replicas of `page()` after Ana accepted on one and Bo rejected on the other, apart, then synced: "say  now". */
function disagreed() {
  const { doc: a, text: textA } = page();
  const b = new Y.Doc();
  sync(a, b);
  const textB = (pageContent(b).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  // Apart: Ana accepts (drops "old", unmarks "new"), Bo rejects (drops "new", unmarks "old").
  recordDecision(a, pageContent(a), 's1', 'accept', 'ana', 1);
  textA.delete(4, 3);
  textA.format(4, 3, { insertion: null });
  recordDecision(b, pageContent(b), 's1', 'reject', 'bo', 2);
  textB.delete(7, 3);
  textB.format(4, 3, { deletion: null });
  sync(a, b);
  return { a, b, textA, textB };
}

  it('an accept and a reject made apart are concurrent; the reject wins and the old text comes back once', () => {
    const { a, b, textA, textB } = disagreed();
    expect(plain(textA)).toBe('say  now');
    expect(overruledAccepts(a, 's1').map((decision) => decision.by)).toEqual(['ana']);
    // Bo's device leaves Ana's accept to her device unless told to restore anyone's; Ana's restores at once, once.
    expect(repairOverruledAccepts(b, 'bo')).toEqual({ restored: 0, waiting: 1 });
    expect(repairOverruledAccepts(a, 'ana')).toEqual({ restored: 1, waiting: 0 });
    expect(repairOverruledAccepts(a, 'ana')).toEqual({ restored: 0, waiting: 0 });
    sync(a, b);
    expect(repairOverruledAccepts(b, 'bo', undefined, { anyone: true })).toEqual({ restored: 0, waiting: 0 });
    expect(plain(textA)).toBe('say old now');
    expect(plain(textB)).toBe('say old now');
    expect(pendingSuggestions(pageContent(b))).toEqual([]);
  });

  it('two restores of the same accept made apart: the smaller key wins everywhere, the other copy goes, text typed into it stays', () => {
    const { a, b, textA, textB } = disagreed();
    expect(repairOverruledAccepts(a, 'ana')).toEqual({ restored: 1, waiting: 0 });
    expect(repairOverruledAccepts(b, 'bo', undefined, { anyone: true })).toEqual({ restored: 1, waiting: 0 });
    const [keyA] = restoresOf(a, decisions(a, 's1')[0]!.key).map((restore) => restore.key);
    const [keyB] = restoresOf(b, decisions(b, 's1')[0]!.key).map((restore) => restore.key);
    // The losing copy is edited before the restores meet: "old" -> "olXd" on its device.
    const loser = keyA! < keyB! ? textB : textA;
    loser.insert(6, 'X');
    sync(a, b);
    expect(plain(textA)).toMatch(/^say (old){0,1}olXd(old){0,1} now$/);
    expect(plain(textA)).not.toBe('say olXd now');
    repairOverruledAccepts(a, 'ana');
    repairOverruledAccepts(b, 'bo');
    sync(a, b);
    // Which copy sits first depends on the two clients' ids; the typing stays beside the surviving "old".
    expect(['say oldX now', 'say Xold now']).toContain(plain(textA));
    expect(plain(textB)).toBe(plain(textA));
    expect(restoresOf(a, decisions(a, 's1')[0]!.key).map((restore) => restore.dropped)).toEqual([false, true]);
  });

  it('a decision made after seeing another is not a conflict', () => {
    const { doc } = page();
    recordDecision(doc, pageContent(doc), 's1', 'reject', 'bo', 1);
    recordDecision(doc, pageContent(doc), 's1', 'accept', 'ana', 2);
    expect(decisions(doc, 's1')).toHaveLength(2);
    expect(overruledAccepts(doc, 's1')).toEqual([]);
    expect(repairOverruledAccepts(doc, 'ana')).toEqual({ restored: 0, waiting: 0 });
  });
});
