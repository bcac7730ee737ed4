/**
 * The body of a comment message: text runs and @mentions of members, kept as
 * a plain JSON array so a message is replaced whole when it is edited.
 */
import { ModelError } from './errors';

export type CommentPart = { text: string } | { mention: string /* memberId */ };

export const MAX_COMMENT_TEXT = 10_000;
export const MAX_EMOJI_LENGTH = 16;

/** Member ids are newId() strings (and short names in seeds and tests). */
const MEMBER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isMemberId(value: unknown): value is string {
  return typeof value === 'string' && MEMBER_ID.test(value);
}

/** One part as stored by any client, or null if it is not one. Never throws. */
export function readPart(value: unknown): CommentPart | null {
  if (value === null || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  if (typeof record.text === 'string') return { text: record.text };
  if (isMemberId(record.mention)) return { mention: record.mention };
  return null;
}

export function readParts(value: unknown): CommentPart[] {
  if (!Array.isArray(value)) return [];
  return value.map(readPart).filter((part): part is CommentPart => part !== null);
}

/** The parts to store for what a member wrote, or a ModelError saying what is wrong with it. */
export function checkParts(parts: readonly CommentPart[]): CommentPart[] {
  if (!Array.isArray(parts) || parts.length === 0) throw new ModelError('invalid-input', 'A comment needs some text.');
  const clean: CommentPart[] = [];
  let length = 0;
  for (const part of parts) {
    const read = readPart(part);
    if (!read) {
      const mention = (part as { mention?: unknown } | null)?.mention;
      if (mention !== undefined) throw new ModelError('invalid-input', `A mention must name a member id, not ${JSON.stringify(mention)}.`);
      throw new ModelError('invalid-input', 'A comment part is either text or a mention.');
    }
    if ('text' in read) length += read.text.length;
    clean.push(read);
  }
  if (length > MAX_COMMENT_TEXT) {
    throw new ModelError('invalid-input', `A comment holds at most ${MAX_COMMENT_TEXT.toLocaleString('en')} characters; this one has ${length}.`);
  }
  if (!clean.some((part) => 'mention' in part || part.text.trim() !== '')) throw new ModelError('invalid-input', 'A comment needs some text.');
  return clean;
}

export function checkEmoji(emoji: string): void {
  if (typeof emoji !== 'string' || emoji.trim() === '' || emoji.length > MAX_EMOJI_LENGTH) {
    throw new ModelError('invalid-input', `A reaction is one emoji of at most ${MAX_EMOJI_LENGTH} characters.`);
  }
}

/** Members mentioned in a message, each once, in the order they first appear. */
export function mentionedMembers(parts: readonly CommentPart[]): string[] {
  const ids: string[] = [];
  for (const part of parts) if ('mention' in part && !ids.includes(part.mention)) ids.push(part.mention);
  return ids;
}

/** A message as plain text, '@Name' for each mention: for notifications, previews and search. */
export function partsText(parts: readonly CommentPart[], nameOf: (memberId: string) => string): string {
  return parts.map((part) => ('mention' in part ? `@${nameOf(part.mention)}` : part.text)).join('');
}
