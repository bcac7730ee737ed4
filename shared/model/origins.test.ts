import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { appendParagraph, typeText } from './content';
import { Origin } from './origins';
import { createPage, deletePage, movePage, renamePage, restorePage, touchPage } from './pages';
import { addTask, deleteTask, moveTask, restoreTask, setTaskDone, updateTask } from './tasks';
import { member, newReplica, pageDoc } from './testing';
import { createLabel, initWorkspace, renameWorkspace, upsertMember } from './workspace';

/**
 * Runs `fn` and returns the origin of every update and of every transaction
 * that wrote something. (Yjs runs an empty, origin-less transaction the first
 * time a doc's root XmlFragment is read; it writes nothing and sends no update.)
 */
function record(doc: Y.Doc, fn: () => unknown): { updates: unknown[]; transactions: unknown[] } {
  const updates: unknown[] = [];
  const transactions: unknown[] = [];
  const onUpdate = (_update: Uint8Array, origin: unknown) => updates.push(origin);
  const onTransaction = (transaction: Y.Transaction) => {
    const wrote =
      transaction.deleteSet.clients.size > 0 || [...transaction.afterState].some(([client, clock]) => transaction.beforeState.get(client) !== clock);
    if (wrote) transactions.push(transaction.origin);
  };
  doc.on('update', onUpdate);
  doc.on('afterTransaction', onTransaction);
  try {
    fn();
  } finally {
    doc.off('update', onUpdate);
    doc.off('afterTransaction', onTransaction);
  }
  return { updates, transactions };
}

function expectOneWrite(doc: Y.Doc, fn: () => unknown, origin: string = Origin.local): void {
  expect(record(doc, fn)).toEqual({ updates: [origin], transactions: [origin] });
}

describe('every write is one transaction with a named origin', () => {
  const replica = newReplica('r', 1);
  const index = replica.index;
  let page = '';
  let other = '';
  let task = '';
  let second = '';

  it('initWorkspace uses the setup origin', () => {
    expectOneWrite(index, () => initWorkspace(index, { id: 'ws', name: 'W', creator: member('m0') }), Origin.setup);
  });

  it('workspace writes', () => {
    expectOneWrite(index, () => renameWorkspace(index, 'Renamed'));
    expectOneWrite(index, () => upsertMember(index, { id: 'm1', name: 'New' }));
    expectOneWrite(index, () => upsertMember(index, { id: 'm1', color: '#059669' }));
    expectOneWrite(index, () => upsertMember(index, { id: 'm1', name: 'Imported' }, Origin.import), Origin.import);
    expectOneWrite(index, () => createLabel(index, 'Bug', '#dc2626'));
  });

  it('page writes', () => {
    expectOneWrite(index, () => (page = createPage(index, { title: 'P', kind: 'tasks', by: 'm0' })));
    expectOneWrite(index, () => (other = createPage(index, { title: 'O', by: 'm0' })));
    expectOneWrite(index, () => renamePage(index, page, 'P2'));
    expectOneWrite(index, () => movePage(index, page, other, 0));
    expectOneWrite(index, () => deletePage(index, page));
    expectOneWrite(index, () => restorePage(index, page));
    expectOneWrite(index, () => touchPage(index, page, 123));
  });

  it('task writes', () => {
    const doc = pageDoc(replica, page);
    expectOneWrite(doc, () => (task = addTask(doc, { title: 'T', by: 'm0', assignees: ['m0'], labels: ['l'] })));
    expectOneWrite(doc, () => (second = addTask(doc, { title: 'U', by: 'm0' })));
    expectOneWrite(doc, () => updateTask(doc, task, { title: 'T2', assignees: ['m1'], dueDate: '2026-05-01', status: 'in_progress' }));
    expectOneWrite(doc, () => setTaskDone(doc, task, true));
    expectOneWrite(doc, () => moveTask(doc, second, 0));
    expectOneWrite(doc, () => deleteTask(doc, task));
    expectOneWrite(doc, () => restoreTask(doc, task));
  });

  it('content writes', () => {
    const doc = pageDoc(replica, other);
    expectOneWrite(doc, () => typeText(doc, 0, 0, 'first'));
    expectOneWrite(doc, () => typeText(doc, 0, 5, ' words'));
    expectOneWrite(doc, () => appendParagraph(doc, 'more'));
    expectOneWrite(doc, () => appendParagraph(doc, 'imported', Origin.import), Origin.import);
  });

  it('a write that changes nothing sends no update', () => {
    expect(record(index, () => createLabel(index, 'bug', '#000000')).updates).toEqual([]);
    expect(record(index, () => initWorkspace(index, { id: 'ws', name: 'W', creator: member('m0') })).updates).toEqual([]);
  });
});
