/**
 * Handoffs ("pass the baton"): one person hands a task to another with a note of what is done,
 * what comes next and what is still open. The task is assigned to the recipient and waits for
 * them until they acknowledge it or hand it back (a handoff the other way, with their reply);
 * handing it on again before then withdraws the waiting one.
 * Every handoff stays on the task, so its history reads in order.
 *
 * Stored in the task's record as `handoffs`: Y.Map<handoffId, Y.Map>. Handing off on two
 * devices apart keeps both; deciding one handoff on two devices apart converges on one decision
 * (the map's last writer), and a decided handoff is never waiting again.
 */
import type * as Y from 'yjs';
import { ModelError } from './errors';
import { newId } from './ids';
import { Origin } from './origins';
import { requireTask, taskMap } from './tasks';
import { write } from './workspace';
import { childRecords, num, numOrNull, recordOf, setIds, str, strOrNull, type YRecord } from './ymap';

/** `withdrawn`: a later handoff of the same task replaced it before it was answered. */
export type HandoffState = 'waiting' | 'acknowledged' | 'returned' | 'withdrawn';

export interface Handoff {
  id: string;
  taskId: string;
  from: string;
  to: string;
  done: string;
  next: string;
  questions: string;
  at: number;
  state: HandoffState;
  /** When the recipient acknowledged or handed it back. */
  answeredAt: number | null;
  /** The handoff that came after it: the hand-back of a returned one, the new one of a withdrawn one. */
  followedBy: string | null;
}

export interface HandoffNote {
  done: string;
  next: string;
  questions: string;
}

/** Longest note field kept; a paste beyond it is refused with a message, not cut silently. */
export const MAX_NOTE_CHARS = 4000;

function readHandoff(taskId: string, record: YRecord): Handoff {
  const state = record.get('state');
  return {
    id: str(record, 'id'),
    taskId,
    from: str(record, 'from'),
    to: str(record, 'to'),
    done: str(record, 'done'),
    next: str(record, 'next'),
    questions: str(record, 'questions'),
    at: num(record, 'at'),
    state: state === 'acknowledged' || state === 'returned' || state === 'withdrawn' ? state : 'waiting',
    answeredAt: numOrNull(record, 'answeredAt'),
    followedBy: strOrNull(record, 'followedBy'),
  };
}

/** A task's handoffs, oldest first. */
export function listHandoffs(doc: Y.Doc, taskId: string): Handoff[] {
  const record = taskMap(doc).get(taskId);
  const map = record ? childRecords(record, 'handoffs') : null;
  if (!map) return [];
  return [...map.values()].map((item) => readHandoff(taskId, item)).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

/** The handoff of this task still waiting for its recipient, the latest if several are. */
export function waitingHandoff(doc: Y.Doc, taskId: string): Handoff | null {
  return listHandoffs(doc, taskId).filter((handoff) => handoff.state === 'waiting').pop() ?? null;
}

function checkNote(note: HandoffNote): HandoffNote {
  const clean = { done: note.done.trim(), next: note.next.trim(), questions: note.questions.trim() };
  if (!clean.done && !clean.next && !clean.questions) throw new ModelError('invalid-input', 'Write what is done, what comes next or what is still open.');
  for (const [field, text] of Object.entries(clean)) {
    if (text.length > MAX_NOTE_CHARS) throw new ModelError('invalid-input', `The “${field}” part of the note is ${text.length} characters; keep it under ${MAX_NOTE_CHARS}.`);
  }
  return clean;
}

export interface NewHandoff {
  taskId: string;
  from: string;
  to: string;
  note: HandoffNote;
}

/**
 * Hands a task to `to`: the task is assigned to them and the handoff waits for them. A handoff
 * still waiting on this task is withdrawn: the new one replaces it.
 */
export function handOff(doc: Y.Doc, input: NewHandoff, now = Date.now()): string {
  if (input.from === input.to) throw new ModelError('invalid-input', 'Hand the task to someone else.');
  const note = checkNote(input.note);
  const record = requireTask(doc, input.taskId);
  const id = newId();
  write(doc, Origin.local, () => {
    const map = childRecords(record, 'handoffs', true);
    for (const earlier of map.values()) {
      if (earlier.get('state') !== 'waiting') continue;
      earlier.set('state', 'withdrawn');
      earlier.set('answeredAt', now);
      earlier.set('followedBy', id);
    }
    map.set(id, recordOf({ id, from: input.from, to: input.to, ...note, at: now, state: 'waiting', answeredAt: null, followedBy: null }));
    setIds(record, 'assignees', [input.to]);
    record.set('updatedAt', now);
  });
  return id;
}

function requireWaiting(doc: Y.Doc, taskId: string, handoffId: string, by: string): YRecord {
  const map = childRecords(requireTask(doc, taskId), 'handoffs');
  const record = map?.get(handoffId);
  if (!record) throw new ModelError('not-found', `No handoff ${handoffId} on this task.`);
  const handoff = readHandoff(taskId, record);
  if (handoff.to !== by) throw new ModelError('invalid-input', 'Only the person it was handed to can answer a handoff.');
  if (handoff.state !== 'waiting') throw new ModelError('invalid-input', 'This handoff has already been answered.');
  return record;
}

/** The recipient takes the task on. */
export function acknowledgeHandoff(doc: Y.Doc, taskId: string, handoffId: string, by: string, now = Date.now()): void {
  const record = requireWaiting(doc, taskId, handoffId, by);
  write(doc, Origin.local, () => {
    record.set('state', 'acknowledged');
    record.set('answeredAt', now);
  });
}

/** The recipient hands the task back to its sender with a note: a new handoff the other way. */
export function handBack(doc: Y.Doc, taskId: string, handoffId: string, by: string, note: HandoffNote, now = Date.now()): string {
  const record = requireWaiting(doc, taskId, handoffId, by);
  const sender = str(record, 'from');
  const clean = checkNote(note);
  const task = requireTask(doc, taskId);
  const id = newId();
  write(doc, Origin.local, () => {
    record.set('state', 'returned');
    record.set('answeredAt', now);
    record.set('followedBy', id);
    childRecords(task, 'handoffs', true).set(id, recordOf({ id, from: by, to: sender, ...clean, at: now, state: 'waiting', answeredAt: null, followedBy: null }));
    setIds(task, 'assignees', [sender]);
    task.set('updatedAt', now);
  });
  return id;
}
