/**
 * Builds a synthetic workspace with the real model functions and writes it
 * into a browser's IndexedDB in y-indexeddb's layout, one database per doc.
 */
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { addTask, appendParagraph, createPage, DEFAULT_WORKING_HOURS, initWorkspace, newId, setTaskDone } from '../shared/model';
import { INDEX_DOC_ID } from '../shared/protocol/rooms';

export const TASKS_PER_LIST = 100;
const PARAGRAPHS_PER_PAGE = 4;
const SECTION_SIZE = 10;

export interface SeedSize {
  pages: number;
  tasks: number;
}

export interface SeededWorkspace {
  workspaceId: string;
  device: object;
  docs: { docId: string; update: Uint8Array }[];
  /** A task list holding TASKS_PER_LIST tasks. */
  tasksPageId: string;
  /** A doc page with a few paragraphs. */
  docPageId: string;
  bytes: number;
}

const WORDS = 'plan review ship draft sync notes launch follow up budget hiring design research roadmap retro metrics'.split(' ');

function sentence(seed: number, length: number): string {
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(WORDS[(seed * 7 + i * 13) % WORDS.length]!);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

/** `size.tasks / TASKS_PER_LIST` task lists and the rest doc pages, in sections of ten, some two levels deep. */
export function generateWorkspace(size: SeedSize): SeededWorkspace {
  const lists = Math.round(size.tasks / TASKS_PER_LIST);
  if (lists < 1 || lists > size.pages) throw new Error(`cannot spread ${size.tasks} tasks over ${size.pages} pages`);
  const now = Date.UTC(2026, 0, 15);
  const workspaceId = newId();
  const memberId = newId();
  const profile = { memberId, name: 'Bench', color: '#2563eb', timezone: 'UTC', workingHours: DEFAULT_WORKING_HOURS };
  const index = new Y.Doc();
  initWorkspace(index, { id: workspaceId, name: `Bench ${size.pages}`, creator: { id: memberId, name: 'Bench', color: '#2563eb', timezone: 'UTC', workingHours: DEFAULT_WORKING_HOURS, joinedAt: now } }, now);

  const docs: SeededWorkspace['docs'] = [];
  const taskEvery = size.pages / lists;
  let listsMade = 0;
  let section: string | null = null;
  let previous: string | null = null;
  let tasksPageId = '';
  let docPageId = '';
  for (let i = 0; i < size.pages; i++) {
    const isList = listsMade < lists && i >= Math.round(listsMade * taskEvery + taskEvery / 2) - 1;
    const parentId: string | null = i % SECTION_SIZE === 0 ? null : i % 5 === 0 && previous ? previous : section;
    const id = createPage(index, { title: `${isList ? 'Tasks' : 'Page'} ${i + 1}: ${sentence(i, 3)}`, kind: isList ? 'tasks' : 'doc', parentId, by: memberId }, now);
    if (parentId === null) section = id;
    previous = id;
    const doc = new Y.Doc();
    if (isList) {
      listsMade++;
      for (let t = 0; t < TASKS_PER_LIST; t++) {
        const day = String((t % 28) + 1).padStart(2, '0');
        const taskId = addTask(doc, { title: sentence(i + t, 5), by: memberId, assignees: t % 3 ? [memberId] : [], dueDate: t % 2 ? `2026-02-${day}` : null }, now);
        if (t % 4 === 0) setTaskDone(doc, taskId, true, now);
      }
      if (!tasksPageId) tasksPageId = id;
    } else {
      for (let p = 0; p < PARAGRAPHS_PER_PAGE; p++) appendParagraph(doc, sentence(i + p, 20));
      if (!docPageId) docPageId = id;
    }
    docs.push({ docId: id, update: Y.encodeStateAsUpdate(doc) });
    doc.destroy();
  }
  docs.unshift({ docId: INDEX_DOC_ID, update: Y.encodeStateAsUpdate(index) });
  index.destroy();
  const device = { profile, workspaces: [{ id: workspaceId, name: `Bench ${size.pages}`, relay: null }], currentWorkspaceId: workspaceId };
  const bytes = docs.reduce((sum, doc) => sum + doc.update.byteLength, 0);
  return { workspaceId, device, docs, tasksPageId, docPageId, bytes };
}

const BATCH = 100;

/**
 * Writes every doc as its own database `baton/<workspaceId>/<docId>`, exactly
 * as y-indexeddb creates it (version 1, stores 'updates' autoIncrement and
 * 'custom'), one full-state update each, and stores the device profile.
 * `page` must be on the app's origin.
 */
export async function writeWorkspace(page: Page, workspace: SeededWorkspace): Promise<void> {
  for (let start = 0; start < workspace.docs.length; start += BATCH) {
    const batch = workspace.docs.slice(start, start + BATCH).map((doc) => ({
      name: `baton/${workspace.workspaceId}/${doc.docId}`,
      data: Buffer.from(doc.update).toString('base64'),
    }));
    // No named inner functions: the body runs in the page, outside this module.
    await page.evaluate(
      (items) =>
        Promise.all(
          items.map(
            (item) =>
              new Promise<void>((resolve, reject) => {
                const request = indexedDB.open(item.name);
                request.onupgradeneeded = () => {
                  request.result.createObjectStore('updates', { autoIncrement: true });
                  request.result.createObjectStore('custom');
                };
                request.onerror = () => reject(request.error);
                request.onsuccess = () => {
                  const db = request.result;
                  const binary = atob(item.data);
                  const bytes = new Uint8Array(binary.length);
                  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
                  const tx = db.transaction('updates', 'readwrite');
                  tx.objectStore('updates').add(bytes);
                  tx.oncomplete = () => {
                    db.close();
                    resolve();
                  };
                  tx.onerror = () => reject(tx.error);
                };
              }),
          ),
        ).then(() => undefined),
      batch,
    );
  }
  await page.evaluate((device) => localStorage.setItem('baton:device', JSON.stringify(device)), workspace.device);
}
