import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ModelError } from './errors';
import { createPage, deletePage, flattenTree, getPage, listPages, movePage, pageTree, renamePage, restorePage, touchPage, type PageNode } from './pages';
import { syncAll, workspaceReplicas } from './testing';

function index(): Y.Doc {
  return workspaceReplicas(1)[0]!.index;
}

/** The visible tree as nested titles, e.g. ['A', ['A1']]. */
function shape(nodes: readonly PageNode[]): unknown[] {
  return nodes.map((node) => (node.children.length ? [node.page.title, shape(node.children)] : node.page.title));
}

function titles(doc: Y.Doc): unknown[] {
  return shape(pageTree(listPages(doc)));
}

function visibleIds(doc: Y.Doc): string[] {
  return flattenTree(pageTree(listPages(doc))).map((node) => node.page.id);
}

function catchReason(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof ModelError) return error.reason;
    throw error;
  }
}

describe('createPage', () => {
  it('stores the page with defaults and appends it to its parent', () => {
    const doc = index();
    const a = createPage(doc, { title: ' Roadmap ', by: 'm0' }, 100);
    expect(getPage(doc, a)).toEqual({
      id: a,
      title: 'Roadmap',
      kind: 'doc',
      parentId: null,
      order: expect.any(String),
      createdAt: 100,
      createdBy: 'm0',
      updatedAt: 100,
      deletedAt: null,
    });
    createPage(doc, { title: 'B', by: 'm0' });
    createPage(doc, { title: 'A1', kind: 'tasks', parentId: a, by: 'm0' });
    createPage(doc, { title: 'Top', index: 0, by: 'm0' });
    expect(titles(doc)).toEqual(['Top', ['Roadmap', ['A1']], 'B']);
    expect(flattenTree(pageTree(listPages(doc))).map((node) => node.depth)).toEqual([0, 0, 1, 0]);
  });

  it('honours a given id and refuses an unknown parent', () => {
    const doc = index();
    expect(createPage(doc, { id: 'fixed', by: 'm0' })).toBe('fixed');
    expect(catchReason(() => createPage(doc, { parentId: 'missing', by: 'm0' }))).toBe('not-found');
    expect(listPages(doc)).toHaveLength(1);
  });
});

describe('renamePage', () => {
  it('trims the title and bumps updatedAt', () => {
    const doc = index();
    const id = createPage(doc, { title: 'Old', by: 'm0' }, 1);
    renamePage(doc, id, '  New  ', 50);
    expect(getPage(doc, id)).toMatchObject({ title: 'New', updatedAt: 50 });
    expect(catchReason(() => renamePage(doc, 'missing', 'x'))).toBe('not-found');
  });
});

describe('movePage', () => {
  it('moves between parents at an index', () => {
    const doc = index();
    const a = createPage(doc, { title: 'A', by: 'm0' });
    const b = createPage(doc, { title: 'B', by: 'm0' });
    const c = createPage(doc, { title: 'C', by: 'm0' });
    movePage(doc, c, a, 0);
    expect(titles(doc)).toEqual([['A', ['C']], 'B']);
    movePage(doc, b, a, 0);
    expect(titles(doc)).toEqual([['A', ['B', 'C']]]);
    movePage(doc, c, null, 0);
    expect(titles(doc)).toEqual(['C', ['A', ['B']]]);
    movePage(doc, c, null, 5);
    expect(titles(doc)).toEqual([['A', ['B']], 'C']);
  });

  it('refuses to move a page into itself or its own descendant', () => {
    const doc = index();
    const a = createPage(doc, { title: 'A', by: 'm0' });
    const a1 = createPage(doc, { title: 'A1', parentId: a, by: 'm0' });
    const a11 = createPage(doc, { title: 'A11', parentId: a1, by: 'm0' });
    expect(catchReason(() => movePage(doc, a, a, 0))).toBe('cycle');
    expect(catchReason(() => movePage(doc, a, a11, 0))).toBe('cycle');
    expect(catchReason(() => movePage(doc, a, 'missing', 0))).toBe('not-found');
    expect(titles(doc)).toEqual([['A', [['A1', ['A11']]]]]);
  });

  it('resolves a cycle made by concurrent moves to one tree on both replicas, losing no page', () => {
    const [r1, r2] = workspaceReplicas(2);
    const a = createPage(r1!.index, { title: 'A', by: 'm0' });
    const b = createPage(r1!.index, { title: 'B', by: 'm0' });
    const a1 = createPage(r1!.index, { title: 'A1', parentId: a, by: 'm0' });
    const b1 = createPage(r1!.index, { title: 'B1', parentId: b, by: 'm0' });
    syncAll([r1!, r2!]);
    movePage(r1!.index, a, b, 0); // A under B here…
    movePage(r2!.index, b, a, 0); // …and B under A there.
    syncAll([r1!, r2!]);
    const tree1 = pageTree(listPages(r1!.index));
    expect(pageTree(listPages(r2!.index))).toEqual(tree1);
    expect(visibleIds(r1!.index).sort()).toEqual([a, b, a1, b1].sort());
    // Only the pages on the loop lose their parent; their children stay with them.
    expect(titles(r1!.index)).toHaveLength(2);
    expect(titles(r1!.index)).toContainEqual(['A', ['A1']]);
    expect(titles(r1!.index)).toContainEqual(['B', ['B1']]);
  });

  it('still moves other pages, and detects cycles, once a concurrent loop exists', () => {
    const [r1, r2] = workspaceReplicas(2);
    const a = createPage(r1!.index, { title: 'A', by: 'm0' });
    const b = createPage(r1!.index, { title: 'B', by: 'm0' });
    const c = createPage(r1!.index, { title: 'C', by: 'm0' });
    syncAll([r1!, r2!]);
    movePage(r1!.index, a, b, 0);
    movePage(r2!.index, b, a, 0);
    syncAll([r1!, r2!]);
    movePage(r1!.index, c, a, 0);
    expect(getPage(r1!.index, c)?.parentId).toBe(a);
    expect(catchReason(() => movePage(r1!.index, a, c, 0))).toBe('cycle');
    movePage(r1!.index, a, null, 0); // moving a page out of the loop repairs it
    expect(titles(r1!.index)).toEqual([['A', ['C', 'B']]]);
  });
});

describe('deletePage / restorePage', () => {
  it('hides the whole subtree and brings it back on restore', () => {
    const doc = index();
    const a = createPage(doc, { title: 'A', by: 'm0' });
    const a1 = createPage(doc, { title: 'A1', parentId: a, by: 'm0' });
    createPage(doc, { title: 'A11', parentId: a1, by: 'm0' });
    createPage(doc, { title: 'B', by: 'm0' });
    deletePage(doc, a1, 77);
    expect(titles(doc)).toEqual(['A', 'B']);
    expect(getPage(doc, a1)?.deletedAt).toBe(77);
    expect(listPages(doc)).toHaveLength(4); // tombstones stay for undo and trash
    deletePage(doc, a);
    expect(titles(doc)).toEqual(['B']);
    restorePage(doc, a);
    restorePage(doc, a1);
    expect(titles(doc)).toEqual([['A', [['A1', ['A11']]]], 'B']);
    expect(catchReason(() => deletePage(doc, 'missing'))).toBe('not-found');
  });

  it('hides a page moved under a page that was deleted concurrently', () => {
    const [r1, r2] = workspaceReplicas(2);
    const a = createPage(r1!.index, { title: 'A', by: 'm0' });
    const b = createPage(r1!.index, { title: 'B', by: 'm0' });
    syncAll([r1!, r2!]);
    deletePage(r1!.index, a);
    movePage(r2!.index, b, a, 0);
    syncAll([r1!, r2!]);
    expect(titles(r1!.index)).toEqual([]);
    expect(pageTree(listPages(r2!.index))).toEqual(pageTree(listPages(r1!.index)));
    restorePage(r2!.index, a);
    expect(titles(r2!.index)).toEqual([['A', ['B']]]);
  });
});

describe('pageTree', () => {
  it('puts a page whose parent is unknown at the root', () => {
    const page = { title: 'Orphan', kind: 'doc' as const, order: 'V', createdAt: 0, createdBy: 'm', updatedAt: 0, deletedAt: null };
    const tree = pageTree([
      { ...page, id: 'o', parentId: 'gone' },
      { ...page, id: 'c', title: 'Child', parentId: 'o' },
    ]);
    expect(shape(tree)).toEqual([['Orphan', ['Child']]]);
  });

  it('orders siblings with equal keys by id', () => {
    const page = { kind: 'doc' as const, parentId: null, order: 'V', createdAt: 0, createdBy: 'm', updatedAt: 0, deletedAt: null };
    const pages = [
      { ...page, id: 'b', title: 'B' },
      { ...page, id: 'a', title: 'A' },
    ];
    expect(shape(pageTree(pages))).toEqual(['A', 'B']);
    expect(shape(pageTree([...pages].reverse()))).toEqual(['A', 'B']);
  });
});

describe('touchPage', () => {
  it('bumps updatedAt and ignores unknown pages', () => {
    const doc = index();
    const id = createPage(doc, { by: 'm0' }, 1);
    touchPage(doc, id, 9);
    expect(getPage(doc, id)?.updatedAt).toBe(9);
    expect(() => touchPage(doc, 'missing')).not.toThrow();
  });
});
