// @vitest-environment jsdom
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { SuggestionsSection } from './SuggestionsSection';
import { exchange, find, people, type, type Person } from './testEditors';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let open: Person[] = [];
let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  open.forEach((one) => one.editor.destroy());
  document.body.innerHTML = '';
});

function render(one: Person, readOnly: boolean): HTMLElement {
  const host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() => root!.render(createElement(SuggestionsSection, { editor: one.editor, context: { ...one.context, readOnly } })));
  return host;
}

const names = (host: HTMLElement) => [...host.querySelectorAll('li')].map((item) => item.getAttribute('aria-label'));
const buttons = (host: HTMLElement) => [...host.querySelectorAll('button')].map((button) => button.textContent);

async function twoAuthors(): Promise<Person[]> {
  const all = await people('Say old words');
  const [ana, bo] = all;
  ana!.suggesting(true);
  bo!.suggesting(true);
  const { from, to } = find(ana!.editor, 'old');
  type(ana!.editor, from, to, 'new');
  const end = find(bo!.editor, 'words').to;
  type(bo!.editor, end, end, ' <img src=x onerror="window.hacked=1">');
  await exchange(all);
  return all;
}

describe('the Review panel’s Suggestions', () => {
  it('lists each suggestion by author and change, with Accept/Reject, all and per author, for an editor', async () => {
    open = await twoAuthors();
    const host = render(open[2]!, false);
    expect(host.querySelector('h3')?.textContent).toContain('Suggestions');
    expect(names(host)).toEqual(['Ana suggests replacing “old” with “new”', 'Bo suggests inserting “<img src=x onerror="window.hacked=1">”']);
    expect(buttons(host)).toEqual(['Accept all', 'Reject all', 'Accept all by Ana', 'Reject all by Ana', 'Accept all by Bo', 'Reject all by Bo', 'Accept', 'Reject', 'Accept', 'Reject']);
    // The suggested markup is text, never an element.
    expect(host.textContent).toContain('<img src=x');
    expect(host.querySelector('img')).toBeNull();
    expect((window as { hacked?: number }).hacked).toBeUndefined();

    const accept = [...host.querySelectorAll('li')][0]!.querySelector('button')!;
    expect(accept.textContent).toBe('Accept');
    act(() => accept.click());
    // The list reads the page again at most every 120 ms while changes come in.
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(open[2]!.text()).toBe('Say new words <img src=x onerror="window.hacked=1">');
    expect(names(host)).toEqual(['Bo suggests inserting “<img src=x onerror="window.hacked=1">”']);
    expect(buttons(host)).toEqual(['Accept all', 'Reject all', 'Accept', 'Reject']);
  });

  it('shows a viewer the list without any button', async () => {
    open = await twoAuthors();
    const host = render(open[2]!, true);
    expect(names(host)).toHaveLength(2);
    expect(buttons(host)).toEqual([]);
  });
});
