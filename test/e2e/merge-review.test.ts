import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addTask, caretToEnd, createWorkspace, editor, goOffline, goOnline, joinFromInvite, openPage, openSwitchedDevice, shareWithRelay, taskTitles, typeAtEnd, useStage } from './app';
import { expectNoSeriousViolations } from './axe';

const stage = useStage();

/** Rewrites the end of the page's only paragraph, once it shows: `from` off, `to` in. */
async function rewriteEnd(page: Page, from: string, to: string): Promise<void> {
  const box = editor(page, 'Plan');
  await expect.poll(() => box.innerText()).toBe(`We launch on ${from}`);
  await caretToEnd(page, 'Plan');
  for (let i = 0; i < from.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(to);
  await expect.poll(() => box.innerText()).toBe(`We launch on ${to}`);
}

function review(page: Page) {
  return page.getByRole('region', { name: 'Merged while apart' });
}

describe('merge review', () => {
  it('two people rewrite one paragraph and set one task’s status apart; after the reconnect each sees both sides and one restore reaches both', async () => {
    const ana = await openSwitchedDevice(stage, () => stage.web.url, 'Asia/Tokyo');
    await createWorkspace(ana.page, 'Ana');
    const invite = await shareWithRelay(ana.page, ana.net.url);
    await ana.page.getByRole('button', { name: '+ New page' }).click();
    await ana.page.getByLabel('Page title').fill('Plan');
    await typeAtEnd(ana.page, 'Plan', 'We launch on Monday.');
    await ana.page.getByRole('button', { name: '+ New task list' }).click();
    await ana.page.getByLabel('Page title').fill('Launch');
    await addTask(ana.page, 'Book venue');

    const ben = await openSwitchedDevice(stage, (relay) => invite.replace(encodeURIComponent(ana.net.url), encodeURIComponent(relay)), 'Europe/London');
    await joinFromInvite(ben.page, 'Ben');
    await openPage(ben.page, 'Launch');
    await expect.poll(() => taskTitles(ben.page), { timeout: 15_000 }).toEqual(['Book venue']);
    await openPage(ben.page, 'Plan');
    await expect.poll(() => editor(ben.page, 'Plan').innerText(), { timeout: 15_000 }).toBe('We launch on Monday.');

    // Apart: each rewrites the day and sets the task's status their own way.
    await goOffline(ana);
    await goOffline(ben);
    await openPage(ana.page, 'Plan');
    await rewriteEnd(ana.page, 'Monday.', 'Friday.');
    await openPage(ana.page, 'Launch');
    await ana.page.getByRole('combobox', { name: 'Status of Book venue' }).selectOption({ label: 'Done' });
    await rewriteEnd(ben.page, 'Monday.', 'Tuesday.');
    await openPage(ben.page, 'Launch');
    await ben.page.getByRole('combobox', { name: 'Status of Book venue' }).selectOption({ label: 'Blocked' });

    await goOnline(ana);
    await goOnline(ben);

    // Both see the paragraph's two sides as they were before the merge, each named.
    for (const [person, mine, theirs, other] of [
      [ana, 'Friday', 'Tuesday', 'Ben'],
      [ben, 'Tuesday', 'Friday', 'Ana'],
    ] as const) {
      await openPage(person.page, 'Plan');
      const notice = review(person.page);
      await expect.poll(() => notice.isVisible(), { timeout: 20_000 }).toBe(true);
      await expect.poll(() => notice.getByRole('region', { name: 'Your version, before the merge' }).innerText()).toContain(`We launch on ${mine}.`);
      expect(await notice.getByRole('region', { name: `${other}'s version, before the merge` }).innerText()).toContain(`We launch on ${theirs}.`);
      const merged = await notice.getByRole('region', { name: 'Merged now' }).innerText();
      expect(merged).toMatch(/Friday/);
      expect(merged).toMatch(/Tuesday/);
    }

    await expectNoSeriousViolations(ana.page, 'a page with a merge review');
    // Ana takes Ben's sentence: one action, and Ben's device converges to it.
    await openPage(ana.page, 'Plan');
    await review(ana.page).getByRole('button', { name: "Restore Ben's version" }).click();
    await expect.poll(() => editor(ana.page, 'Plan').innerText()).toBe('We launch on Tuesday.');
    await expect.poll(() => review(ana.page).count()).toBe(0);
    await expect.poll(() => editor(ben.page, 'Plan').innerText(), { timeout: 15_000 }).toBe('We launch on Tuesday.');
    await expect.poll(() => review(ben.page).count()).toBe(0);

    // The task: the flag says who set what and what the merge kept; Ben restores his Blocked.
    await openPage(ben.page, 'Launch');
    const row = ben.page.getByRole('list', { name: 'Task list' }).getByRole('listitem', { name: 'Book venue' });
    const flag = row.getByRole('list', { name: 'Merged while apart: Book venue' });
    await expect.poll(() => flag.innerText(), { timeout: 15_000 }).toMatch(/Status: You set Blocked, Ana set Done — merged: (Done|Blocked)/);
    await expectNoSeriousViolations(ben.page, 'a task list with a flagged task');
    await flag.getByRole('button', { name: 'Restore your status of Book venue' }).click();
    await expect.poll(() => ben.page.getByRole('combobox', { name: 'Status of Book venue' }).inputValue()).toBe('blocked');
    await openPage(ana.page, 'Launch');
    await expect.poll(() => ana.page.getByRole('combobox', { name: 'Status of Book venue' }).inputValue(), { timeout: 15_000 }).toBe('blocked');
    await expect.poll(() => ana.page.getByRole('list', { name: 'Merged while apart: Book venue' }).count()).toBe(0);

    expect([...ana.errors, ...ben.errors]).toEqual([]);
  });
});
