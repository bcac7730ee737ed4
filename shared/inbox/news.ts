/**
 * What others did to one doc since a baseline (baseline.ts), read from the doc alone on this
 * device: the Yjs id of every record and run of text says whether it came after the baseline, and
 * its author field (or the doc's authors map, shared/model/authors.ts) says who. No network, no
 * clock: a teammate's clock that runs wrong cannot hide or invent news.
 *
 * A summary is small and plain (JSON), so the inbox keeps it on the device and shows it at once on
 * the next start; each list keeps at most MAX_ITEMS entries and says how many there were.
 */
import * as Y from 'yjs';
import { authorsOf } from '../model/authors';
import { mergeMap, openMerges } from '../model/merges';
import { PageKey } from '../model/schema';
import { isAfter, type Baseline } from './baseline';
import { contentOf, eachRunSince } from './walk';

export const MAX_ITEMS = 50;
const QUOTE_CHARS = 140;

/** Who did it: a member id, or '' when the doc does not say (an older client wrote it). */
export type By = string;

export interface TaskNews {
  id: string;
  title: string;
  /** Made after the baseline (not only changed). */
  created: boolean;
  /** Fields set since (status, assignees, dueDate …). */
  fields: string[];
  by: By[];
}

export interface DocNews {
  docId: string;
  /** Everyone who did something here since, in the order first met. */
  people: By[];
  /** Characters added per person, and removed (by anyone: Yjs does not say who removed text). */
  text: { added: Record<By, number>; removed: number } | null;
  threads: { by: By; at: number; quote: string }[];
  replies: { by: By; at: number; quote: string }[];
  suggestions: { by: By; at: number }[];
  tasks: TaskNews[];
  taskComments: { by: By; at: number; task: string }[];
  handoffs: { task: string; from: By; to: By; at: number }[];
  checkIns: { by: By; day: string; at: number; blocked: string | null }[];
  /** Edits two sides made differently while apart, found on a reconnect and not yet reviewed (shared/model/merges.ts). Mine too: I was one of the sides. */
  merges: { kind: 'paragraph' | 'task'; label: string; field: string | null; people: By[] }[];
  /** How many there were, where a list was cut at MAX_ITEMS. */
  counts: Partial<Record<'threads' | 'replies' | 'suggestions' | 'tasks' | 'taskComments' | 'handoffs' | 'checkIns' | 'merges', number>>;
  /** The latest time a record states (0 if none: text carries no time). */
  at: number;
}

export interface NewsOptions {
  /** This person's own changes are not news to them. */
  me: string;
  /** Check-in questions whose answer says what blocks someone (their text is shown). */
  blockedQuestions?: ReadonlySet<string>;
}

type Record_ = Y.Map<unknown>;

/** Bookkeeping that follows other fields (when it was done, its place, handoffs listed apart). */
const UNTOLD_FIELDS = new Set(['updatedAt', 'completedAt', 'handoffs']);

/** An entry of a map type made after the baseline, if any (still there: Yjs keeps no id for a removal). */
function newestIn(type: Y.AbstractType<unknown>, isNew: (item: Y.Item) => boolean): Y.Item | null {
  for (const item of type._map.values()) if (!item.deleted && isNew(item)) return item;
  return null;
}

const itemOf = (type: Y.AbstractType<unknown>): Y.Item | null => type._item;
const fieldItem = (record: Record_, key: string): Y.Item | undefined => (record as unknown as Y.AbstractType<unknown>)._map.get(key);
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const time = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** A message's first words, whatever shape its parts have; a mention reads `@[memberId]`, for the reader's screen to name. */
function quoteOf(parts: unknown): string {
  if (!Array.isArray(parts)) return '';
  const words = parts.map((part: { text?: unknown; mention?: unknown }) => (typeof part?.text === 'string' ? part.text : typeof part?.mention === 'string' ? `@[${part.mention}]` : '')).join('');
  return words.length > QUOTE_CHARS ? `${words.slice(0, QUOTE_CHARS - 1)}…` : words;
}

class Collector {
  readonly people: By[] = [];
  readonly counts: DocNews['counts'] = {};
  at = 0;

  constructor(private readonly me: string) {}

  /** Whether `by`'s doing is news (not mine); notes them as someone who did something. */
  counts_(by: By): boolean {
    if (by === this.me) return false;
    if (!this.people.includes(by)) this.people.push(by);
    return true;
  }

  push<T>(list: T[], kind: keyof DocNews['counts'], entry: T, at: number): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    if (list.length < MAX_ITEMS) list.push(entry);
    this.at = Math.max(this.at, at);
  }
}

function messagesOf(thread: Record_): Y.Map<unknown>[] {
  const messages = thread.get('messages');
  return messages instanceof Y.Array ? messages.toArray().filter((message): message is Y.Map<unknown> => message instanceof Y.Map) : [];
}

/** What others did to `doc` after `baseline` (`removedByMe`: characters there then that I removed since); null when nothing. */
export function newsOf(docId: string, doc: Y.Doc, baseline: Baseline, options: NewsOptions, removedByMe = 0): DocNews | null {
  const authors = authorsOf(doc);
  const who = (item: Y.Item | null | undefined): By => (item ? (authors.get(item.id.client) ?? '') : '');
  const isNew = (item: Y.Item | null | undefined) => !!item && isAfter(baseline, item.id);
  const found = new Collector(options.me);
  const news: DocNews = { docId, people: found.people, text: null, threads: [], replies: [], suggestions: [], tasks: [], taskComments: [], handoffs: [], checkIns: [], merges: [], counts: found.counts, at: 0 };

  // Text: what each person added that is still there; what is gone since, from the lengths.
  const added: Record<By, number> = {};
  let length = 0;
  let addedByAnyone = 0;
  const content = contentOf(doc);
  if (content) eachRunSince(content, baseline, (item, run, isAdded) => {
    length += run.length;
    if (!isAdded) return;
    addedByAnyone += run.length;
    const by = who(item);
    if (by === options.me) return;
    added[by] = (added[by] ?? 0) + run.length;
  });
  // Yjs does not say who removed text: what this device saw me remove (removedByMe) is taken out.
  const removed = Math.max(0, baseline.length + addedByAnyone - length - removedByMe);
  if (Object.keys(added).length > 0 || removed > 0) {
    Object.keys(added).forEach((by) => found.counts_(by));
    news.text = { added, removed };
  }

  // Review threads and their replies.
  doc.getMap<unknown>(PageKey.comments).forEach((thread) => {
    if (!(thread instanceof Y.Map)) return;
    const threadIsNew = isNew(itemOf(thread as Y.AbstractType<unknown>));
    messagesOf(thread).forEach((message, index) => {
      if (!isNew(itemOf(message as Y.AbstractType<unknown>))) return;
      const by = text(message.get('author'));
      if (!found.counts_(by)) return;
      const entry = { by, at: time(message.get('at')), quote: quoteOf(message.get('parts')) };
      if (threadIsNew && index === 0) found.push(news.threads, 'threads', entry, entry.at);
      else found.push(news.replies, 'replies', entry, entry.at);
    });
  });

  // Suggested edits: one `<id>` key per suggestion (decisions are `<id>@…`).
  doc.getMap<unknown>(PageKey.suggestions).forEach((value, key) => {
    if (key.includes('@') || !isNew(fieldItem(doc.getMap<unknown>(PageKey.suggestions), key))) return;
    const record = value as { author?: unknown; at?: unknown } | null;
    const by = text(record?.author);
    if (found.counts_(by)) found.push(news.suggestions, 'suggestions', { by, at: time(record?.at) }, time(record?.at));
  });

  // Tasks: made or changed since, field by field, and handoffs.
  doc.getMap<unknown>(PageKey.tasks).forEach((task, taskId) => {
    if (!(task instanceof Y.Map)) return;
    const maker = who(itemOf(task as Y.AbstractType<unknown>));
    // One I made since is no news as made; what others set on it since is.
    const created = isNew(itemOf(task as Y.AbstractType<unknown>)) && maker !== options.me;
    const fields: string[] = [];
    const by: By[] = [];
    (task as unknown as Y.AbstractType<unknown>)._map.forEach((item, field) => {
      if (UNTOLD_FIELDS.has(field)) return;
      // Sets of ids (assignees, labels) are maps of their own: an id added to one is a change of the field.
      const changed = isNew(item) ? item : item.content instanceof Y.ContentType ? newestIn(item.content.type as Y.AbstractType<unknown>, isNew) : null;
      if (!changed) return;
      const author = who(changed);
      if (author === options.me) return;
      fields.push(field);
      if (!by.includes(author)) by.push(author);
    });
    const title = text(task.get('title'));
    // A task made since is told once, as its maker's; what others set on it since is part of it.
    if (created) by.splice(0, by.length, maker);
    if ((created || fields.length > 0) && by.length > 0) {
      by.forEach((author) => found.counts_(author));
      found.push(news.tasks, 'tasks', { id: taskId, title, created, fields: created ? [] : fields.sort(), by }, time(task.get('updatedAt')));
    }
    const handoffs = task.get('handoffs');
    if (handoffs instanceof Y.Map) {
      handoffs.forEach((handoff) => {
        if (!(handoff instanceof Y.Map) || !isNew(itemOf(handoff as Y.AbstractType<unknown>))) return;
        const from = text(handoff.get('from'));
        if (found.counts_(from)) found.push(news.handoffs, 'handoffs', { task: title, from, to: text(handoff.get('to')), at: time(handoff.get('at')) }, time(handoff.get('at')));
      });
    }
  });

  // Comments on tasks.
  const titles = doc.getMap<unknown>(PageKey.tasks);
  doc.getMap<unknown>(PageKey.taskComments).forEach((message) => {
    if (!(message instanceof Y.Map) || !isNew(itemOf(message as Y.AbstractType<unknown>))) return;
    const by = text(message.get('author'));
    const task = titles.get(text(message.get('taskId')));
    if (found.counts_(by)) found.push(news.taskComments, 'taskComments', { by, at: time(message.get('at')), task: task instanceof Y.Map ? text(task.get('title')) : '' }, time(message.get('at')));
  });

  // Check-ins (their own docs): an answer given, or given again, since.
  const answers = doc.getMap<unknown>('answers');
  answers.forEach((value, key) => {
    if (!isNew(fieldItem(answers, key))) return;
    const record = value as { member?: unknown; day?: unknown; at?: unknown; answers?: unknown } | null;
    const by = text(record?.member);
    if (!found.counts_(by)) return;
    const blocked = Array.isArray(record?.answers)
      ? (record.answers as { question?: unknown; text?: unknown }[]).find((answer) => typeof answer?.question === 'string' && options.blockedQuestions?.has(answer.question) && text(answer.text))
      : undefined;
    found.push(news.checkIns, 'checkIns', { by, day: text(record?.day), at: time(record?.at), blocked: blocked ? quoteOf([{ text: blocked.text }]) : null }, time(record?.at));
  });

  // Merges waiting for review, found since (by this device or another).
  const records = mergeMap(doc);
  for (const merge of openMerges(doc)) {
    if (!isNew(fieldItem(records as unknown as Record_, merge.id))) continue;
    const people = [...new Set(merge.sides.flatMap((side) => side.members))];
    found.push(news.merges, 'merges', { kind: merge.kind, label: merge.label, field: merge.field, people }, merge.at);
  }

  // In the order they happened (as far as each record says), whatever order the maps hold them in.
  for (const list of [news.threads, news.replies, news.suggestions, news.taskComments, news.handoffs, news.checkIns]) list.sort((a, b) => a.at - b.at);
  news.at = found.at;
  return found.people.length > 0 || news.text || news.merges.length > 0 ? news : null;
}
