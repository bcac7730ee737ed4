import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from './errors';
import { acknowledgeHandoff, handBack, handOff, listHandoffs, MAX_NOTE_CHARS, waitingHandoff } from './handoffs';
import { addTask, getTask } from './tasks';
import { syncDocs } from './testing';

const note = { done: 'Venue booked', next: 'Send the invites', questions: 'Budget for catering?' };

function reason(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof ModelError) return error.message;
    throw error;
  }
}

function listWithTask(clientID = 1): { doc: Y.Doc; taskId: string } {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const taskId = addTask(doc, { title: 'Launch event', by: 'aiko', assignees: ['aiko'] }, 1);
  return { doc, taskId };
}

describe('handoffs', () => {
  it('hand a task to someone with a note: assigned to them and waiting until they acknowledge', () => {
    const { doc, taskId } = listWithTask();
    const id = handOff(doc, { taskId, from: 'aiko', to: 'ben', note }, 100);
    expect(getTask(doc, taskId)?.assignees).toEqual(['ben']);
    expect(waitingHandoff(doc, taskId)).toMatchObject({ id, from: 'aiko', to: 'ben', ...note, at: 100, state: 'waiting' });
    expect(reason(() => acknowledgeHandoff(doc, taskId, id, 'aiko'))).toMatch(/Only the person it was handed to/);
    acknowledgeHandoff(doc, taskId, id, 'ben', 200);
    expect(waitingHandoff(doc, taskId)).toBeNull();
    expect(listHandoffs(doc, taskId)).toMatchObject([{ id, state: 'acknowledged', answeredAt: 200 }]);
    expect(reason(() => acknowledgeHandoff(doc, taskId, id, 'ben'))).toMatch(/already been answered/);
  });

  it('hand it back: the first is returned, a new one waits for the sender, and the history reads in order', () => {
    const { doc, taskId } = listWithTask();
    const first = handOff(doc, { taskId, from: 'aiko', to: 'ben', note }, 100);
    const back = handBack(doc, taskId, first, 'ben', { done: '', next: '', questions: 'Which venue?' }, 300);
    expect(getTask(doc, taskId)?.assignees).toEqual(['aiko']);
    expect(listHandoffs(doc, taskId).map(({ id, from, to, state, followedBy }) => ({ id, from, to, state, followedBy }))).toEqual([
      { id: first, from: 'aiko', to: 'ben', state: 'returned', followedBy: back },
      { id: back, from: 'ben', to: 'aiko', state: 'waiting', followedBy: null },
    ]);
  });

  it('handing on before an answer withdraws the waiting handoff', () => {
    const { doc, taskId } = listWithTask();
    const first = handOff(doc, { taskId, from: 'aiko', to: 'ben', note }, 100);
    const second = handOff(doc, { taskId, from: 'aiko', to: 'cy', note }, 200);
    expect(listHandoffs(doc, taskId).map((handoff) => handoff.state)).toEqual(['withdrawn', 'waiting']);
    expect(listHandoffs(doc, taskId)[0]!.followedBy).toBe(second);
    expect(waitingHandoff(doc, taskId)?.to).toBe('cy');
    expect(reason(() => acknowledgeHandoff(doc, taskId, first, 'ben'))).toMatch(/already been answered/);
  });

  it('refuse an empty note, an oversized one and a handoff to oneself, with a message', () => {
    const { doc, taskId } = listWithTask();
    expect(reason(() => handOff(doc, { taskId, from: 'aiko', to: 'ben', note: { done: ' ', next: '', questions: '' } }))).toMatch(/Write what is done/);
    expect(reason(() => handOff(doc, { taskId, from: 'aiko', to: 'ben', note: { ...note, next: 'x'.repeat(MAX_NOTE_CHARS + 1) } }))).toMatch(/keep it under/);
    expect(reason(() => handOff(doc, { taskId, from: 'aiko', to: 'aiko', note }))).toMatch(/someone else/);
    expect(listHandoffs(doc, taskId)).toEqual([]);
  });

  it('converge when two devices answer apart, and keep both handoffs made apart', () => {
    const { doc: a, taskId } = listWithTask(1);
    const b = new Y.Doc();
    b.clientID = 2;
    const id = handOff(a, { taskId, from: 'aiko', to: 'ben', note }, 100);
    syncDocs(a, b);
    // Ben acknowledges on his laptop and, offline on his phone, hands it back.
    acknowledgeHandoff(a, taskId, id, 'ben', 200);
    handBack(b, taskId, id, 'ben', { done: '', next: '', questions: 'Not mine?' }, 210);
    // Meanwhile nobody loses a handoff made on either side.
    syncDocs(a, b);
    expect(listHandoffs(a, taskId)).toEqual(listHandoffs(b, taskId));
    expect(getTask(a, taskId)).toEqual(getTask(b, taskId));
    expect(listHandoffs(a, taskId)).toHaveLength(2);
    expect(['acknowledged', 'returned']).toContain(listHandoffs(a, taskId)[0]!.state);
  });
});
