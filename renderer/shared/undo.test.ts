import { describe, expect, it } from 'vitest';
import { isTextEntry, UndoStack, type UndoEvent } from './undo';

function recorder(stack: UndoStack): UndoEvent[] {
  const events: UndoEvent[] = [];
  stack.events.subscribe((event) => events.push(event));
  return events;
}

describe('the workspace undo stack', () => {
  it('Ctrl+Z (no id) puts back the latest action first, then the one before', async () => {
    const stack = new UndoStack();
    const restored: string[] = [];
    stack.push({ label: 'Deleted “Roadmap”', undo: () => void restored.push('Roadmap') });
    stack.push({ label: 'Deleted “Ship”', undo: () => void restored.push('Ship') });
    expect((await stack.undo())?.label).toBe('Deleted “Ship”');
    expect((await stack.undo())?.label).toBe('Deleted “Roadmap”');
    expect(await stack.undo()).toBeNull();
    expect(restored).toEqual(['Ship', 'Roadmap']);
  });

  it('a notification’s Undo puts back its own action, leaving later ones to Ctrl+Z', async () => {
    const stack = new UndoStack();
    const restored: string[] = [];
    const first = stack.push({ label: 'Deleted “A”', undo: () => void restored.push('A') });
    stack.push({ label: 'Deleted “B”', undo: () => void restored.push('B') });
    await stack.undo(first.id);
    expect(restored).toEqual(['A']);
    expect(stack.list().map((entry) => entry.label)).toEqual(['Deleted “B”']);
    await stack.undo();
    expect(restored).toEqual(['A', 'B']);
  });

  it('an action runs once when its notification and Ctrl+Z undo it at the same moment', async () => {
    const stack = new UndoStack();
    let runs = 0;
    let finish!: () => void;
    // An undo that has to open a doc first is still in flight when the second request comes.
    const entry = stack.push({
      label: 'Deleted “T”',
      undo: () => {
        runs++;
        return new Promise<void>((done) => {
          finish = done;
        });
      },
    });
    const byClick = stack.undo(entry.id);
    const byKey = stack.undo();
    finish();
    expect(await byClick).toEqual(entry);
    expect(await byKey).toBeNull();
    expect(runs).toBe(1);
  });

  it('tells the shell what to show: pushed, undone, and dropped past the limit', async () => {
    const stack = new UndoStack(2);
    const events = recorder(stack);
    const a = stack.push({ label: 'a', undo: () => undefined });
    const b = stack.push({ label: 'b', undo: () => undefined });
    const c = stack.push({ label: 'c', undo: () => undefined });
    await stack.undo(b.id);
    expect(events).toEqual([
      { type: 'pushed', entry: a },
      { type: 'pushed', entry: b },
      { type: 'pushed', entry: c },
      { type: 'dropped', entry: a },
      { type: 'undone', entry: b },
    ]);
    // The dropped one can no longer be undone, by its notification or by Ctrl+Z.
    expect(await stack.undo(a.id)).toBeNull();
    expect(stack.list()).toEqual([c]);
  });

  it('a failed undo is reported to the caller and leaves the stack', async () => {
    const stack = new UndoStack();
    stack.push({
      label: 'Deleted “Gone”',
      undo: () => {
        throw new Error('the page no longer exists');
      },
    });
    await expect(stack.undo()).rejects.toThrow('the page no longer exists');
    expect(stack.list()).toEqual([]);
  });
});

describe('Ctrl+Z belongs to a text field when the keyboard is in one', () => {
  it.each([
    [{ tagName: 'INPUT', type: 'text' }, true],
    [{ tagName: 'INPUT', type: 'date' }, true],
    [{ tagName: 'INPUT' }, true],
    [{ tagName: 'TEXTAREA' }, true],
    [{ tagName: 'DIV', isContentEditable: true }, true],
    [{ tagName: 'INPUT', type: 'checkbox' }, false],
    [{ tagName: 'BUTTON' }, false],
    [{ tagName: 'SELECT' }, false],
    [{ tagName: 'BODY', isContentEditable: false }, false],
    [null, false],
  ])('%o → %s', (target, typed) => {
    expect(isTextEntry(target as unknown as EventTarget)).toBe(typed);
  });
});
