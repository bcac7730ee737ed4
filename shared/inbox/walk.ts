/**
 * Reads a page's text item by item, the way Yjs holds it: each run of characters one client typed
 * in one go is one item, with that client's id. Deleted runs are skipped.
 */
import * as Y from 'yjs';
import { PageKey } from '../model/schema';
import type { Baseline } from './baseline';

/** Calls `visit` with each run of live text under `type`, in document order. */
export function eachRun(type: Y.AbstractType<unknown>, visit: (item: Y.Item, text: string) => void): void {
  for (let item = type._start; item; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentString) visit(item, content.str);
    else if (content instanceof Y.ContentType) eachRun(content.type as Y.AbstractType<unknown>, visit);
  }
}

/**
 * The same, each run split where `baseline` falls inside it: `added` says whether its characters
 * came after the baseline. One item can hold both: Yjs merges what one client typed in a row into
 * one item (a character's clock is the item's clock plus its offset), also when the second half
 * arrives long after the first was seen.
 */
export function eachRunSince(type: Y.AbstractType<unknown>, baseline: Baseline, visit: (item: Y.Item, text: string, added: boolean) => void): void {
  eachRun(type, (item, text) => {
    const before = charactersBefore(baseline, item, text.length);
    if (before > 0) visit(item, text.slice(0, before), false);
    if (before < text.length) visit(item, text.slice(before), true);
  });
}

/** How many of the `length` characters of `item` (from its first) were there at `baseline`. */
export function charactersBefore(baseline: Baseline, item: Y.Item, length: number): number {
  return Math.min(length, Math.max(0, (baseline.sv.get(item.id.client) ?? 0) - item.id.clock));
}

/**
 * The page's text as the doc holds it, without making it: `getXmlFragment` on a doc that has no
 * text (a task list) adds an empty root, and on one read in the background, the sync engine's next
 * exchanges with it slowed tenfold (bench:inbox). Null when the doc has none.
 */
export function contentOf(doc: Y.Doc): Y.AbstractType<unknown> | null {
  return (doc.share.get(PageKey.content) as Y.AbstractType<unknown> | undefined) ?? null;
}

/** The page's top-level blocks (paragraphs, headings, lists …), live ones only, in order. */
export function eachBlock(doc: Y.Doc, visit: (block: Y.AbstractType<unknown>, item: Y.Item) => void): void {
  const fragment = contentOf(doc);
  if (!fragment) return;
  for (let item = fragment._start; item; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentType) visit(item.content.type as Y.AbstractType<unknown>, item);
  }
}

/** Characters of live text in the page. */
export function textLength(doc: Y.Doc): number {
  let length = 0;
  const content = contentOf(doc);
  if (content) eachRun(content, (_item, text) => {
    length += text.length;
  });
  return length;
}
