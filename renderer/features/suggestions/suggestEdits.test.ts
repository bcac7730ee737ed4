// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { suggestionInfo, suggestionsMap } from '../../../shared/model/suggestions';
import { decide } from './decide';
import { describeSuggestion } from './describe';
import { exchange, find, pending, people, type, type Person } from './testEditors';

let open: Person[] = [];
afterEach(() => open.forEach((one) => one.editor.destroy()));

describe('suggest edits in a page editor', () => {
  it('while suggesting, typing over text suggests replacing it, recorded for its author and time', async () => {
    open = await people('Say old words');
    const [ana] = open;
    ana!.suggesting(true);
    const { from, to } = find(ana!.editor, 'old');
    const before = Date.now();
    type(ana!.editor, from, to, 'new');
    expect(ana!.text()).toBe('Say oldnew words');
    const [suggestion] = pending(ana!);
    expect(suggestion).toMatchObject({ inserted: 'new', deleted: 'old' });
    expect(suggestion!.id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(suggestionInfo(ana!.doc, suggestion!.id)).toEqual({ author: 'm-ana', at: expect.any(Number) });
    expect(suggestionInfo(ana!.doc, suggestion!.id)!.at).toBeGreaterThanOrEqual(before);
  });

  it('bold applied while suggesting is described as formatting the text, not replacing it with itself', async () => {
    open = await people('Say Berlin words');
    const [ana] = open;
    ana!.suggesting(true);
    const { from, to } = find(ana!.editor, 'Berlin');
    ana!.editor.chain().setTextSelection({ from, to }).toggleBold().run();
    const [suggestion] = pending(ana!);
    expect(suggestion).toMatchObject({ inserted: 'Berlin', deleted: 'Berlin' });
    expect(describeSuggestion('Ana', suggestion!)).toBe('Ana suggests formatting “Berlin”');
  });

  it('with suggesting off, edits change the text directly', async () => {
    open = await people('Say old words');
    const [ana] = open;
    const { from, to } = find(ana!.editor, 'old');
    type(ana!.editor, from, to, 'new');
    expect(ana!.text()).toBe('Say new words');
    expect(pending(ana!)).toEqual([]);
  });

  it('edits arriving from others never become suggestions on a suggesting reader', async () => {
    open = await people('Say old words');
    const [ana, bo] = open;
    ana!.suggesting(true);
    const { from, to } = find(bo!.editor, 'old');
    type(bo!.editor, from, to, 'new');
    await exchange(open);
    expect(ana!.text()).toBe('Say new words');
    expect(pending(ana!)).toEqual([]);
  });

  it('undo and redo of a suggestion replay it, never suggest again', async () => {
    open = await people('Say words');
    const [ana] = open;
    ana!.suggesting(true);
    type(ana!.editor, 4, 4, 'kind ');
    expect(pending(ana!)).toMatchObject([{ inserted: 'kind ' }]);
    const records = suggestionsMap(ana!.doc).size;
    ana!.editor.commands.undo();
    expect(ana!.text()).toBe('Say words');
    expect(pending(ana!)).toEqual([]);
    ana!.editor.commands.redo();
    // Yjs puts redone formatted text back one space early ("Saykind  words"); what matters here is
    // that the same suggestion returns and nothing new is suggested.
    expect(ana!.text()).toContain('kind');
    expect(pending(ana!)).toMatchObject([{ inserted: 'kind ', deleted: '' }]);
    expect(suggestionsMap(ana!.doc).size).toBe(records);
  });

  it('programmatic changes kept out of history (setContent) are not suggestions', async () => {
    open = await people('Say words');
    const [ana] = open;
    ana!.suggesting(true);
    ana!.editor.chain().setMeta('addToHistory', false).setContent('<p>Fresh start</p>').run();
    expect(ana!.text()).toBe('Fresh start');
    expect(pending(ana!)).toEqual([]);
  });

  it('two people suggesting apart get ids that differ, and each suggestion names its own author', async () => {
    open = await people('One two');
    const [ana, bo] = open;
    ana!.suggesting(true);
    bo!.suggesting(true);
    type(ana!.editor, 1, 1, 'A');
    type(bo!.editor, 8, 8, 'B');
    await exchange(open);
    const list = pending(ana!);
    expect(list).toHaveLength(2);
    expect(new Set(list.map((item) => item.id)).size).toBe(2);
    expect(list.map((item) => suggestionInfo(ana!.doc, item.id)?.author).sort()).toEqual(['m-ana', 'm-bo']);
  });

  it('typing on at the end of someone else’s insertion is a suggestion of one’s own; extending one’s own keeps one', async () => {
    open = await people('Say words');
    const [ana, bo] = open;
    ana!.suggesting(true);
    bo!.suggesting(true);
    type(ana!.editor, 5, 5, 'kind');
    type(ana!.editor, 9, 9, ' ');
    expect(pending(ana!)).toMatchObject([{ inserted: 'kind ' }]);
    await exchange(open);
    const end = find(bo!.editor, 'kind ').to;
    type(bo!.editor, end, end, 'new ');
    await exchange(open);
    const list = pending(ana!).map((item) => [item.inserted, suggestionInfo(ana!.doc, item.id)?.author]);
    expect(list).toEqual([
      ['kind ', 'm-ana'],
      ['new ', 'm-bo'],
    ]);
  });

  it('while suggesting, a paragraph break is a suggestion, and deleting everything marks every block’s text deleted', async () => {
    open = await people('First line');
    const [ana] = open;
    ana!.suggesting(true);
    ana!.editor.commands.setTextSelection(6);
    ana!.editor.commands.splitBlock();
    expect(ana!.text()).toBe('First\n line');
    expect(pending(ana!)).toMatchObject([{ inserted: '', deleted: '' }]);
    ana!.editor.commands.selectAll();
    ana!.editor.commands.deleteSelection();
    expect(ana!.text()).toBe('First\n line');
    expect(pending(ana!).map((item) => item.deleted).join('')).toBe('First line');
  });

  it('a suggested paragraph break, accepted, is a plain break; rejected, joins the lines again', async () => {
    open = await people('First line');
    const [ana, bo] = open;
    ana!.suggesting(true);
    ana!.editor.commands.setTextSelection(6);
    ana!.editor.commands.splitBlock();
    await exchange(open);
    const [suggestion] = pending(bo!);
    decide(bo!.editor, bo!.context, [suggestion!.id], 'reject');
    expect(bo!.text()).toBe('First line');
    expect(pending(bo!)).toEqual([]);
    await exchange(open);
    expect(ana!.text()).toBe('First line');
    ana!.editor.commands.setTextSelection(6);
    ana!.editor.commands.splitBlock();
    decide(ana!.editor, ana!.context, [pending(ana!)[0]!.id], 'accept');
    expect(ana!.text()).toBe('First\n line');
    expect(pending(ana!)).toEqual([]);
    expect(ana!.editor.state.doc.textContent).not.toContain('\u200B');
  });
});
