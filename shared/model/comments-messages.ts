/**
 * The messages of a conversation, wherever it lives: a review thread keeps them in its
 * `messages` array (comments.ts), a task keeps them in its list's `taskComments` map
 * (taskComments.ts). Each message is a Y.Map
 *   { id, author, at, parts (JSON), editedAt, deleted, reactions: Y.Map<'memberId emoji', true> }.
 *
 * Reactions are one flat key per member and emoji rather than a map per emoji: two members
 * adding the same emoji at once would each create that emoji's map, and Yjs keeps only one of
 * them. Reading also accepts the nested shape (Y.Map<emoji, Y.Map<memberId, true>>).
 *
 * Deleting a message only blanks it, and only its author may edit or delete it. Reading is
 * defensive: entries come from other clients, possibly older, newer or hostile, so a bad field
 * reads as its default and never hides the rest of the conversation.
 */
import * as Y from 'yjs';
import { checkEmoji, checkParts, isMemberId, readParts, type CommentPart } from './comments-parts';
import { ModelError } from './errors';
import { num, numOrNull, recordOf, str, type YRecord } from './ymap';

export interface CommentMessage {
  id: string;
  author: string;
  at: number;
  parts: CommentPart[];
  editedAt: number | null;
  deleted: boolean;
  /** Emoji → members who reacted with it, sorted; emoji nobody uses any more are left out. */
  reactions: Record<string, string[]>;
}

/** Member ids never hold a space (see isMemberId), so the first space ends the id. */
function reactionKey(memberId: string, emoji: string): string {
  return `${memberId} ${emoji}`;
}

function readReactions(value: unknown): Record<string, string[]> {
  const byEmoji = new Map<string, Set<string>>();
  const add = (emoji: string, memberId: string) => {
    if (!emoji || !isMemberId(memberId)) return;
    const members = byEmoji.get(emoji) ?? new Set<string>();
    byEmoji.set(emoji, members.add(memberId));
  };
  if (!(value instanceof Y.Map)) return {};
  for (const [key, entry] of (value as Y.Map<unknown>).entries()) {
    if (entry === true) {
      const space = key.indexOf(' ');
      if (space > 0) add(key.slice(space + 1), key.slice(0, space));
    } else if (entry instanceof Y.Map) {
      for (const [memberId, on] of (entry as Y.Map<unknown>).entries()) if (on === true) add(key, memberId);
    }
  }
  const reactions: Record<string, string[]> = {};
  for (const [emoji, members] of byEmoji) reactions[emoji] = [...members].sort();
  return reactions;
}

export function readMessage(record: YRecord): CommentMessage {
  const deleted = record.get('deleted') === true;
  return {
    id: str(record, 'id'),
    author: str(record, 'author'),
    at: num(record, 'at'),
    parts: deleted ? [] : readParts(record.get('parts')),
    editedAt: numOrNull(record, 'editedAt'),
    deleted,
    reactions: readReactions(record.get('reactions')),
  };
}

/** A new message record; `extra` fields (e.g. the task it is on) are stored beside the usual ones. */
export function newMessage(id: string, author: string, parts: CommentPart[], at: number, extra: object = {}): YRecord {
  const record = recordOf({ ...extra, id, author, at, parts, editedAt: null, deleted: false });
  // Made with the message: two first reactions made at once would each create it, and one would be lost.
  record.set('reactions', new Y.Map());
  return record;
}

export function checkAuthor(author: string): void {
  if (typeof author !== 'string' || author === '') throw new ModelError('invalid-input', 'A comment needs an author.');
}

function requireAuthor(message: YRecord, by: string, doing: string): void {
  if (str(message, 'author') !== by) throw new ModelError('forbidden', `Only the author of a comment can ${doing} it.`);
  if (message.get('deleted') === true) throw new ModelError('invalid-input', `This comment was deleted; there is nothing to ${doing}.`);
}

/**
 * Checks that `by` may edit `message` and that `parts` are a message; returns the change to make
 * inside the caller's transaction.
 */
export function messageEdit(message: YRecord, by: string, parts: CommentPart[], now = Date.now()): () => void {
  requireAuthor(message, by, 'edit');
  const clean = checkParts(parts);
  return () => {
    message.set('parts', clean);
    message.set('editedAt', now);
  };
}

/** Checks that `by` may delete `message`; returns the change (blanking it) to make inside the caller's transaction. */
export function messageDeletion(message: YRecord, by: string): () => void {
  requireAuthor(message, by, 'delete');
  return () => {
    message.set('deleted', true);
    message.set('parts', []);
  };
}

/** Checks a reaction; returns the change that adds `by`'s `emoji` to `message`, or takes it back if it is there. */
export function reactionToggle(message: YRecord, emoji: string, by: string): () => void {
  checkEmoji(emoji);
  if (!isMemberId(by)) throw new ModelError('invalid-input', `A reaction is made by a member id, not ${JSON.stringify(by)}.`);
  return () => {
    let reactions = message.get('reactions');
    if (!(reactions instanceof Y.Map)) {
      reactions = new Y.Map<unknown>();
      message.set('reactions', reactions);
    }
    const entries = reactions as Y.Map<unknown>;
    const key = reactionKey(by, emoji);
    const nested = entries.get(emoji);
    if (entries.get(key) === true || (nested instanceof Y.Map && nested.get(by) === true)) {
      entries.delete(key);
      if (nested instanceof Y.Map) nested.delete(by);
    } else {
      entries.set(key, true);
    }
  };
}
