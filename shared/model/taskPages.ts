/**
 * Links from tasks to pages of the workspace (documents or task lists): a task names the pages it
 * is about, and each page shows the tasks that name it (read from the task index, like "blocks" /
 * "blocked by").
 *
 * list doc, taskPages: Y.Map<'taskId pageId', true>
 *
 * One flat key per link at the root of the list's doc, not a set created on the task with its
 * first link: two people linking a task's first page apart would each create that set, and Yjs
 * would keep only one. Links made apart all stay; a link removed on one device while made again
 * on another stays (the new key was never removed).
 */
import type * as Y from 'yjs';
import { ModelError } from './errors';
import { Origin } from './origins';
import { PageKey } from './schema';
import { requireTask } from './tasks';
import { write } from './workspace';

/** Page ids are newId() strings (URL-safe, no spaces), so the first space ends the task id. */
const PAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function taskPageMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(PageKey.taskPages);
}

const keyOf = (taskId: string, pageId: string) => `${taskId} ${pageId}`;

/** Every task's linked pages in the list, each sorted: one pass, for the task index. */
export function pageLinksByTask(doc: Y.Doc): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const [key, on] of taskPageMap(doc).entries()) {
    const space = key.indexOf(' ');
    if (on !== true || space <= 0) continue;
    const taskId = key.slice(0, space);
    const pageId = key.slice(space + 1);
    if (!PAGE_ID.test(pageId)) continue;
    links.set(taskId, [...(links.get(taskId) ?? []), pageId]);
  }
  for (const pages of links.values()) pages.sort();
  return links;
}

/** The pages a task links to, sorted by id. */
export function linkedPages(doc: Y.Doc, taskId: string): string[] {
  return pageLinksByTask(doc).get(taskId) ?? [];
}

function checkPageId(pageId: string): void {
  if (typeof pageId !== 'string' || !PAGE_ID.test(pageId)) throw new ModelError('invalid-input', `Not a page: ${JSON.stringify(pageId)}.`);
}

export function linkPage(doc: Y.Doc, taskId: string, pageId: string, now = Date.now()): void {
  const record = requireTask(doc, taskId);
  checkPageId(pageId);
  write(doc, Origin.local, () => {
    taskPageMap(doc).set(keyOf(taskId, pageId), true);
    record.set('updatedAt', now);
  });
}

export function unlinkPage(doc: Y.Doc, taskId: string, pageId: string, now = Date.now()): void {
  const record = requireTask(doc, taskId);
  checkPageId(pageId);
  const links = taskPageMap(doc);
  if (!links.has(keyOf(taskId, pageId))) return;
  write(doc, Origin.local, () => {
    links.delete(keyOf(taskId, pageId));
    record.set('updatedAt', now);
  });
}
