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
