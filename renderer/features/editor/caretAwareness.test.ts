import { describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { remoteCaretAwareness } from './caretAwareness';

function pair() {
  const mine = new Awareness(new Y.Doc());
  const theirs = new Awareness(new Y.Doc());
  const caret = remoteCaretAwareness(mine);
  const heard: number[][] = [];
  const listener = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => heard.push([...added, ...updated, ...removed]);
  caret.on('change', listener);
  const receive = () => applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote');
  return { mine, theirs, caret, heard, listener, receive };
}

describe('the caret awareness', () => {
  it("tells the caret plugin when a teammate's caret moves, not when one's own does", () => {
    const { mine, theirs, heard, receive } = pair();
    theirs.setLocalStateField('cursor', { anchor: 1, head: 1 });
    receive();
    expect(heard).toEqual([[theirs.clientID]]);
    mine.setLocalStateField('cursor', { anchor: 5, head: 5 });
    mine.setLocalStateField('cursor', { anchor: 6, head: 6 });
    // A later teammate move still arrives, and nothing came in between for one's own.
    theirs.setLocalStateField('cursor', { anchor: 2, head: 2 });
    receive();
    expect(heard).toEqual([[theirs.clientID], [theirs.clientID]]);
  });

  it("reads and writes the same states, and 'off' removes the listener 'on' added", () => {
    const { mine, theirs, caret, heard, listener, receive } = pair();
    caret.setLocalStateField('cursor', { anchor: 3, head: 3 });
    expect(mine.getLocalState()).toMatchObject({ cursor: { anchor: 3, head: 3 } });
    theirs.setLocalStateField('user', { name: 'Bo' });
    receive();
    expect(caret.getStates().get(theirs.clientID)).toEqual({ user: { name: 'Bo' } });
    expect(heard).toHaveLength(1);
    caret.off('change', listener);
    theirs.setLocalStateField('user', { name: 'Bo B.' });
    receive();
    expect(mine.getStates().get(theirs.clientID)).toEqual({ user: { name: 'Bo B.' } });
    expect(heard).toHaveLength(1);
  });
});
