/**
 * Builds a synthetic workspace with the real model functions and writes it
 * into a browser's IndexedDB in y-indexeddb's layout, one database per doc.
 */
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { addTask, appendParagraph, createPage, DEFAULT_WORKING_HOURS, initWorkspace, newId, setTaskDone } from '../shared/model';
import { INDEX_DOC_ID } from '../shared/protocol/rooms';
import { addStoredUpdates } from '../test/helpers/storedDocs';

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

/**
 * Writes every doc as its own database `baton/<workspaceId>/<docId>`, one full-state update each
 * (test/helpers/storedDocs.ts), and stores the device profile. `page` must be on the app's origin.
 */
export async function writeWorkspace(page: Page, workspace: SeededWorkspace): Promise<void> {
  await addStoredUpdates(page, workspace.docs.map((doc) => ({ name: `baton/${workspace.workspaceId}/${doc.docId}`, update: doc.update })));
  await page.evaluate((device) => localStorage.setItem('baton:device', JSON.stringify(device)), workspace.device);
}
