// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { suggestionInfo } from '../../../shared/model/suggestions';
import { decide } from './decide';
import { exchange, find, pending, people, type, type Person } from './testEditors';

// The concurrency policy these check is written down in docs/review.md.
let open: Person[] = [];
afterEach(() => open.forEach((one) => one.editor.destroy()));

/** Every replica has the same text and the same pending suggestions. */
function expectConverged(all: readonly Person[]): void {
  const [first, ...rest] = all;
  for (const other of rest) {
    expect(other.editor.getJSON()).toEqual(first!.editor.getJSON());
    expect(pending(other)).toEqual(pending(first!));
  }
}

describe('suggestions under concurrent review', () => {
  it('(a) one reviewer accepts and another rejects the same replacement apart: reject wins, the old text is back once, nothing pending', async () => {
    open = await people('Say old words');
    const [ana, bo, cy] = open;
    ana!.suggesting(true);
    const { from, to } = find(ana!.editor, 'old');
    type(ana!.editor, from, to, 'new');
    await exchange(open);
    const [suggestion] = pending(bo!);
    expect(suggestion).toMatchObject({ inserted: 'new', deleted: 'old' });
    // Apart: Bo accepts, Cy rejects.
    decide(bo!.editor, bo!.context, [suggestion!.id], 'accept');
    decide(cy!.editor, cy!.context, [suggestion!.id], 'reject');
    expect(bo!.text()).toBe('Say new words');
    expect(cy!.text()).toBe('Say old words');
    await exchange(open);
    expectConverged(open);
    expect(ana!.text()).toBe('Say old words');
    expect(pending(ana!)).toEqual([]);
  });

  it('(b) someone types inside a suggested deletion made apart: the typing is kept and shown inside the deletion, the same everywhere', async () => {
    open = await people('Say old words');
    const [ana, bo] = open;
    ana!.suggesting(true);
    const { from, to } = find(ana!.editor, 'old');
    ana!.editor.view.dispatch(ana!.editor.state.tr.delete(from, to));
    const inside = find(bo!.editor, 'old').from + 2;
    type(bo!.editor, inside, inside, 'X');
    await exchange(open);
    expectConverged(open);
    expect(ana!.text()).toBe('Say olXd words');
    const [suggestion] = pending(ana!);
    expect(suggestion!.deleted.replace('X', '')).toBe('old');
  });

  it('(b) typing inside a synced suggested deletion, with suggesting on, lands after the deletion as an insertion of the typist’s own', async () => {
    open = await people('Say old words');
    const [ana, bo] = open;
    ana!.suggesting(true);
    const { from, to } = find(ana!.editor, 'old');
    ana!.editor.view.dispatch(ana!.editor.state.tr.delete(from, to));
    await exchange(open);
    bo!.suggesting(true);
    const inside = find(bo!.editor, 'old').from + 2;
    type(bo!.editor, inside, inside, 'X');
    await exchange(open);
    expectConverged(open);
    // The library keeps deleted text whole and moves the typing just after it.
    expect(ana!.text()).toBe('Say oldX words');
    const list = pending(ana!).map((item) => ({ ...item, author: suggestionInfo(ana!.doc, item.id)?.author }));
    expect(list).toMatchObject([
      { deleted: 'old', inserted: '', author: 'm-ana' },
      { deleted: '', inserted: 'X', author: 'm-bo' },
    ]);
  });

  it('(c) the author edits her suggestion while another person accepts it: what was accepted is plain, the rest stays pending, the same everywhere', async () => {
    open = await people('Say words');
    const [ana, bo] = open;
    ana!.suggesting(true);
    type(ana!.editor, 5, 5, 'kind ');
    await exchange(open);
    const [suggestion] = pending(bo!);
    expect(suggestion).toMatchObject({ inserted: 'kind ' });
    // Apart: Ana rewrites inside her insertion, Bo accepts it.
    const inner = find(ana!.editor, 'kind').from + 4;
    type(ana!.editor, inner, inner, 'ly');
    decide(bo!.editor, bo!.context, [suggestion!.id], 'accept');
    expect(pending(bo!)).toEqual([]);
    await exchange(open);
    expectConverged(open);
    expect(ana!.text()).toBe('Say kindly words');
  });
});
