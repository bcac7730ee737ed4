import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { serveRenderer, type WebServer } from '../helpers/web';
import { createWorkspace, openDevice } from './app';

// What a new team notices in its first hour: focus, landmarks, what the controls show and say.
let browser: Browser;
let web: WebServer;

beforeAll(async () => {
  [browser, web] = await Promise.all([launchChromium(), serveRenderer()]);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

/** Whether keyboard focus is inside the open dialog. */
function focusInDialog(page: Page): Promise<boolean> {
  return page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]')));
}

function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '');
}

describe('dialogs and keyboard focus', () => {
  it('every dialog keeps Tab and Shift+Tab inside it and gives focus back to the control that opened it', async () => {
    const { page, errors } = await openDevice(browser, web.url);
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
    const { page, errors } = await openDevice(browser, web.url);
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
