import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newId } from '../../shared/model';
import { formatWebInvite } from '../../shared/protocol';
import { mintToken } from '../helpers';
import { freePort } from '../helpers/ports';
import { addTask, createWorkspace, joinFromInvite, openDevice, openPage, taskTitles, typeAtEnd, useStage } from './app';

// What a new team notices in its first hour: focus, landmarks, what the controls show and say.
const stage = useStage({ auth: 'data-dir' });

/** Invite links to one new workspace on the test relay, one per role. */
function invites() {
  const workspaceId = newId();
  return (role: 'editor' | 'viewer') =>
    formatWebInvite({ relayUrl: stage.relay.url, workspaceId, token: mintToken(stage.relay.dataDir, workspaceId, { role }).token, workspaceName: 'Field notes' }, stage.web.url);
}

/** Whether keyboard focus is inside the open dialog. */
function focusInDialog(page: Page): Promise<boolean> {
  return page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]')));
}

function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '');
}

describe('dialogs and keyboard focus', () => {
  it('every dialog keeps Tab and Shift+Tab inside it and gives focus back to the control that opened it', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Rui');
    const openers = [
      { opener: page.getByRole('button', { name: 'Keyboard shortcuts' }), name: 'Keyboard shortcuts', close: 'Escape' },
      { opener: page.getByRole('button', { name: 'Profile: Rui' }), name: 'Profile: Rui', close: 'Close' },
      { opener: page.getByRole('button', { name: 'Share', exact: true }), name: 'Share', close: 'Escape' },
    ] as const;
    for (const { opener, name, close } of openers) {
      await opener.click();
      await page.getByRole('dialog').waitFor();
      await expect.poll(() => focusInDialog(page)).toBe(true);
      const stops = await page.getByRole('dialog').evaluate((dialog) => dialog.querySelectorAll('button, input, select, textarea, a[href], [tabindex]').length);
      // Round the dialog more than once each way: focus never reaches the page behind it or the browser.
      for (let step = 0; step < stops * 2 + 2; step++) {
        await page.keyboard.press('Tab');
        expect(await focusInDialog(page), `${name}: Tab ${step + 1}`).toBe(true);
      }
      for (let step = 0; step < stops * 2 + 2; step++) {
        await page.keyboard.press('Shift+Tab');
        expect(await focusInDialog(page), `${name}: Shift+Tab ${step + 1}`).toBe(true);
      }
      if (close === 'Escape') await page.keyboard.press('Escape');
      else await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
      await expect.poll(() => focusedName(page), { message: `${name}: focus after closing` }).toBe(name);
    }
    expect(errors).toEqual([]);
  });
});

/** For each colour choice: its accessible name, the colour painted at its centre, and whether it shows as chosen. */
function swatches(page: Page) {
  return page.getByRole('radiogroup', { name: 'Colour' }).or(page.getByRole('group', { name: 'Colour' })).evaluate((group) =>
    [...group.querySelectorAll<HTMLInputElement>('input[type="radio"]')].map((radio) => {
      const box = radio.getBoundingClientRect();
      // What a person sees there: the first painted background from the topmost element down.
      let painted = 'none';
      for (let element = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2); element; element = element.parentElement) {
        const background = getComputedStyle(element).backgroundColor;
        if (background !== 'rgba(0, 0, 0, 0)' && background !== 'transparent') {
          painted = background;
          break;
        }
      }
      const marked = getComputedStyle(radio).boxShadow !== 'none' && radio.parentElement?.querySelector('svg') !== null;
      return { name: radio.getAttribute('aria-label') ?? '', painted, checked: radio.checked, marked };
    }),
  );
}

describe('choosing a colour', () => {
  it('shows every colour, its name and which one is chosen, on the welcome screen and in the profile dialog', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await page.getByRole('heading', { name: 'Welcome to Baton' }).waitFor();
    const welcome = await swatches(page);
    expect(welcome.map((swatch) => swatch.name)).toEqual(['Blue', 'Pink', 'Green', 'Amber', 'Violet', 'Red', 'Teal', 'Olive']);
    // Eight different colours, none of them the white of the card behind.
    expect(new Set(welcome.map((swatch) => swatch.painted)).size).toBe(8);
    expect(welcome.map((swatch) => swatch.painted)).not.toContain('rgb(255, 255, 255)');
    expect(welcome.filter((swatch) => swatch.marked).map((swatch) => swatch.name)).toEqual(welcome.filter((swatch) => swatch.checked).map((swatch) => swatch.name));

    await page.getByRole('radio', { name: 'Violet' }).check();
    await createWorkspace(page, 'Sol');
    await page.getByRole('button', { name: 'Profile: Sol' }).click();
    await page.getByRole('dialog').waitFor();
    const inDialog = await swatches(page);
    expect(inDialog.find((swatch) => swatch.name === 'Blue')?.painted).toBe('rgb(37, 99, 235)');
    expect(inDialog.filter((swatch) => swatch.marked).map((swatch) => swatch.name)).toEqual(['Violet']);
    await page.getByRole('radio', { name: 'Teal' }).check();
    expect((await swatches(page)).filter((swatch) => swatch.marked).map((swatch) => swatch.name)).toEqual(['Teal']);
    expect(errors).toEqual([]);
  });
});

/** The main landmarks on screen, each with whether it holds the open page's title or the empty state. */
function mains(page: Page) {
  return page.getByRole('main').evaluateAll((elements) => elements.map((main) => ({ title: main.querySelector('#page-title') !== null, empty: main.textContent?.includes('Nothing open') ?? false })));
}

describe('landmarks', () => {
  it('onboarding and the workspace each have exactly one main landmark, holding the page or task list', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await page.getByRole('heading', { name: 'Welcome to Baton' }).waitFor();
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('main').getByRole('button', { name: 'Create workspace' }).count()).toBe(1);

    await createWorkspace(page, 'Tove');
    expect(await mains(page)).toEqual([{ title: false, empty: true }]);
    await page.keyboard.press('Control+Alt+N');
    await expect.poll(() => mains(page)).toEqual([{ title: true, empty: false }]);
    await page.keyboard.press('Control+Alt+T');
    await page.getByLabel('Page title').fill('Chores');
    await addTask(page, 'Water the plants');
    expect(await page.getByRole('main').getByRole('list', { name: 'Task list' }).count()).toBe(1);
    expect(await mains(page)).toEqual([{ title: true, empty: false }]);
    expect(errors).toEqual([]);
  });
});

describe('a viewer', () => {
  it('opens and reads a task description, and is never offered to create anything', async () => {
    const invite = invites();
    const editor = await openDevice(stage.browser, invite('editor'));
    await joinFromInvite(editor.page, 'Uma');
    await editor.page.keyboard.press('Control+Alt+T');
    await editor.page.getByLabel('Page title').fill('Launch');
    await addTask(editor.page, 'Draft the announcement');
    await addTask(editor.page, 'Book the venue');
    await editor.page.getByRole('button', { name: 'Details for Draft the announcement' }).click();
    const description = editor.page.getByRole('textbox', { name: 'Description of Draft the announcement' });
    await description.click();
    await editor.page.keyboard.type('Mention the new timezone rota.');

    const viewer = await openDevice(stage.browser, invite('viewer'));
    await joinFromInvite(viewer.page, 'Vic');
    await viewer.page.getByRole('status').filter({ hasText: 'View only' }).waitFor();
    const empty = viewer.page.getByRole('region', { name: 'No page open' });
    await empty.waitFor();
    expect(await empty.innerText()).not.toMatch(/create|press|ctrl|⌘/i);
    expect(await viewer.page.getByRole('button', { name: /new page|new task list/i }).count()).toBe(0);

    await openPage(viewer.page, 'Launch');
    await expect.poll(() => taskTitles(viewer.page), { timeout: 15_000 }).toEqual(['Draft the announcement', 'Book the venue']);
    const details = viewer.page.getByRole('button', { name: 'Details for Draft the announcement' });
    expect(await details.isEnabled()).toBe(true);
    await details.click();
    const readOnlyDescription = viewer.page.getByRole('textbox', { name: 'Description of Draft the announcement' });
    // The text as written, without the name label of the editor's caret that sits in it.
    const written = () => readOnlyDescription.evaluate((box) => {
      const copy = box.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return copy.textContent;
    });
    await expect.poll(written, { timeout: 15_000 }).toBe('Mention the new timezone rota.');
    expect(await readOnlyDescription.getAttribute('contenteditable')).toBe('false');
    expect(await viewer.page.getByRole('toolbar', { name: 'Description formatting' }).count()).toBe(0);
    // A task nobody described says so to a reader, rather than showing an empty box.
    await viewer.page.getByRole('button', { name: 'Details for Book the venue' }).click();
    expect(await viewer.page.getByRole('note', { name: 'Description of Book the venue' }).innerText()).toBe('No description yet.');

    // Everything else in the row stays read-only: no completing, reordering or deleting.
    expect(await viewer.page.getByRole('checkbox', { name: 'Complete Draft the announcement' }).isDisabled()).toBe(true);
    expect(await viewer.page.getByRole('combobox', { name: 'Status of Draft the announcement' }).isDisabled()).toBe(true);
    expect(await viewer.page.getByRole('button', { name: /^(Move|Delete task) / }).count()).toBe(0);
    await viewer.page.locator('[data-task-id]').nth(1).getByLabel('Task title').focus();
    await viewer.page.keyboard.press('Alt+ArrowUp');
    // The editor's next task reaching the viewer shows the keypress above has been handled and changed nothing.
    await addTask(editor.page, 'Print the posters');
    await expect.poll(() => taskTitles(viewer.page), { timeout: 15_000 }).toEqual(['Draft the announcement', 'Book the venue', 'Print the posters']);
    expect([...editor.errors, ...viewer.errors]).toEqual([]);
  });
});

describe('the shortcuts dialog', () => {
  it('names keys as people read them', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Wen');
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const keys = await page.getByRole('dialog').locator('kbd').allInnerTexts();
    expect(keys).toContain('Alt+↑');
    expect(keys).toContain('Ctrl+Alt+N');
    expect(keys.filter((key) => /arrow|escape|mod/i.test(key))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

/** The sync indicator as seen: its word, the dot's fill, ring and colour. */
function syncLook(page: Page) {
  return page.getByRole('status', { name: /^Sync status/ }).evaluate((status) => {
    const dot = getComputedStyle(status.querySelector('.dot')!);
    const filled = dot.backgroundColor !== 'rgba(0, 0, 0, 0)';
    return { status: status.getAttribute('data-status'), word: status.textContent ?? '', filled, colour: filled ? dot.backgroundColor : dot.borderTopColor };
  });
}

describe('the sync indicator', () => {
  it('shows Offline with another colour and shape than Local only', async () => {
    const local = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(local.page, 'Xia');
    const alone = await syncLook(local.page);
    expect(alone).toMatchObject({ status: 'local', filled: true });
    expect(alone.word).toMatch(/^Local only/);

    // An invite to a relay nobody answers at: the device works offline.
    const workspaceId = newId();
    const unreachable = formatWebInvite({ relayUrl: `ws://127.0.0.1:${await freePort()}`, workspaceId, token: mintToken(stage.relay.dataDir, workspaceId).token, workspaceName: 'Far away' }, stage.web.url);
    const away = await openDevice(stage.browser, unreachable);
    await joinFromInvite(away.page, 'Yul');
    // Each retry says Connecting… for a moment: keep the look read while it says Offline.
    let offline = await syncLook(away.page);
    await expect.poll(async () => (offline = await syncLook(away.page)).status, { timeout: 20_000 }).toBe('offline');
    expect(offline.word).toMatch(/^Offline/);
    expect(offline.filled).toBe(false);
    expect(offline.colour).not.toBe(alone.colour);
    expect([...local.errors, ...away.errors]).toEqual([]);
  });
});

describe('a long page', () => {
  it('keeps the formatting toolbar at the top while scrolling, and headings inside stay smaller than the title', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Zed');
    await page.keyboard.press('Control+Alt+N');
    await page.getByLabel('Page title').fill('Meeting notes');
    const content = page.getByRole('textbox', { name: 'Page content' });
    await content.click();
    for (const level of ['Heading 1', 'Heading 2', 'Heading 3'] as const) {
      if (level === 'Heading 3') await page.keyboard.type('### ');
      else await page.getByRole('button', { name: level }).click();
      await page.keyboard.type(`${level} text`);
      await page.keyboard.press('Enter');
    }
    for (let line = 1; line <= 60; line++) {
      await page.keyboard.type(`Line ${line}`);
      await page.keyboard.press('Enter');
    }

    const sizes = await page.evaluate(() => {
      const size = (selector: string) => parseFloat(getComputedStyle(document.querySelector(selector)!).fontSize);
      return { title: size('#page-title'), h1: size('.ProseMirror h1'), h2: size('.ProseMirror h2'), h3: size('.ProseMirror h3'), text: size('.ProseMirror p') };
    });
    // Each step is one a reader can see, not a pixel.
    expect(sizes.title).toBeGreaterThanOrEqual(sizes.h1 * 1.2);
    expect(sizes.h1).toBeGreaterThan(sizes.h2);
    expect(sizes.h2).toBeGreaterThan(sizes.h3);
    expect(sizes.h3).toBeGreaterThan(sizes.text);

    const scroller = page.locator('.page');
    await scroller.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await expect.poll(() => scroller.evaluate((element) => element.scrollTop > 400)).toBe(true);
    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    const [toolbarBox, scrollerBox] = [await toolbar.boundingBox(), await scroller.boundingBox()];
    // Flush with the top of the scroll area: neither scrolled away nor floating below a strip of text.
    expect(Math.abs(toolbarBox!.y - scrollerBox!.y)).toBeLessThan(2);
    // It is what a pointer at that spot reaches, not something scrolled under it.
    const center = { x: toolbarBox!.x + 10, y: toolbarBox!.y + toolbarBox!.height / 2 };
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[role="toolbar"]')?.getAttribute('aria-label'), center)).toBe('Formatting');
    expect(errors).toEqual([]);
  });
});

/** How opaque the name label of a teammate's caret is on this screen ('' while there is none). */
function labelOpacity(page: Page, name: string): Promise<string> {
  return page.evaluate((who) => {
    const label = [...document.querySelectorAll<HTMLElement>('.collaboration-carets__label')].find((element) => element.textContent === who);
    return label ? getComputedStyle(label).opacity : '';
  }, name);
}

describe("a teammate's caret", () => {
  it('shows its small name label only just after it moves or while hovered, so it does not sit over text', async () => {
    const invite = invites();
    const ana = await openDevice(stage.browser, invite('editor'));
    await joinFromInvite(ana.page, 'Ana');
    await ana.page.keyboard.press('Control+Alt+N');
    await ana.page.getByLabel('Page title').fill('Notes');
    await typeAtEnd(ana.page, 'Notes', 'First line of the notes.');
    await ana.page.keyboard.press('Enter');
    await ana.page.keyboard.type('Second line.');

    const ben = await openDevice(stage.browser, invite('editor'));
    await joinFromInvite(ben.page, 'Ben');
    await openPage(ben.page, 'Notes');
    await ana.page.keyboard.type(' More.');
    // Just after Ana's caret moved Ben sees her name; once she rests it fades away.
    await expect.poll(() => labelOpacity(ben.page, 'Ana'), { timeout: 15_000 }).toBe('1');
    await expect.poll(() => labelOpacity(ben.page, 'Ana'), { timeout: 10_000 }).toBe('0');
    const label = ben.page.locator('.collaboration-carets__label', { hasText: 'Ana' });
    expect(parseFloat(await label.evaluate((element) => getComputedStyle(element).fontSize))).toBeLessThan(13);

    // Typing on along the same line (ProseMirror keeps the caret element) shows it again.
    await ana.page.keyboard.type(' And on.');
    await expect.poll(() => labelOpacity(ben.page, 'Ana'), { timeout: 10_000 }).toBe('1');
    await expect.poll(() => labelOpacity(ben.page, 'Ana'), { timeout: 10_000 }).toBe('0');

    // Hovering the caret asks whose it is.
    const caret = await ben.page.locator('.collaboration-carets__caret', { hasText: 'Ana' }).boundingBox();
    await ben.page.mouse.move(caret!.x + caret!.width / 2 + 2, caret!.y + caret!.height / 2);
    await expect.poll(() => labelOpacity(ben.page, 'Ana')).toBe('1');
    expect([...ana.errors, ...ben.errors]).toEqual([]);
  });
});
