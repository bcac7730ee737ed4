import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { serveRenderer, type WebServer } from '../helpers/web';
import { addTask, openDevice, typeAtEnd } from './app';

let browser: Browser;
let web: WebServer;

beforeAll(async () => {
  [browser, web] = await Promise.all([launchChromium(), serveRenderer()]);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

describe('exporting a workspace', () => {
  it('downloads every page and task as one Markdown file named after the workspace', async () => {
    const { context, page, errors } = await openDevice(browser, web.url);
    await page.getByLabel('Your name').fill('Noor');
    await page.getByLabel('Workspace name').fill('Field notes');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('button', { name: '+ New page' }).waitFor();

    // A page with a heading, a line with a bold word and a list, typed as a person would.
    await page.keyboard.press('Control+Alt+N');
    await page.getByLabel('Page title').fill('Handbook');
    await typeAtEnd(page, 'Handbook', 'How we work');
    await page.getByRole('button', { name: 'Heading 1' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Write it down, ');
    await page.keyboard.press('Control+B');
    await page.keyboard.type('always');
    await page.keyboard.press('Control+B');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- Ask in the open');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Hand over at 5*');

    // A task list with one open and one finished task.
    await page.keyboard.press('Control+Alt+T');
    await page.getByLabel('Page title').fill('Launch');
    await addTask(page, 'Draft the announcement');
    await addTask(page, 'Check the translations');
    await page.getByRole('checkbox', { name: 'Complete Check the translations' }).check();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export workspace' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('Field notes.md');
    const markdown = await readFile((await file.path())!, 'utf8');

    expect(markdown.split('\n')).toEqual([
      '# Field notes',
      '',
      '## Handbook',
      '',
      '### How we work',
      '',
      'Write it down, **always**',
      '',
      '- Ask in the open',
      '- Hand over at 5\\*',
      '',
      '## Launch',
      '',
      '- [ ] Draft the announcement',
      '- [x] Check the translations',
      '',
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
