/**
 * Comment threads anchored to ranges of a page's text (see comments-anchor.ts).
 *
 * page doc, comments: Y.Map<threadId, Y.Map>
 *   createdAt, createdBy, quote, resolved, resolvedBy, resolvedAt   scalars
 *   start, end            Uint8Array (Y.encodeRelativePosition): first and last character
 *   startPath, endPath    Uint8Array[]: the same ends attached to each ancestor node,
 *                         so a range survives the deletion of the paragraph it started in
 *   messages              Y.Array<Y.Map { id, author, at, parts (JSON), editedAt, deleted,
 *                         reactions: Y.Map<'memberId emoji', true> }>
 *   (a message's shape, reactions and rules are in comments-messages.ts)
 *
 * Nothing here deletes a thread or a message: deleting text leaves the thread
 * (read 'deleted' with its quote), and deleting a message only blanks it.
 * Reading is defensive: entries come from other clients, possibly older,
 * newer or hostile, so a bad field reads as its default and never hides the
 * rest of the thread, nor other threads.
 */
import * as Y from 'yjs';
import { anchorChains, resolveChains, type AnchorState } from './comments-anchor';
import { pageContent } from './content';
import { checkAuthor, messageDeletion, messageEdit, newMessage, reactionToggle, readMessage, type CommentMessage } from './comments-messages';
import { checkParts, type CommentPart } from './comments-parts';
import { ModelError } from './errors';
import { newId } from './ids';
import { Origin, type OriginName } from './origins';
import { PageKey } from './schema';
import { write } from './workspace';
import { num, numOrNull, recordOf, str, strOrNull, type YRecord } from './ymap';

export type { CommentMessage } from './comments-messages';

export interface CommentThread {
  id: string;
  createdAt: number;
  createdBy: string;
  /** The text the thread was made on, kept for when that text is deleted. */
  quote: string;
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  resolved: boolean;
  resolvedBy: string | null;
  resolvedAt: number | null;
  messages: CommentMessage[];
}

export interface NewThread {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  quote: string;
  author: string;
  parts: CommentPart[];
  at?: number;
}

export interface NewMessage {
  author: string;
  parts: CommentPart[];
  at?: number;
}

export function commentMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(PageKey.comments);
}

// ---- reading ----------------------------------------------------------------

/** Points nowhere: what a missing or unreadable position reads as (resolves 'deleted'). */
function nowhere(): Y.RelativePosition {
  return new Y.RelativePosition(null, null, null, 0);
}

function decodePosition(value: unknown): Y.RelativePosition | null {
  if (!(value instanceof Uint8Array)) return null;
  try {
    return Y.decodeRelativePosition(value);
  } catch {
    return null;
  }
}

function decodeChain(value: unknown): Y.RelativePosition[] {
  if (!Array.isArray(value)) return [];
  return value.map(decodePosition).filter((position): position is Y.RelativePosition => position !== null);
}

function messageRecords(thread: YRecord): YRecord[] {
  const messages = thread.get('messages');
  if (!(messages instanceof Y.Array)) return [];
  return (messages as Y.Array<unknown>).toArray().filter((item): item is YRecord => item instanceof Y.Map);
}

function readThread(id: string, record: YRecord): CommentThread {
  return {
    id,
    createdAt: num(record, 'createdAt'),
    createdBy: str(record, 'createdBy'),
    quote: str(record, 'quote'),
    start: decodePosition(record.get('start')) ?? nowhere(),
    end: decodePosition(record.get('end')) ?? nowhere(),
    resolved: record.get('resolved') === true,
    resolvedBy: strOrNull(record, 'resolvedBy'),
    resolvedAt: numOrNull(record, 'resolvedAt'),
    messages: messageRecords(record).map(readMessage),
  };
}

/** Every thread, resolved ones and ones on deleted text included, oldest first. */
export function listThreads(doc: Y.Doc): CommentThread[] {
  const threads: CommentThread[] = [];
  for (const [id, record] of commentMap(doc).entries()) {
    if (record instanceof Y.Map) threads.push(readThread(id, record as YRecord));
  }
  return threads.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function getThread(doc: Y.Doc, threadId: string): CommentThread | null {
  const record = commentMap(doc).get(threadId);
  return record instanceof Y.Map ? readThread(threadId, record as YRecord) : null;
}

/**
 * Where a thread's anchor is now, in Yjs terms: a live range (its text, text
 * nodes joined by newlines), or 'deleted' when every character in it is gone
 * (or, briefly, when this replica has not yet received the text it is on).
 */
export function resolveAnchor(doc: Y.Doc, thread: Pick<CommentThread, 'id' | 'start' | 'end'>): AnchorState {
  pageContent(doc); // a root type Yjs has received but nobody asked for yet is untyped: make it the fragment it is
  const record = commentMap(doc).get(thread.id);
  const stored = record instanceof Y.Map ? (record as YRecord) : null;
  return resolveChains(doc, {
    start: [thread.start, ...decodeChain(stored?.get('startPath'))],
    end: [thread.end, ...decodeChain(stored?.get('endPath'))],
  });
}

// ---- writing ----------------------------------------------------------------

function requireThread(doc: Y.Doc, threadId: string): YRecord {
  const record = commentMap(doc).get(threadId);
  if (!(record instanceof Y.Map)) throw new ModelError('not-found', `No comment thread with id ${threadId}.`);
  return record as YRecord;
}

function requireMessage(thread: YRecord, messageId: string): YRecord {
  const record = messageRecords(thread).find((message) => message.get('id') === messageId);
  if (!record) throw new ModelError('not-found', `No comment with id ${messageId} in this thread.`);
  return record;
}

/** Starts a thread on a range of the page's text with its first message; returns the thread id. */
export function createThread(doc: Y.Doc, input: NewThread, origin: OriginName = Origin.local): string {
  checkAuthor(input.author);
  const parts = checkParts(input.parts);
  pageContent(doc);
  const chains = anchorChains(doc, input.start, input.end);
  const at = input.at ?? Date.now();
  const id = newId();
  write(doc, origin, () => {
    const [start, ...startPath] = chains.start;
    const [end, ...endPath] = chains.end;
    const record = recordOf({
      createdAt: at,
      createdBy: input.author,
      quote: String(input.quote ?? ''),
      start: Y.encodeRelativePosition(start!),
      end: Y.encodeRelativePosition(end!),
      startPath: startPath.map((position) => Y.encodeRelativePosition(position)),
      endPath: endPath.map((position) => Y.encodeRelativePosition(position)),
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
    });
    const messages = new Y.Array<YRecord>();
    record.set('messages', messages);
    commentMap(doc).set(id, record);
    messages.push([newMessage(newId(), input.author, parts, at)]);
  });
  return id;
}

/** Adds a message at the end of a thread; returns its id. Replying does not reopen a resolved thread. */
export function replyToThread(doc: Y.Doc, threadId: string, input: NewMessage, origin: OriginName = Origin.local): string {
  checkAuthor(input.author);
  const parts = checkParts(input.parts);
  const thread = requireThread(doc, threadId);
  const id = newId();
  write(doc, origin, () => {
    let messages = thread.get('messages');
    if (!(messages instanceof Y.Array)) {
      messages = new Y.Array<YRecord>();
      thread.set('messages', messages);
    }
    (messages as Y.Array<YRecord>).push([newMessage(id, input.author, parts, input.at ?? Date.now())]);
  });
  return id;
}

export function editMessage(
  doc: Y.Doc,
  threadId: string,
  messageId: string,
  by: string,
  parts: CommentPart[],
  origin: OriginName = Origin.local,
): void {
  write(doc, origin, messageEdit(requireMessage(requireThread(doc, threadId), messageId), by, parts));
}

/** Blanks a message and marks it deleted; the thread keeps its place for it ("comment deleted"). */
export function deleteMessage(doc: Y.Doc, threadId: string, messageId: string, by: string, origin: OriginName = Origin.local): void {
  write(doc, origin, messageDeletion(requireMessage(requireThread(doc, threadId), messageId), by));
}

export function setThreadResolved(doc: Y.Doc, threadId: string, resolved: boolean, by: string, origin: OriginName = Origin.local): void {
  checkAuthor(by);
  const thread = requireThread(doc, threadId);
  write(doc, origin, () => {
    thread.set('resolved', resolved);
    thread.set('resolvedBy', resolved ? by : null);
    thread.set('resolvedAt', resolved ? Date.now() : null);
  });
}

/** Adds `by`'s reaction with `emoji` to a message, or takes it back if it is there. */
export function toggleReaction(
  doc: Y.Doc,
  threadId: string,
  messageId: string,
  emoji: string,
  by: string,
  origin: OriginName = Origin.local,
): void {
  write(doc, origin, reactionToggle(requireMessage(requireThread(doc, threadId), messageId), emoji, by));
}
