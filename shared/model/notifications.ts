/**
 * Notifications as data: a mention, a reply, an assignment, a handoff or a suggested edit on a page
 * someone created becomes a record, written by the sender's device into a doc of the recipient's,
 * one per recipient per month (a due check-in too, written by the member's own device: checkInReminder):
 *
 * doc `notes-<memberId>-<YYYYMM>` (the month it was sent, UTC):
 *   notifications: Y.Map<id, { id, kind, to, from, at, urgent, pageId, taskId, title, text }>
 *   seen:          Y.Map<id, seenAt>   (written by the recipient's devices)
 *
 * The records say what happened and when; when the recipient is shown one is worked out on their
 * device, from their working hours and time off as they stand (`deliveredAt`): a ping sent at 02:00
 * Beijing time shows at 09:00 Beijing time, one sent during time off when they are back, and only an
 * *urgent* one (which says so, and who sent it) at once. A month's doc is small and is loaded only
 * by its recipient's devices and by a sender for a moment, so nothing grows in the always-loaded
 * index doc.
 */
import type * as Y from 'yjs';
import { deliveryTime, type Reachable } from '../time/availability';
import { ModelError } from './errors';
import { isValidId } from '../protocol/rooms';
import { newId } from './ids';
import { Origin } from './origins';
import { write } from './workspace';

export const NOTIFICATION_KINDS = ['mention', 'reply', 'assigned', 'handoff', 'suggestion', 'checkin'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationRecord {
  id: string;
  kind: NotificationKind;
  /** Member ids. */
  to: string;
  from: string;
  /** When it was sent (ms). */
  at: number;
  /** Sent to be seen at once, outside the recipient's hours if need be: shown as such, with who sent it. */
  urgent: boolean;
  /** Where it happened: the page (or task list) and, on a task list, the task. */
  pageId: string;
  taskId: string | null;
  /** The page's or task's title when it was sent, and a short excerpt. */
  title: string;
  text: string;
}

const MAX_TITLE = 200;
const MAX_TEXT = 280;

/** The doc that holds what is sent to `memberId` in the month of `at` (UTC). */
export function notificationDocId(memberId: string, at: number): string {
  const date = new Date(at);
  return `notes-${memberId}-${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** This month's doc and last month's: what a recipient's device keeps open. */
export function recentNotificationDocIds(memberId: string, now: number): string[] {
  const date = new Date(now);
  const lastMonth = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 15);
  return [notificationDocId(memberId, now), notificationDocId(memberId, lastMonth)];
}

const records = (doc: Y.Doc) => doc.getMap<unknown>('notifications');
const seenMap = (doc: Y.Doc) => doc.getMap<unknown>('seen');

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export type NotificationInput = Omit<NotificationRecord, 'id' | 'at' | 'urgent' | 'kind'> & { kind: Exclude<NotificationKind, 'checkin'>; urgent?: boolean };

/** Writes a notification into `doc` (the recipient's, notificationDocId); returns its id. */
export function addNotification(doc: Y.Doc, input: NotificationInput, now = Date.now()): string {
  if (!NOTIFICATION_KINDS.includes(input.kind) || (input.kind as NotificationKind) === 'checkin') throw new ModelError('invalid-input', `Unknown notification kind "${String(input.kind)}".`);
  for (const id of [input.to, input.from, input.pageId]) if (!isValidId(id)) throw new ModelError('invalid-input', 'A notification names its sender, recipient and page by id.');
  if (input.to === input.from) throw new ModelError('invalid-input', 'Nobody is notified of what they did themselves.');
  const id = newId();
  const record: NotificationRecord = { id, kind: input.kind, to: input.to, from: input.from, at: now, urgent: input.urgent === true, pageId: input.pageId, taskId: input.taskId ?? null, title: clip(input.title, MAX_TITLE), text: clip(input.text, MAX_TEXT) };
  write(doc, Origin.local, () => records(doc).set(id, record));
  return id;
}

/** The id of `member`'s check-in reminder for their day `day`: one per day, whichever of their devices writes it. */
export const checkInReminderId = (day: string) => `checkin-${day}`;

/**
 * "Time for your check-in": written by the member's own device into their doc for this month once
 * their check-in is due (in their hours: checkIns.ts isCheckInDue), so it reaches the same list as
 * what others send, and is seen once on all their devices. Every device that finds it due writes
 * the same key, so two open devices make one record. Returns whether it wrote one.
 */
export function checkInReminder(doc: Y.Doc, input: { member: string; day: string; pageId: string }, now = Date.now()): boolean {
  if (!isValidId(input.member) || !isValidId(input.pageId) || !/^\d{4}-\d{2}-\d{2}$/.test(input.day)) throw new ModelError('invalid-input', 'A check-in reminder names its member, day and view.');
  const id = checkInReminderId(input.day);
  if (records(doc).has(id)) return false;
  const record: NotificationRecord = { id, kind: 'checkin', to: input.member, from: input.member, at: now, urgent: false, pageId: input.pageId, taskId: null, title: 'Time for your check-in', text: '' };
  write(doc, Origin.local, () => records(doc).set(id, record));
  return true;
}

function readRecord(value: unknown): NotificationRecord | null {
  const record = value as Partial<NotificationRecord> | null;
  if (!record || typeof record !== 'object') return null;
  if (typeof record.id !== 'string' || !NOTIFICATION_KINDS.includes(record.kind as NotificationKind) || typeof record.to !== 'string' || typeof record.from !== 'string') return null;
  if (typeof record.at !== 'number' || typeof record.pageId !== 'string') return null;
  return {
    id: record.id,
    kind: record.kind as NotificationKind,
    to: record.to,
    from: record.from,
    at: record.at,
    urgent: record.urgent === true,
    pageId: record.pageId,
    taskId: typeof record.taskId === 'string' ? record.taskId : null,
    title: typeof record.title === 'string' ? record.title : '',
    text: typeof record.text === 'string' ? record.text : '',
  };
}

/** Every notification in the doc, newest first (damaged records skipped). */
export function listNotifications(doc: Y.Doc): NotificationRecord[] {
  return [...records(doc).values()]
    .map(readRecord)
    .filter((record): record is NotificationRecord => record !== null)
    .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
}

export function seenIds(doc: Y.Doc): Set<string> {
  return new Set([...seenMap(doc).keys()]);
}

/** Marks these notifications seen, on every device of their recipient. */
export function markSeen(doc: Y.Doc, ids: Iterable<string>, now = Date.now()): void {
  const seen = seenMap(doc);
  write(doc, Origin.local, () => {
    for (const id of ids) if (!seen.has(id)) seen.set(id, now);
  });
}

/** When the recipient is shown it: at once if urgent, else when they are next at work and not on time off. */
export function deliveredAt(record: NotificationRecord, recipient: Reachable): number {
  return deliveryTime(record.at, recipient, record.urgent);
}

/** What the recipient is shown at `now`, newest first: delivered ones only; the rest wait, unseen by anyone. */
export function deliveredNotifications(all: readonly NotificationRecord[], recipient: Reachable, now: number): NotificationRecord[] {
  return all.filter((record) => deliveredAt(record, recipient) <= now);
}
