/**
 * Every "urgent" override, for the whole workspace to see: an urgent notification reaches its
 * recipient at once, outside their hours and through their time off, so who used it, for whom,
 * when and where is kept where everyone can read it, and nobody can use it quietly.
 *
 * doc `urgent-<YYYYMM>` (the month it was sent, UTC): entries: Y.Map<id, UrgentEntry>
 *   written by the sender's device as it sends; never edited. A month per doc, so the log never
 *   grows one always-loaded doc: the Team view opens this month's while it is shown.
 */
import type * as Y from 'yjs';
import { isValidId } from '../protocol/rooms';
import { ModelError } from './errors';
import { newId } from './ids';
import { Origin } from './origins';
import { write } from './workspace';

export interface UrgentEntry {
  id: string;
  /** Who used urgent, and for whom (member ids). */
  by: string;
  to: string;
  at: number;
  /** Where: the page (or task list) and, on a task list, the task, with its title then. */
  pageId: string;
  taskId: string | null;
  title: string;
}

const MAX_TITLE = 200;

/** The doc that logs the urgent pings sent in the month of `at` (UTC). */
export function urgentLogDocId(at: number): string {
  const date = new Date(at);
  return `urgent-${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

const entries = (doc: Y.Doc) => doc.getMap<unknown>('entries');

/** Logs one urgent ping; returns its id. */
export function logUrgent(doc: Y.Doc, input: Omit<UrgentEntry, 'id' | 'at'>, now = Date.now()): string {
  for (const id of [input.by, input.to, input.pageId]) if (!isValidId(id)) throw new ModelError('invalid-input', 'An urgent ping names who sent it, to whom and where by id.');
  const id = newId();
  const entry: UrgentEntry = { id, by: input.by, to: input.to, at: now, pageId: input.pageId, taskId: input.taskId ?? null, title: input.title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE) };
  write(doc, Origin.local, () => entries(doc).set(id, entry));
  return id;
}

function readEntry(value: unknown): UrgentEntry | null {
  const entry = value as Partial<UrgentEntry> | null;
  if (!entry || typeof entry !== 'object' || typeof entry.id !== 'string' || typeof entry.by !== 'string' || typeof entry.to !== 'string') return null;
  if (typeof entry.at !== 'number' || typeof entry.pageId !== 'string') return null;
  return { id: entry.id, by: entry.by, to: entry.to, at: entry.at, pageId: entry.pageId, taskId: typeof entry.taskId === 'string' ? entry.taskId : null, title: typeof entry.title === 'string' ? entry.title : '' };
}

/** The month's urgent pings, newest first (damaged entries skipped). */
export function listUrgent(doc: Y.Doc): UrgentEntry[] {
  return [...entries(doc).values()]
    .map(readEntry)
    .filter((entry): entry is UrgentEntry => entry !== null)
    .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
}

/** Who used urgent for whom, and how often: most first ("Kenji → Ben: 3"). */
export function urgentTally(log: readonly UrgentEntry[]): { by: string; to: string; count: number }[] {
  const counts = new Map<string, { by: string; to: string; count: number }>();
  for (const entry of log) {
    const key = `${entry.by} ${entry.to}`;
    const known = counts.get(key);
    if (known) known.count++;
    else counts.set(key, { by: entry.by, to: entry.to, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.by.localeCompare(b.by) || a.to.localeCompare(b.to));
}
