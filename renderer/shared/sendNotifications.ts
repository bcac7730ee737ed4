import { useCallback } from 'react';
import { addNotification, listMembers, notificationDocId, type CommentPart, type NotificationInput } from '../../shared/model';
import { logUrgent, urgentLogDocId } from '../../shared/model/urgentLog';
import type { WorkspaceSync } from '../../shared/sync';
import { describeDelivery } from '../../shared/time';
import { useWorkspace } from './workspace';

/** A recipient's doc is held this long after writing, so an online sender hands the record over at once. */
const HOLD_MS = 10_000;

/** The members a comment mentions, each once, never its author. */
export function mentionedIn(parts: readonly CommentPart[], author: string): string[] {
  return [...new Set(parts.flatMap((part) => ('mention' in part && part.mention !== author ? [part.mention] : [])))];
}

/** The comment's words, mentions as @Name: what a notification quotes. */
export function quoteOf(parts: readonly CommentPart[], names: (id: string) => string): string {
  return parts.map((part) => ('mention' in part ? `@${names(part.mention)}` : part.text)).join('');
}

/**
 * Writes each notification into its recipient's doc for this month (shared/model/notifications.ts):
 * from this device, offline too; the sync engine hands the docs over when it can. Resolves to what
 * the sender is told: when each recipient will see it.
 */
export async function sendNotifications(sync: WorkspaceSync, inputs: readonly NotificationInput[], now = Date.now()): Promise<string[]> {
  const members = listMembers(sync.index);
  const told: string[] = [];
  await logUrgentPings(sync, inputs.filter((input) => input.urgent === true && members.some((member) => member.id === input.to)), now);
  for (const input of inputs) {
    const member = members.find((each) => each.id === input.to);
    if (!member) continue;
    const handle = await sync.openDoc(notificationDocId(input.to, now));
    try {
      addNotification(handle.doc, input, now);
      told.push(describeDelivery(now, member, input.urgent === true));
    } finally {
      setTimeout(() => handle.release(), HOLD_MS);
    }
  }
  return told;
}

/** Every urgent one goes into the workspace's log for the month (shared/model/urgentLog.ts), which everyone can read. */
async function logUrgentPings(sync: WorkspaceSync, urgent: readonly NotificationInput[], now: number): Promise<void> {
  if (urgent.length === 0) return;
  const handle = await sync.openDoc(urgentLogDocId(now));
  try {
    for (const input of urgent) logUrgent(handle.doc, { by: input.from, to: input.to, pageId: input.pageId, taskId: input.taskId, title: input.title }, now);
  } finally {
    setTimeout(() => handle.release(), HOLD_MS);
  }
}

/**
 * A desktop notification: the desktop shell shows the system's own; a browser, once the person has
 * allowed it. Only ever called for a notification already delivered (inside the recipient's hours).
 */
export function showDesktopNotification(title: string, body: string): void {
  if (window.baton?.notify) {
    void window.baton.notify(title, body);
    return;
  }
  if (typeof Notification === 'function' && Notification.permission === 'granted') new Notification(title, { body });
}

export interface MentionPlace {
  pageId: string;
  taskId: string | null;
  /** The page's or task's title, quoted in the notification. */
  title: string;
}

/**
 * Sends notifications from this person (the sender is filled in) and tells them, in a short
 * message, when each recipient will see it. A viewer sends nothing.
 */
export function useNotifier(): (inputs: readonly Omit<NotificationInput, 'from'>[]) => void {
  const { sync, profile, notify, readOnly } = useWorkspace();
  return useCallback(
    (inputs) => {
      const me = profile.memberId;
      const mine = inputs.filter((input) => input.to !== me).map((input) => ({ ...input, from: me }));
      if (readOnly || mine.length === 0) return;
      sendNotifications(sync, mine).then(
        (told) => told.length > 0 && notify(`Sent. ${told.join('. ')}.`),
        (error: unknown) => notify(`Saved, but the notification could not be written: ${error instanceof Error ? error.message : String(error)}`),
      );
    },
    [sync, profile.memberId, notify, readOnly],
  );
}

/**
 * For a comment just posted: notifies whom it mentions (and, for a reply, who wrote in the thread
 * before), from this device, and tells the writer when each will see it.
 */
export function useCommentNotifier(): (parts: readonly CommentPart[], place: MentionPlace, options?: { urgent?: boolean; replyTo?: readonly string[] }) => void {
  const { sync, profile } = useWorkspace();
  const send = useNotifier();
  return useCallback(
    (parts, place, options = {}) => {
      const me = profile.memberId;
      const names = (id: string) => listMembers(sync.index).find((member) => member.id === id)?.name ?? 'someone';
      const mentioned = mentionedIn(parts, me);
      const replied = [...new Set(options.replyTo ?? [])].filter((id) => id !== me && !mentioned.includes(id));
      const text = quoteOf(parts, names);
      send([...mentioned.map((to) => ({ kind: 'mention' as const, to, ...place, text, urgent: options.urgent })), ...replied.map((to) => ({ kind: 'reply' as const, to, ...place, text }))]);
    },
    [sync, profile.memberId, send],
  );
}
