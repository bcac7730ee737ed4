import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newId } from '../../shared/model';
import { formatWebInvite } from '../../shared/protocol';
import { mintToken } from '../helpers';
import { addTask, createWorkspace, joinFromInvite, openDevice, openPage, taskTitles, typeAtEnd, useStage } from './app';
import { expectNoSeriousViolations } from './axe';

const stage = useStage({ auth: 'data-dir' });

/** A page with a heading, text and a list, as a team's first page would have. */
async function writeFirstPage(page: Page): Promise<void> {
  await page.keyboard.press('Control+Alt+N');
  await page.getByLabel('Page title').fill('Team handbook');
  await typeAtEnd(page, 'Team handbook', 'How we work');
  await page.getByRole('button', { name: 'Heading 1' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('We write things down so nobody waits for a meeting.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('- Ask in the open');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Hand over at the end of your day');
}

async function writeTaskList(page: Page): Promise<void> {
  await page.keyboard.press('Control+Alt+T');
  await page.getByLabel('Page title').fill('Launch');
  await addTask(page, 'Draft the announcement');
  await addTask(page, 'Check the translations');
  await page.getByRole('checkbox', { name: 'Complete Check the translations' }).check();
  await page.getByRole('button', { name: 'Details for Draft the announcement' }).click();
  await page.getByRole('textbox', { name: 'Description of Draft the announcement' }).click();
  await page.keyboard.type('Mention the new timezone rota.');
}

describe('accessibility of the first run', () => {
  it('onboarding, a page with content, a task list and the Share dialog have no serious axe violations', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await page.getByRole('heading', { name: 'Welcome to Baton' }).waitFor();
    await expectNoSeriousViolations(page, 'onboarding');

    await createWorkspace(page, 'Ines');
    await page.getByRole('region', { name: 'No page open' }).waitFor();
    await expectNoSeriousViolations(page, 'a new, empty workspace');
    await writeFirstPage(page);
    await page.getByRole('textbox', { name: 'Page content' }).locator('ul li').last().waitFor();
    await expectNoSeriousViolations(page, 'a page with content');

    await page.keyboard.press('Shift+Home');
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).not.toBe('');
    await page.keyboard.press('Control+Alt+M');
    const review = page.getByRole('region', { name: 'Review' });
    await review.getByRole('textbox', { name: 'Comment', exact: true }).pressSequentially('Who hands over to whom?');
    await review.getByRole('button', { name: 'Post' }).click();
    await review.getByRole('article', { name: /Comment by Ines/ }).waitFor();
    await expectNoSeriousViolations(page, 'a page with a comment thread in the Review panel');

    await writeTaskList(page);
    await page.getByRole('textbox', { name: 'Description of Draft the announcement' }).waitFor();
    await expectNoSeriousViolations(page, 'a task list with tasks');
    // The board with a column's menu open and a saved-filter name being typed; My work's board and calendar.
    await page.getByRole('tab', { name: 'Board' }).click();
    await page.getByRole('button', { name: 'Options for the column To do' }).click();
    await expectNoSeriousViolations(page, "a board with a column's menu open");
    await page.getByRole('tab', { name: 'List' }).click();
    await page.getByLabel('Show tasks').selectOption('open');
    await page.getByLabel('Saved filters').selectOption({ label: 'Save this filter…' });
    await expectNoSeriousViolations(page, 'a list naming a saved filter');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'My work', exact: true }).click();
    for (const tab of ['Board', 'Calendar']) {
      await page.getByRole('tab', { name: tab }).click();
      await expectNoSeriousViolations(page, `My work's ${tab.toLowerCase()}`);
    }

    for (const [opener, dialog] of [['Profile: Ines', 'the profile dialog'], ['Keyboard shortcuts', 'the shortcuts dialog']] as const) {
      await page.getByRole('button', { name: opener }).click();
      await page.getByRole('dialog').waitFor();
      await expectNoSeriousViolations(page, dialog);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    }

    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('dialog').waitFor();
    await expectNoSeriousViolations(page, 'the Share dialog');
    expect(errors).toEqual([]);
  });

  it("a viewer's workspace has no serious axe violations", async () => {
    const workspaceId = newId();
    const inviteWith = (role: 'editor' | 'viewer') =>
      formatWebInvite({ relayUrl: stage.relay.url, workspaceId, token: mintToken(stage.relay.dataDir, workspaceId, { role }).token, workspaceName: 'Field notes' }, stage.web.url);
    const editor = await openDevice(stage.browser, inviteWith('editor'));
    await joinFromInvite(editor.page, 'Oda');
    await writeFirstPage(editor.page);
    await editor.page.keyboard.press('Shift+Home');
    await expect.poll(() => editor.page.evaluate(() => window.getSelection()?.toString() ?? '')).not.toBe('');
    await editor.page.keyboard.press('Control+Alt+M');
    await editor.page.getByRole('textbox', { name: 'Comment', exact: true }).pressSequentially('Is this the right order?');
    await editor.page.getByRole('button', { name: 'Post' }).click();
    await editor.page.getByRole('textbox', { name: 'Page content' }).click();
    await editor.page.keyboard.press('Control+End');
    await editor.page.keyboard.press('Control+Alt+S');
    await editor.page.keyboard.type(' Write it down.');
    await editor.page.keyboard.press('Control+Alt+S');
    await writeTaskList(editor.page);

    const viewer = await openDevice(stage.browser, inviteWith('viewer'));
    await joinFromInvite(viewer.page, 'Pim');
    await viewer.page.getByRole('status').filter({ hasText: 'View only' }).waitFor();
    await expectNoSeriousViolations(viewer.page, "a viewer's empty workspace");
    await openPage(viewer.page, 'Launch');
    await expect.poll(() => taskTitles(viewer.page), { timeout: 15_000 }).toEqual(['Draft the announcement', 'Check the translations']);
    await viewer.page.getByRole('button', { name: 'Details for Draft the announcement' }).click();
    await viewer.page.getByRole('textbox', { name: 'Description of Draft the announcement' }).waitFor();
    await expectNoSeriousViolations(viewer.page, "a viewer's task list with a description open");

    // A viewer reads the threads but is offered nothing to write.
    await openPage(viewer.page, 'Team handbook');
    await viewer.page.getByRole('button', { name: 'Review', exact: true }).click();
    const thread = viewer.page.getByRole('region', { name: 'Review' }).getByRole('article', { name: /Comment by Oda on “Hand over at the end of your day”/ });
    await thread.getByText('Is this the right order?').waitFor({ timeout: 15_000 });
    await thread.click();
    await viewer.page.getByRole('listitem', { name: 'Oda suggests inserting “Write it down.”' }).waitFor({ timeout: 15_000 });
    await viewer.page.getByRole('region', { name: 'Versions' }).waitFor();
    expect(await viewer.page.getByRole('button', { name: /^(Comment|Resolve|Reply|Add reaction|Accept|Reject|Accept all|Reject all|Suggest edits|Save version…)$/ }).count()).toBe(0);
    expect(await viewer.page.getByRole('textbox', { name: /^(Comment|Reply)$/ }).count()).toBe(0);
    await expectNoSeriousViolations(viewer.page, "a viewer's page with a comment thread in the Review panel");
    expect([...editor.errors, ...viewer.errors]).toEqual([]);
  });
});
