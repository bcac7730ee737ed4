import type * as Y from 'yjs';
import { ModelError } from './errors';
import { newId } from './ids';
import { compareOrdered, keyForIndex } from './order';
import { Origin } from './origins';
import type { Page, PageKind } from './schema';
import { indexMaps, write } from './workspace';
import { num, numOrNull, recordOf, str, strOrNull, type YRecord } from './ymap';

function readPage(record: YRecord): Page {
  const kind = record.get('kind');
  return {
    id: str(record, 'id'),
    title: str(record, 'title'),
    kind: kind === 'tasks' ? 'tasks' : 'doc',
    parentId: strOrNull(record, 'parentId'),
    order: str(record, 'order', 'V'),
    createdAt: num(record, 'createdAt'),
    createdBy: str(record, 'createdBy'),
    updatedAt: num(record, 'updatedAt'),
    deletedAt: numOrNull(record, 'deletedAt'),
  };
}

/** Every page record, deleted ones included (they are tombstones for undo and trash). */
export function listPages(doc: Y.Doc): Page[] {
  return [...indexMaps(doc).pages.values()].map(readPage);
}

export function getPage(doc: Y.Doc, id: string): Page | null {
  const record = indexMaps(doc).pages.get(id);
  return record ? readPage(record) : null;
}

export interface PageNode {
  page: Page;
  depth: number;
  children: PageNode[];
}

/**
 * The visible tree. Replicas may hold states no single user made (a page
 * moved under a page someone else deleted; two pages moved under each
 * other), so the tree is derived by rules that give one answer everywhere:
 * - a page whose parent is missing, or that is itself on a parent loop, sits at the root;
 * - a deleted page hides its whole subtree (restoring it brings it back);
 * - siblings are ordered by order key, then id.
 */
export function pageTree(pages: readonly Page[]): PageNode[] {
  const byId = new Map(pages.map((page) => [page.id, page]));
  const effectiveParent = new Map<string, string | null>();
  for (const page of pages) effectiveParent.set(page.id, resolveParent(page, byId));

  const children = new Map<string | null, Page[]>();
  for (const page of pages) {
    const parent = effectiveParent.get(page.id) ?? null;
    const list = children.get(parent) ?? [];
    list.push(page);
    children.set(parent, list);
  }
  const build = (parent: string | null, depth: number): PageNode[] =>
    (children.get(parent) ?? [])
      .filter((page) => page.deletedAt === null)
      .sort(compareOrdered)
      .map((page) => ({ page, depth, children: build(page.id, depth + 1) }));
  return build(null, 0);
}

function resolveParent(page: Page, byId: ReadonlyMap<string, Page>): string | null {
  if (page.parentId === null || !byId.has(page.parentId)) return null;
  // Only a page that is itself on a loop is cut loose; pages hanging below a
  // loop (or below an orphan) keep their parent, so a whole subtree is never
  // flattened to the root and a deleted ancestor still hides it.
  const seen = new Set<string>();
  for (let cursor: string | null = page.parentId; cursor !== null && !seen.has(cursor); cursor = byId.get(cursor)?.parentId ?? null) {
    if (cursor === page.id) return null;
    seen.add(cursor);
  }
  return page.parentId;
}

/** Flattens a tree depth-first: the order of the sidebar. */
export function flattenTree(nodes: readonly PageNode[], isExpanded: (id: string) => boolean = () => true): PageNode[] {
  const out: PageNode[] = [];
  const visit = (list: readonly PageNode[]) => {
    for (const node of list) {
      out.push(node);
      if (isExpanded(node.page.id)) visit(node.children);
    }
  };
  visit(nodes);
  return out;
}

function siblingsOf(doc: Y.Doc, parentId: string | null, excludeId?: string): Page[] {
  return listPages(doc)
    .filter((page) => page.parentId === parentId && page.id !== excludeId && page.deletedAt === null)
    .sort(compareOrdered);
}

function requirePage(doc: Y.Doc, id: string): YRecord {
  const record = indexMaps(doc).pages.get(id);
  if (!record) throw new ModelError('not-found', `No page with id ${id}.`);
  return record;
}

export interface NewPage {
  title?: string;
  kind?: PageKind;
  parentId?: string | null;
  /** Position among siblings; default is last. */
  index?: number;
  by: string;
  id?: string;
}

export function createPage(doc: Y.Doc, input: NewPage, now = Date.now()): string {
  const parentId = input.parentId ?? null;
  if (parentId !== null) requirePage(doc, parentId);
  const siblings = siblingsOf(doc, parentId);
  const id = input.id ?? newId();
  write(doc, Origin.local, () => {
    indexMaps(doc).pages.set(
      id,
      recordOf({
        id,
        title: input.title?.trim() ?? '',
        kind: input.kind ?? 'doc',
        parentId,
        order: keyForIndex(siblings, input.index ?? siblings.length),
        createdAt: now,
        createdBy: input.by,
        updatedAt: now,
        deletedAt: null,
      }),
    );
  });
  return id;
}

export function renamePage(doc: Y.Doc, id: string, title: string, now = Date.now()): void {
  const record = requirePage(doc, id);
  write(doc, Origin.local, () => {
    record.set('title', title.trim());
    record.set('updatedAt', now);
  });
}

/** Moves a page under `parentId` (null = root) at `index` among its new siblings. */
export function movePage(doc: Y.Doc, id: string, parentId: string | null, index: number, now = Date.now()): void {
  const record = requirePage(doc, id);
  if (parentId !== null) {
    requirePage(doc, parentId);
    // Refuse a move that would put a page inside itself on this replica; a
    // concurrent one elsewhere is resolved by pageTree().
    const byId = new Map(listPages(doc).map((page) => [page.id, page]));
    // `seen` stops the walk on a loop left by concurrent moves elsewhere.
    const seen = new Set<string>();
    for (let cursor: string | null = parentId; cursor !== null && !seen.has(cursor); cursor = byId.get(cursor)?.parentId ?? null) {
      if (cursor === id) throw new ModelError('cycle', 'A page cannot be moved inside itself.');
      seen.add(cursor);
    }
  }
  const siblings = siblingsOf(doc, parentId, id);
  write(doc, Origin.local, () => {
    record.set('parentId', parentId);
    record.set('order', keyForIndex(siblings, index));
    record.set('updatedAt', now);
  });
}

/** Soft delete: the page and its subtree disappear from the tree and can be restored. */
export function deletePage(doc: Y.Doc, id: string, now = Date.now()): void {
  const record = requirePage(doc, id);
  write(doc, Origin.local, () => record.set('deletedAt', now));
}

export function restorePage(doc: Y.Doc, id: string): void {
  const record = requirePage(doc, id);
  write(doc, Origin.local, () => record.set('deletedAt', null));
}

/** Marks a page as edited; the sync layer uses it to find pages to fetch. Throttled by the caller. */
export function touchPage(doc: Y.Doc, id: string, now = Date.now()): void {
  const record = indexMaps(doc).pages.get(id);
  if (record) write(doc, Origin.local, () => record.set('updatedAt', now));
}
