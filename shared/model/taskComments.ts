/**
 * Comments on a task: one conversation per task, not anchored to text, made of the same messages
 * as a review thread (comments-messages.ts: @mentions, edit and delete of one's own, reactions).
 *
 * list doc, taskComments: Y.Map<messageId, Y.Map { taskId, ...message }>
 *
 * The messages sit in a map at the root of the list's doc, keyed by their own ids, rather than in
 * a thread record created on the task with its first comment: two people writing a task's first
 * comment apart would each create that record, and Yjs would keep only one of them and its
 * messages. Root types are never created twice, so every comment made anywhere stays.
 * A task's comments stay with it while it is deleted, so bringing it back brings them back.
 */
import * as Y from 'yjs';
import { checkAuthor, messageDeletion, messageEdit, newMessage, reactionToggle, readMessage, type CommentMessage } from './comments-messages';
import { checkParts, type CommentPart } from './comments-parts';
import { ModelError } from './errors';
import { newId } from './ids';
import { Origin } from './origins';
import { PageKey } from './schema';
import { requireTask } from './tasks';
import { write } from './workspace';
import { str, type YRecord } from './ymap';

export function taskCommentMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(PageKey.taskComments);
}

function records(doc: Y.Doc): { taskId: string; record: YRecord }[] {
  const found: { taskId: string; record: YRecord }[] = [];
  for (const record of taskCommentMap(doc).values()) {
    if (record instanceof Y.Map) found.push({ taskId: str(record as YRecord, 'taskId'), record: record as YRecord });
  }
  return found;
}

const byTime = (a: CommentMessage, b: CommentMessage) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A task's comments, oldest first, deleted ones included (shown as deleted, so replies keep their sense). */
export function listTaskComments(doc: Y.Doc, taskId: string): CommentMessage[] {
  return records(doc)
    .filter((entry) => entry.taskId === taskId)
    .map((entry) => readMessage(entry.record))
    .sort(byTime);
}

/** How many comments each task of the list has, deleted ones left out: for rows and cards, in one pass. */
export function taskCommentCounts(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { taskId, record } of records(doc)) {
    if (record.get('deleted') !== true) counts.set(taskId, (counts.get(taskId) ?? 0) + 1);
  }
  return counts;
}

function requireComment(doc: Y.Doc, messageId: string): YRecord {
  const record = taskCommentMap(doc).get(messageId);
  if (!(record instanceof Y.Map)) throw new ModelError('not-found', `No comment with id ${messageId} on this list.`);
  return record as YRecord;
}

/** Adds a comment at the end of a task's conversation; returns its id. */
export function addTaskComment(doc: Y.Doc, taskId: string, input: { author: string; parts: CommentPart[]; at?: number }): string {
  requireTask(doc, taskId);
  checkAuthor(input.author);
  const parts = checkParts(input.parts);
  const id = newId();
  write(doc, Origin.local, () => {
    taskCommentMap(doc).set(id, newMessage(id, input.author, parts, input.at ?? Date.now(), { taskId }));
  });
  return id;
}

export function editTaskComment(doc: Y.Doc, messageId: string, by: string, parts: CommentPart[], now = Date.now()): void {
  write(doc, Origin.local, messageEdit(requireComment(doc, messageId), by, parts, now));
}

/** Blanks a comment and marks it deleted; the conversation keeps its place ("comment deleted"). */
export function deleteTaskComment(doc: Y.Doc, messageId: string, by: string): void {
  write(doc, Origin.local, messageDeletion(requireComment(doc, messageId), by));
}

/** Adds `by`'s reaction with `emoji` to a comment, or takes it back if it is there. */
export function reactToTaskComment(doc: Y.Doc, messageId: string, emoji: string, by: string): void {
  write(doc, Origin.local, reactionToggle(requireComment(doc, messageId), emoji, by));
}
