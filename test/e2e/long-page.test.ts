import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createWorkspace, editor, openDevice, useStage } from './app';

const stage = useStage();
const LINES = 300;

/** Pastes plain paragraphs as the clipboard would hand them to the editor. */
async function paste(page: Page, lines: string[]): Promise<void> {
  await editor(page, '').evaluate((box, html) => {
    const data = new DataTransfer();
    data.setData('text/html', html);
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, lines.map((line) => `<p>${line}</p>`).join(''));
}

const paragraphs = (page: Page) => editor(page, '').locator(':scope > p').allTextContents();

describe('a long page', () => {
  it('puts every typed character where the caret is, while blocks off screen are skipped', async () => {
    const { context, page, errors } = await openDevice(stage.browser, stage.web.url);
    try {
      await createWorkspace(page, 'Ines');
      await page.keyboard.press('Control+Alt+N');
      await page.getByLabel('Page title').fill('Long read');
      await editor(page, '').click();
      const lines = Array.from({ length: LINES }, (_, i) => `Line ${i + 1}`);
      await paste(page, lines);
      await expect.poll(() => paragraphs(page).then((texts) => texts.length)).toBe(LINES);
      // What the test is about: the page skips rendering what is off screen.
      const skipped = await editor(page, '').locator(':scope > p').nth(LINES / 2).evaluate((p) => getComputedStyle(p).contentVisibility);
      expect(skipped).toBe('auto');

      // New blocks made with Enter, far from where the page was rendered, then typed into at once.
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Written at the end');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await page.keyboard.type('and after a gap');
      // …and the page has scrolled to show where the typing is.
      const lastOnScreen = () => editor(page, '').locator(':scope > p').last().evaluate((p) => { const box = p.getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight; });
      await expect.poll(lastOnScreen).toBe(true);

      // Back to the top, then down through blocks the page had skipped, typing at each stop.
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('First: ');
      for (let i = 0; i < 120; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('End');
      await page.keyboard.type(' (reached by arrows)');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Inserted below');

      const expected = [...lines];
      expected[0] = `First: ${expected[0]}`;
      expected[120] = `${expected[120]} (reached by arrows)`;
      expected.splice(121, 0, 'Inserted below');
      expected.push('Written at the end', '', 'and after a gap');
      await expect.poll(() => paragraphs(page)).toEqual(expected);

      // The same text comes back from the device's storage.
      await page.reload();
      await expect.poll(() => paragraphs(page), { timeout: 15_000 }).toEqual(expected);

      // All of it replaced by typing, and back with undo.
      await editor(page, '').click();
      await page.keyboard.press('Control+a');
      await page.keyboard.type('A fresh start');
      await expect.poll(() => paragraphs(page)).toEqual(['A fresh start']);
      await page.keyboard.press('Control+z');
      await expect.poll(() => paragraphs(page)).toEqual(expected);

      // A selection from near the top to the end, over blocks the page skips, replaced by typing.
      await page.keyboard.press('Control+Home');
      for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Control+Shift+End');
      await page.keyboard.type('The rest, rewritten');
      expected.splice(9, expected.length, 'The rest, rewritten');
      await expect.poll(() => paragraphs(page)).toEqual(expected);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
