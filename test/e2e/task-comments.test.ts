import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoSeriousViolations } from './axe';
import { addTask, createWorkspace, joinFromInvite, openPage, openSwitchedDevice, shareWithRelay, useStage, waitForSyncStatus } from './app';

const stage = useStage();

function commentsOn(scope: Page | ReturnType<Page['getByRole']>, title: string) {
  return scope.getByRole('region', { name: `Comments on ${title}` });
}

function linkingHere(page: Page) {
  return page.getByRole('region', { name: /^Tasks linking here/ });
}

describe('talking about a task, and linking it to the page it is about', () => {
  it('Aiko links a task to the brief and asks Ben in its comments; Ben finds the count on the row, reads it, reacts and answers, sees it on the board and the brief; Aiko reads his answer and takes the link off', async () => {
    const aiko = await openSwitchedDevice(stage, () => stage.web.url);
    await createWorkspace(aiko.page, 'Aiko');
    const invite = await shareWithRelay(aiko.page, aiko.net.url);
    await waitForSyncStatus(aiko.page, 'synced');
    const ben = await openSwitchedDevice(stage, (relay) => invite.replace(encodeURIComponent(aiko.net.url), encodeURIComponent(relay)));
    await joinFromInvite(ben.page, 'Ben');
    await waitForSyncStatus(ben.page, 'synced');

    // Aiko writes the brief, then the task, and links the task to the brief from the keyboard.
    await aiko.page.getByRole('button', { name: '+ New page' }).click();
    await aiko.page.getByLabel('Page title').fill('Launch brief');
    await aiko.page.getByRole('button', { name: '+ New task list' }).click();
    await aiko.page.getByLabel('Page title').fill('Launch');
    await addTask(aiko.page, 'Send the invites');
    await aiko.page.getByRole('button', { name: 'Details for Send the invites' }).click();
    const linkForm = aiko.page.getByRole('form', { name: 'Link Send the invites to a page' });
    await linkForm.getByRole('combobox', { name: 'Linked page' }).focus();
    await aiko.page.keyboard.type('Launch brief');
    expect(await linkForm.getByRole('combobox', { name: 'Linked page' }).evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.text)).toBe('Launch brief · page');
    await aiko.page.keyboard.press('Tab');
    await aiko.page.keyboard.press('Enter');
    const linked = aiko.page.getByRole('list', { name: 'Pages linked from Send the invites' });
    await linked.getByRole('button', { name: 'Launch brief', exact: true }).waitFor();

    // She asks Ben, mentioning him.
    const aikoComments = commentsOn(aiko.page, 'Send the invites');
    const box = aikoComments.getByRole('textbox', { name: 'Comment', exact: true });
    await box.pressSequentially('Is the guest list final?');
    await box.pressSequentially(' @Be');
    await aikoComments.getByRole('option', { name: 'Ben' }).click();
    // Before she posts, she is told when Ben will see it: in his hours, his time.
    const when = aikoComments.getByRole('list', { name: 'When they will see it' }).getByRole('listitem');
    await expect.poll(() => when.allInnerTexts()).toEqual([expect.stringMatching(/^Ben (is at work and will see this now|will see this at (\w{3} )?\d\d:\d\d (in [\w ]+|UTC) \(in .+\))$/)]);
    await aikoComments.getByRole('button', { name: 'Post' }).click();
    await aikoComments.getByText('Is the guest list final?').waitFor();
    await aiko.page.getByRole('button', { name: '1 comment on Send the invites' }).waitFor();
    expect((await box.innerText()).trim()).toBe('');
    await expectNoSeriousViolations(aiko.page, 'a task with a page link and a comment');

    // The brief names the task that links to it.
    await linked.getByRole('button', { name: 'Launch brief', exact: true }).click();
    await expect.poll(() => aiko.page.getByLabel('Page title').inputValue()).toBe('Launch brief');
    await linkingHere(aiko.page).getByRole('button', { name: 'Send the invites' }).waitFor();
    expect(await linkingHere(aiko.page).innerText()).toMatch(/Send the invites\s*· Launch · To do/);
    await expectNoSeriousViolations(aiko.page, 'a page with a task linking to it');
    await waitForSyncStatus(aiko.page, 'synced');

    // Ben sees on the row that there is something to read, and opens it from there.
    await openPage(ben.page, 'Launch');
    await ben.page.getByRole('button', { name: '1 comment on Send the invites' }).click({ timeout: 15_000 });
    const benComments = commentsOn(ben.page, 'Send the invites');
    // The count opens the details with the focus where he can answer.
    await expect.poll(() => ben.page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Comment');
    await benComments.getByText('Is the guest list final?').waitFor();
    await benComments.locator('.mention', { hasText: '@Ben' }).waitFor();
    await benComments.getByText('Aiko', { exact: true }).waitFor();
    await benComments.getByRole('button', { name: 'Add reaction' }).click();
    await benComments.getByRole('button', { name: 'React 👍' }).click();
    await benComments.getByRole('textbox', { name: 'Comment', exact: true }).pressSequentially('Yes, 40 people.');
    await ben.page.keyboard.press('Control+Enter');
    await benComments.getByText('Yes, 40 people.').waitFor();
    await ben.page.getByRole('button', { name: '2 comments on Send the invites' }).waitFor();
    // He corrects himself: his own comment is his to edit.
    await benComments.getByRole('button', { name: 'Edit comment' }).click();
    const edit = benComments.getByRole('textbox', { name: 'Edit comment' });
    await edit.press('Control+a');
    await edit.pressSequentially('Yes, 42 people.');
    await benComments.getByRole('button', { name: 'Save' }).click();
    await benComments.getByText('Yes, 42 people.').waitFor();
    await benComments.getByText('(edited)').waitFor();

    // On the board, the card says so too, and opens with the whole conversation.
    await ben.page.getByRole('tab', { name: 'Board' }).click();
    const card = ben.page.getByRole('list', { name: 'To do tasks' }).getByRole('listitem', { name: 'Send the invites' });
    await expect.poll(() => card.getAttribute('aria-description')).toContain('2 comments');
    await card.focus();
    await ben.page.keyboard.press('Enter');
    const dialog = ben.page.getByRole('dialog', { name: 'Send the invites' });
    await commentsOn(dialog, 'Send the invites').getByText('Yes, 42 people.').waitFor();
    await commentsOn(dialog, 'Send the invites').getByText('Is the guest list final?').waitFor();
    await ben.page.keyboard.press('Escape');

    // The brief shows Ben the task too: his own device's task index, fed by the synced list.
    await openPage(ben.page, 'Launch brief');
    await linkingHere(ben.page).getByRole('button', { name: 'Send the invites' }).waitFor();
    await waitForSyncStatus(ben.page, 'synced');

    // Aiko reads Ben's answer and his reaction, and takes the link off: the brief no longer names the task.
    await openPage(aiko.page, 'Launch');
    await aiko.page.getByRole('button', { name: '2 comments on Send the invites' }).waitFor({ timeout: 15_000 });
    // From the keyboard: C on the task opens its details at the comment box.
    await aiko.page.getByRole('list', { name: 'Task list' }).getByRole('listitem', { name: 'Send the invites' }).focus();
    await aiko.page.keyboard.press('c');
    await aikoComments.getByText('Yes, 42 people.').waitFor();
    await aikoComments.getByText('(edited)').waitFor();
    await expect.poll(() => aiko.page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Comment');
    await aiko.page.keyboard.type('Thanks!');
    await aiko.page.keyboard.press('Control+Enter');
    await aiko.page.getByRole('button', { name: '3 comments on Send the invites' }).waitFor();
    await aikoComments.getByRole('button', { name: '👍 1: Ben' }).waitFor();
    await aiko.page.getByRole('button', { name: 'Remove link to Launch brief' }).click();
    await aiko.page.getByRole('form', { name: 'Link Send the invites to a page' }).getByRole('option', { name: 'Launch brief · page' }).waitFor({ state: 'attached' });
    await openPage(aiko.page, 'Launch brief');
    await expect.poll(() => linkingHere(aiko.page).count()).toBe(0);
    expect(aiko.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });
});
