// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decisions, restoresOf, suggestionInfo, type Restore } from '../../../shared/model/suggestions';
import { decide } from './decide';
import { exchange, find, pending, people, send, type, wait, type Person } from './testEditors';

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

/** The restores recorded for the accepts of suggestion `id`, as `one` holds them. */
function restores(one: Person, id: string): Restore[] {
  return decisions(one.doc, id)
    .filter((decision) => decision.kind === 'accept')
    .flatMap((accept) => restoresOf(one.doc, accept.key));
}

/** Ana suggests "old" -> "new"; everyone has it; Ana, Bo and Cy wait `restoreAfterMs` before restoring someone else's accept. */
async function replacement(restoreAfterMs = 20) {
  open = await people('Say old words');
  const [ana, bo, cy] = open as [Person, Person, Person];
  for (const one of open) one.storage.restoreAfterMs = restoreAfterMs;
  ana.suggesting(true);
  const { from, to } = find(ana.editor, 'old');
  type(ana.editor, from, to, 'new');
  await exchange(open);
  const [suggestion] = pending(bo);
  expect(suggestion).toMatchObject({ inserted: 'new', deleted: 'old' });
  return { ana, bo, cy, id: suggestion!.id };
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
    // Bo's device, there at once, restored; the others found it done.
    expect(restores(ana!, suggestion!.id).map((restore) => restore.by)).toEqual(['m-bo']);
  });

  it('(a) the accepter is away for good: the first editor device holding both decisions restores the old text, once, for everyone', async () => {
    const { ana, bo, cy, id } = await replacement();
    decide(bo.editor, bo.context, [id], 'accept');
    send(bo, ana);
    // Bo leaves and does not come back. Apart from him, Cy rejects.
    decide(cy.editor, cy.context, [id], 'reject');
    send(cy, ana);
    await wait(0);
    // Intermediate: Ana holds both decisions; for restoreAfterMs her device leaves the restore to Bo's.
    expect(ana.text()).toBe('Say  words');
    expect(restores(ana, id)).toEqual([]);
    await wait(60);
    expect(ana.text()).toBe('Say old words');
    expect(restores(ana, id).map((restore) => restore.by)).toEqual(['m-ana']);
    send(ana, cy);
    await wait(60);
    expect(cy.text()).toBe('Say old words');
    expect(restores(cy, id)).toHaveLength(1);
    expect(pending(cy)).toEqual([]);
    // Should Bo come back after all, his device finds it done.
    await exchange([ana, bo, cy]);
    expectConverged([ana, bo, cy]);
    expect(bo.text()).toBe('Say old words');
    expect(restores(bo, id)).toHaveLength(1);
  });

  it('(a) a viewer holding both decisions never writes: it shows the gap until an editor device restores', async () => {
    const { ana, bo, cy, id } = await replacement();
    ana.context.readOnly = true;
    decide(bo.editor, bo.context, [id], 'accept');
    send(bo, ana);
    decide(cy.editor, cy.context, [id], 'reject');
    send(cy, ana);
    const written = Y.getState(ana.doc.store, ana.doc.clientID);
    await wait(60);
    expect(ana.text()).toBe('Say  words');
    expect(Y.getState(ana.doc.store, ana.doc.clientID)).toBe(written);
    // Cy, an editor, learns of the accept through the viewer's copy and restores.
    send(ana, cy);
    await wait(60);
    send(cy, ana);
    expect(ana.text()).toBe('Say old words');
    expect(restores(ana, id).map((restore) => restore.by)).toEqual(['m-cy']);
    expect(Y.getState(ana.doc.store, ana.doc.clientID)).toBe(written);
  });

  it('(a) two devices restore the same accept at once: the copies meet, one goes, every replica reads the old text once', async () => {
    const { ana, bo, cy, id } = await replacement();
    decide(bo.editor, bo.context, [id], 'accept');
    send(bo, ana);
    decide(cy.editor, cy.context, [id], 'reject');
    // Ana and Cy exchange at once: each now holds both decisions, neither a restore.
    const toCy = Y.encodeStateAsUpdate(ana.doc, Y.encodeStateVector(cy.doc));
    const toAna = Y.encodeStateAsUpdate(cy.doc, Y.encodeStateVector(ana.doc));
    Y.applyUpdate(cy.doc, toCy, 'test:remote');
    Y.applyUpdate(ana.doc, toAna, 'test:remote');
    await wait(60);
    expect(ana.text()).toBe('Say old words');
    expect(cy.text()).toBe('Say old words');
    // Both restored, apart. When the two restores meet, the old text shows twice until one goes.
    send(ana, cy);
    expect(cy.text()).toBe('Say oldold words');
    await exchange([ana, cy]);
    expectConverged([ana, cy]);
    expect(ana.text()).toBe('Say old words');
    const both = restores(ana, id);
    expect(both.map((restore) => restore.by).sort()).toEqual(['m-ana', 'm-cy']);
    expect(both.map((restore) => restore.dropped)).toEqual([false, true]);
    await exchange([ana, bo, cy]);
    expectConverged([ana, bo, cy]);
    expect(bo.text()).toBe('Say old words');
    expect(pending(bo)).toEqual([]);
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
