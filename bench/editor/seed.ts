/**
 * The pages `npm run bench:editor` types into, made with the real model functions and
 * written into IndexedDB as y-indexeddb lays it out (bench/seed.ts): per size, one page with
 * comment threads and pending suggestions and one with the same text and neither, plus
 * the same text as ProseMirror JSON for the plain TipTap editor.
 */
import * as Y from 'yjs';
import { anchorFromRange, appendParagraph, createPage, createThread, DEFAULT_WORKING_HOURS, initWorkspace, newId, Origin, write } from '../../shared/model';
import { recordSuggestion } from '../../shared/model/suggestions';
import { INDEX_DOC_ID } from '../../shared/protocol/rooms';
import type { SeededWorkspace } from '../seed';

/** Paragraphs of WORDS_PER_PARAGRAPH words that fill one 1280×860 window's page column (measured: the bench prints the screens it saw). */
export const PARAGRAPHS_PER_SCREEN = 8;
const WORDS_PER_PARAGRAPH = 60;
const WORDS = 'plan review ship draft sync notes launch follow up budget hiring design research roadmap retro metrics owner timeline scope risk'.split(' ');

export interface ReviewCounts {
  threads: number;
  suggestions: number;
}

export interface EditorPages {
  workspace: SeededWorkspace;
  /** Page ids by screens: without review marks, and with them where `reviewed` asked for it. */
  pages: Map<number, { review: string | null; clean: string }>;
  /** ProseMirror JSON of each size's text, for the plain editor. */
  plain: Map<number, object>;
  /** Top-level blocks of each size's page, to tell when an editor shows all of it. */
  blocks: Map<number, number>;
}

function paragraphText(index: number): string {
  const words: string[] = [];
  for (let i = 0; i < WORDS_PER_PARAGRAPH; i++) words.push(WORDS[(index * 7 + i * 13) % WORDS.length]!);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

/** Word boundaries of a text: [start, length] of each word. */
function wordsOf(text: string): [number, number][] {
  return [...text.matchAll(/[a-z]+/gi)].map((match) => [match.index, match[0].length]);
}

/**
 * Threads and suggestions spread evenly over the page's words: thread k on one word, suggestion
 * k on the word after the next, so none overlap and every paragraph region carries some. Even
 * suggestions are insertions, odd ones deletions; each has its `suggestions` map record, as the
 * editor writes them (marks become text attributes `insertion: { id }` under y-tiptap).
 */
function addReview(doc: Y.Doc, texts: Y.XmlText[], counts: ReviewCounts, memberId: string, now: number): void {
  const slots = texts.flatMap((text) => wordsOf(text.toString()).map(([index, length]) => ({ text, index, length })));
  const marks = counts.threads + counts.suggestions;
  const pitch = Math.floor(slots.length / Math.max(counts.threads, counts.suggestions));
  if (pitch < 3) throw new Error(`${slots.length} words cannot carry ${marks} separate threads and suggestions`);
  for (let k = 0; k < counts.threads; k++) {
    const slot = slots[k * pitch]!;
    const anchor = anchorFromRange(slot.text, slot.index, slot.length);
    createThread(doc, { ...anchor, author: memberId, parts: [{ text: `Thread ${k + 1}: is this right?` }], at: now });
  }
  for (let k = 0; k < counts.suggestions; k++) {
    const slot = slots[k * pitch + 2]!;
    const id = newId();
    const mark = k % 2 === 0 ? 'insertion' : 'deletion';
    write(doc, Origin.local, () => slot.text.format(slot.index, slot.length, { [mark]: { id } }));
    recordSuggestion(doc, id, memberId, now);
  }
}

/** A page per size in `screens`, and a copy with `counts` review marks for each size in `reviewed`. */
export function seedEditorPages(screens: readonly number[], reviewed: readonly number[], counts: ReviewCounts): EditorPages {
  const now = Date.UTC(2026, 0, 15);
  const workspaceId = newId();
  const memberId = newId();
  const member = { id: memberId, name: 'Bench', color: '#2563eb', timezone: 'UTC', workingHours: DEFAULT_WORKING_HOURS, joinedAt: now };
  const index = new Y.Doc();
  initWorkspace(index, { id: workspaceId, name: 'Bench editor', creator: member }, now);
  const docs: SeededWorkspace['docs'] = [];
  const pages: EditorPages['pages'] = new Map();
  const plain: EditorPages['plain'] = new Map();
  const blocks: EditorPages['blocks'] = new Map();
  for (const size of screens) {
    const paragraphs = Array.from({ length: size * PARAGRAPHS_PER_SCREEN }, (_, i) => paragraphText(i));
    const ids: { review: string | null; clean: string } = { review: null, clean: '' };
    for (const kind of reviewed.includes(size) ? (['review', 'clean'] as const) : (['clean'] as const)) {
      const title = `${size === 1 ? 'One screen' : `${size} screens`}${kind === 'review' ? `, ${counts.threads} threads and ${counts.suggestions} suggestions` : ''}`;
      const id = createPage(index, { title, kind: 'doc', parentId: null, by: memberId }, now);
      const doc = new Y.Doc();
      const texts = paragraphs.map((text) => appendParagraph(doc, text));
      if (kind === 'review') addReview(doc, texts, counts, memberId, now);
      docs.push({ docId: id, update: Y.encodeStateAsUpdate(doc) });
      doc.destroy();
      ids[kind] = id;
    }
    pages.set(size, ids);
    plain.set(size, { type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });
    blocks.set(size, paragraphs.length);
  }
  docs.unshift({ docId: INDEX_DOC_ID, update: Y.encodeStateAsUpdate(index) });
  index.destroy();
  const profile = { memberId, name: 'Bench', color: '#2563eb', timezone: 'UTC', workingHours: DEFAULT_WORKING_HOURS };
  const device = { profile, workspaces: [{ id: workspaceId, name: 'Bench editor', relay: null }], currentWorkspaceId: workspaceId };
  const bytes = docs.reduce((sum, doc) => sum + doc.update.byteLength, 0);
  const firstPage = pages.values().next().value!.clean;
  return { workspace: { workspaceId, device, docs, tasksPageId: firstPage, docPageId: firstPage, bytes }, pages, plain, blocks };
}
