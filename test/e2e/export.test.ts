import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setupCode } from '../../relay/access/setup';
import { formatSetupLink } from '../../shared/protocol';
import { addTask, createWorkspace, joinFromInvite, openDevice, openPage, typeAtEnd, useStage, waitForSyncStatus } from './app';

const stage = useStage({ auth: 'data-dir' });

async function downloadedMarkdown(page: Page, button: string): Promise<{ name: string; markdown: string }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  const file = await download;
  return { name: file.suggestedFilename(), markdown: await readFile((await file.path())!, 'utf8') };
}

describe('exporting a workspace', () => {
  it('downloads every page and task as one Markdown file named after the workspace', async () => {
    const { context, page, errors } = await openDevice(stage.browser, stage.web.url);
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

    const { name, markdown } = await downloadedMarkdown(page, 'Export workspace');
    expect(name).toBe('Field notes.md');
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

  it('someone whose access an owner removed exports their copy from the banner', async () => {
    const ada = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(ada.page, 'Ada');
    await ada.page.getByRole('button', { name: 'Share', exact: true }).click();
    await ada.page.getByLabel('Relay address').fill(stage.relay.url);
    await ada.page.getByLabel('Setup link, setup code or access token').fill(formatSetupLink({ relayUrl: stage.relay.url, code: setupCode(stage.relay.relay.auth!.secret) }));
    await ada.page.getByRole('button', { name: 'Connect to relay' }).click();
    await ada.page.getByRole('button', { name: 'Create invite link' }).click();
    const invite = await ada.page.getByLabel('Invite link', { exact: true }).inputValue();
    await ada.page.getByRole('button', { name: 'Close' }).click();

    const bo = await openDevice(stage.browser, invite);
    await joinFromInvite(bo.page, 'Bo');
    await bo.page.keyboard.press('Control+Alt+N');
    await bo.page.getByLabel('Page title').fill('Bo’s notes');
    await typeAtEnd(bo.page, 'Bo’s notes', 'What I learned in week one');
    await waitForSyncStatus(bo.page, 'synced');
    await openPage(ada.page, 'Bo’s notes');

    await ada.page.getByRole('button', { name: 'Share', exact: true }).click();
    await ada.page.getByRole('button', { name: 'Remove access for Bo' }).click();
    await ada.page.getByRole('button', { name: 'Close' }).click();

    const banner = bo.page.getByRole('alert');
    await banner.getByRole('button', { name: 'Export a copy' }).waitFor({ timeout: 20_000 });
    expect(await banner.getByRole('button', { name: 'Paste a new invite link' }).count()).toBe(0);
    const { markdown } = await downloadedMarkdown(bo.page, 'Export a copy');
    expect(markdown).toContain('## Bo’s notes\n\nWhat I learned in week one\n');
    expect(bo.errors).toEqual([]);
    await ada.context.close();
    await bo.context.close();
  });
});
