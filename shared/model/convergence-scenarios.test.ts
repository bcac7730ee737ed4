/**
 * The races named in the model's requirements, played out step by step on
 * three replicas; convergence.test.ts covers them at random.
 */
import { describe, expect, it } from 'vitest';
import { createPage, deletePage, flattenTree, getPage, listPages, movePage, pageTree, restorePage } from './pages';
import { addTask, deleteTask, getTask, listTasks, moveTask } from './tasks';
import { pageDoc, syncAll, syncPair, workspaceReplicas, type Replica } from './testing';

function tasksPage(replicas: Replica[], titles: string[]): { pageId: string; taskIds: string[] } {
  const owner = replicas[0]!;
  const pageId = createPage(owner.index, { title: 'Tasks', kind: 'tasks', by: 'm0' });
  const taskIds = titles.map((title) => addTask(pageDoc(owner, pageId), { title, by: 'm0' }));
  syncAll(replicas);
  return { pageId, taskIds };
}

const order = (replica: Replica, pageId: string) => listTasks(pageDoc(replica, pageId)).map((task) => task.title);

describe('named convergence scenarios', () => {
  it('a task created offline survives concurrent reorders and deletes elsewhere', () => {
    const replicas = workspaceReplicas(3);
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    const { pageId, taskIds } = tasksPage(replicas, ['one', 'two', 'three', 'four']);
    a.connected = false;
    const offline = addTask(pageDoc(a, pageId), { title: 'offline', index: 1, by: 'a' });
    moveTask(pageDoc(b, pageId), taskIds[0]!, 3);
    deleteTask(pageDoc(b, pageId), taskIds[1]!);
    moveTask(pageDoc(c, pageId), taskIds[2]!, 0);
    deleteTask(pageDoc(c, pageId), taskIds[3]!);
    syncPair(b, c);
    syncAll(replicas);
    for (const replica of replicas) {
      const ids = listTasks(pageDoc(replica, pageId)).map((task) => task.id);
      expect(ids.filter((id) => id === offline)).toHaveLength(1);
      expect(order(replica, pageId)).toEqual(order(a, pageId));
    }
    expect([...order(a, pageId)].sort()).toEqual(['offline', 'one', 'three']);
  });

  it('a page moved on one replica and deleted on another is deleted everywhere', () => {
    const replicas = workspaceReplicas(3);
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    const target = createPage(a.index, { title: 'Target', by: 'm0' });
    const page = createPage(a.index, { title: 'Page', by: 'm0' });
    const child = createPage(a.index, { title: 'Child', parentId: page, by: 'm0' });
    syncAll(replicas);
    movePage(a.index, page, target, 0, 10);
    deletePage(b.index, page, 11);
    syncAll(replicas);
    const tree = pageTree(listPages(a.index));
    for (const replica of replicas) {
      expect(getPage(replica.index, page)).toMatchObject({ parentId: target, deletedAt: 11 });
      expect(getPage(replica.index, child)).not.toBeNull();
      expect(pageTree(listPages(replica.index))).toEqual(tree);
    }
    expect(flattenTree(tree).map((node) => node.page.title)).toEqual(['Target']);
    // Restoring brings it back, under the parent it was moved to, with its child.
    restorePage(c.index, page);
    syncAll(replicas);
    expect(flattenTree(pageTree(listPages(b.index))).map((node) => node.page.title)).toEqual(['Target', 'Page', 'Child']);
  });

  it('a page moved under a page deleted concurrently is hidden with it everywhere', () => {
    const replicas = workspaceReplicas(3);
    const [a, b] = replicas as [Replica, Replica, Replica];
    const target = createPage(a.index, { title: 'Target', by: 'm0' });
    const page = createPage(a.index, { title: 'Page', by: 'm0' });
    syncAll(replicas);
    movePage(a.index, page, target, 0);
    deletePage(b.index, target);
    syncAll(replicas);
    for (const replica of replicas) {
      expect(pageTree(listPages(replica.index))).toEqual([]);
      expect(getPage(replica.index, page)?.deletedAt).toBeNull();
    }
  });

  it('concurrent reorders of one task leave exactly one copy, at the same place everywhere', () => {
    const replicas = workspaceReplicas(3);
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    const { pageId, taskIds } = tasksPage(replicas, ['one', 'two', 'three', 'four', 'five']);
    const moved = taskIds[2]!;
    moveTask(pageDoc(a, pageId), moved, 0);
    moveTask(pageDoc(b, pageId), moved, 4);
    moveTask(pageDoc(c, pageId), moved, 2);
    syncAll(replicas);
    const expected = order(a, pageId);
    expect(expected.filter((title) => title === 'three')).toHaveLength(1);
    expect([...expected].sort()).toEqual(['five', 'four', 'one', 'three', 'two']);
    for (const replica of replicas) expect(order(replica, pageId)).toEqual(expected);
    // One of the three moves won outright; the others left no trace.
    expect([0, 4, 2]).toContain(expected.indexOf('three'));
  });

  it('two tasks moved into the same slot concurrently are both kept, in one order everywhere', () => {
    const replicas = workspaceReplicas(3);
    const [a, b] = replicas as [Replica, Replica, Replica];
    const { pageId, taskIds } = tasksPage(replicas, ['one', 'two', 'three', 'four']);
    moveTask(pageDoc(a, pageId), taskIds[2]!, 1); // 'three' between 'one' and 'two'
    moveTask(pageDoc(b, pageId), taskIds[3]!, 1); // 'four' into the same slot
    syncAll(replicas);
    // Both got the same key, so the tie is broken by id, identically everywhere.
    expect(getTask(pageDoc(a, pageId), taskIds[2]!)?.order).toBe(getTask(pageDoc(a, pageId), taskIds[3]!)?.order);
    const expected = order(a, pageId);
    expect(expected).toHaveLength(4);
    expect(expected[0]).toBe('one');
    expect(expected[3]).toBe('two');
    expect(expected.slice(1, 3).sort()).toEqual(['four', 'three']);
    for (const replica of replicas) expect(order(replica, pageId)).toEqual(expected);
    // Moving next to the tied pair lands right after it, not past 'two'.
    moveTask(pageDoc(a, pageId), taskIds[0]!, 2);
    syncAll(replicas);
    for (const replica of replicas) expect(order(replica, pageId).slice(2)).toEqual(['one', 'two']);
  });
});
