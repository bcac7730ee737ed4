import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from './errors';
import { addTaskComment, deleteTaskComment, editTaskComment, listTaskComments, reactToTaskComment, taskCommentCounts } from './taskComments';
import { addTask, deleteTask, restoreTask } from './tasks';
import { syncDocs } from './testing';

const text = (value: string) => [{ text: value }];
const read = (doc: Y.Doc, taskId: string) => listTaskComments(doc, taskId).map((message) => (message.deleted ? '(deleted)' : message.parts.map((part) => ('text' in part ? part.text : `@${part.mention}`)).join('')));

function listWithTask(): { doc: Y.Doc; taskId: string } {
  const doc = new Y.Doc();
  return { doc, taskId: addTask(doc, { title: 'Send the invites', by: 'aiko' }) };
}

describe('comments on a task', () => {
  it('keep their order, mentions, edits, reactions and deletions, and are counted per task', () => {
    const { doc, taskId } = listWithTask();
    const other = addTask(doc, { title: 'Book the room', by: 'aiko' });
    const first = addTaskComment(doc, taskId, { author: 'aiko', parts: [{ text: 'Can you check the list, ' }, { mention: 'ben' }, { text: '?' }], at: 10 });
    const second = addTaskComment(doc, taskId, { author: 'ben', parts: text('On it.'), at: 20 });
    addTaskComment(doc, other, { author: 'ben', parts: text('Room 4 is free.'), at: 15 });
    expect(read(doc, taskId)).toEqual(['Can you check the list, @ben?', 'On it.']);
    editTaskComment(doc, second, 'ben', text('On it, done by Friday.'), 30);
    reactToTaskComment(doc, first, '👍', 'ben');
    reactToTaskComment(doc, first, '👍', 'aiko');
    const [edited] = listTaskComments(doc, taskId).filter((message) => message.id === second);
    expect(edited).toMatchObject({ author: 'ben', editedAt: 30, parts: text('On it, done by Friday.') });
    expect(listTaskComments(doc, taskId)[0]!.reactions).toEqual({ '👍': ['aiko', 'ben'] });
    reactToTaskComment(doc, first, '👍', 'aiko');
    expect(listTaskComments(doc, taskId)[0]!.reactions).toEqual({ '👍': ['ben'] });
    expect(taskCommentCounts(doc)).toEqual(new Map([[taskId, 2], [other, 1]]));
    deleteTaskComment(doc, first, 'aiko');
    expect(read(doc, taskId)).toEqual(['(deleted)', 'On it, done by Friday.']);
    expect(taskCommentCounts(doc).get(taskId)).toBe(1);
  });

  it('refuse what is not a comment, on no task, or someone else’s to change, with a reason', () => {
    const { doc, taskId } = listWithTask();
    const expectReason = (action: () => unknown, reason: ModelError['reason']) => {
      expect(action).toThrow(ModelError);
      try {
        action();
      } catch (error) {
        expect((error as ModelError).reason).toBe(reason);
      }
    };
    expectReason(() => addTaskComment(doc, taskId, { author: 'aiko', parts: text('   ') }), 'invalid-input');
    expectReason(() => addTaskComment(doc, taskId, { author: 'aiko', parts: [{ mention: 'not a member id' }] }), 'invalid-input');
    expectReason(() => addTaskComment(doc, taskId, { author: '', parts: text('Hi') }), 'invalid-input');
    expectReason(() => addTaskComment(doc, 'no-such-task', { author: 'aiko', parts: text('Hi') }), 'not-found');
    const id = addTaskComment(doc, taskId, { author: 'aiko', parts: text('Mine') });
    expectReason(() => editTaskComment(doc, id, 'ben', text('Not his')), 'forbidden');
    expectReason(() => deleteTaskComment(doc, id, 'ben'), 'forbidden');
    expectReason(() => reactToTaskComment(doc, id, '', 'ben'), 'invalid-input');
    expectReason(() => editTaskComment(doc, 'no-such-comment', 'aiko', text('x')), 'not-found');
    deleteTaskComment(doc, id, 'aiko');
    expectReason(() => editTaskComment(doc, id, 'aiko', text('Back')), 'invalid-input');
    expect(read(doc, taskId)).toEqual(['(deleted)']);
  });

  it('made on two devices apart, the first comments of a task both stay, and reactions made apart both count', () => {
    const tokyo = new Y.Doc();
    const london = new Y.Doc();
    const taskId = addTask(tokyo, { title: 'Send the invites', by: 'aiko' });
    syncDocs(tokyo, london);
    const fromTokyo = addTaskComment(tokyo, taskId, { author: 'aiko', parts: text('Venue booked.'), at: 100 });
    addTaskComment(london, taskId, { author: 'ben', parts: text('Who caters?'), at: 200 });
    syncDocs(tokyo, london);
    expect(read(tokyo, taskId)).toEqual(['Venue booked.', 'Who caters?']);
    expect(read(london, taskId)).toEqual(read(tokyo, taskId));
    reactToTaskComment(tokyo, fromTokyo, '🎉', 'aiko');
    reactToTaskComment(london, fromTokyo, '🎉', 'ben');
    editTaskComment(tokyo, fromTokyo, 'aiko', text('Venue booked for 4 June.'));
    syncDocs(tokyo, london);
    expect(listTaskComments(london, taskId)[0]).toMatchObject({ parts: text('Venue booked for 4 June.'), reactions: { '🎉': ['aiko', 'ben'] } });
    expect(listTaskComments(london, taskId)).toEqual(listTaskComments(tokyo, taskId));
  });

  it('stay with a deleted task and come back with it', () => {
    const { doc, taskId } = listWithTask();
    addTaskComment(doc, taskId, { author: 'aiko', parts: text('Keep this.') });
    deleteTask(doc, taskId);
    restoreTask(doc, taskId);
    expect(read(doc, taskId)).toEqual(['Keep this.']);
  });
});
