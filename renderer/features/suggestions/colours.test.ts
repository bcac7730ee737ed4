// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { inkOn, mix } from '../../shared/contrast';
import { exchange, find, people, type, type Person } from './testEditors';

let open: Person[] = [];
afterEach(() => open.forEach((one) => one.editor.destroy()));

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Each painted run of suggested text: its text and its colour. */
function painted(one: Person): [string, string][] {
  return [...one.editor.view.dom.querySelectorAll<HTMLElement>('.suggestion-paint')].map((span) => [span.textContent ?? '', span.style.getPropertyValue('--suggestion-colour')]);
}

describe('suggestions in the text', () => {
  it('are painted in their author’s member colour, as typed and as they arrive', async () => {
    open = await people('Say words');
    const [ana, bo, cy] = open;
    // Each author's colour, darkened where needed to read on its own tint.
    const ink = (color: string) => inkOn(color, mix(color, '#fbfaf8', 0.09));
    const anaColour = ink('#2563eb');
    const boColour = ink('#db2777');
    expect(anaColour).not.toBe(boColour);
    ana!.suggesting(true);
    bo!.suggesting(true);
    type(ana!.editor, 5, 5, 'kind ');
    await tick();
    expect(painted(ana!)).toEqual([['kind ', anaColour]]);
    const end = find(bo!.editor, 'words').to;
    type(bo!.editor, end, end, ' now');
    await tick();
    type(bo!.editor, end + 4, end + 4, '!');
    expect(painted(bo!)).toEqual([[' now!', boColour]]);
    await exchange(open);
    for (const one of open) {
      expect(painted(one)).toEqual([
        ['kind ', anaColour],
        [' now!', boColour],
      ]);
    }
    expect(cy!.editor.view.dom.querySelector('ins[data-suggestion="insertion"]')).not.toBeNull();
  });
});
