import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoSeriousViolations } from './axe';
import { addTask, createWorkspace, goOffline, goOnline, joinFromInvite, openPage, openSwitchedDevice, shareWithRelay, typeAtEnd, useStage, waitForSyncStatus } from './app';

const stage = useStage();

function catchUp(page: Page) {
  return page.getByRole('region', { name: 'Catch up' });
}

async function openCatchUp(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Catch up' }).click();
  await catchUp(page).getByRole('heading', { name: 'Since you were last here' }).waitFor();
}

describe('catch-up inbox', () => {
  it('Ben comes back online and reads what Aiko did while he was away: by page and by person, the new words in their sentence, then marks it seen, which his other computer sees too', async () => {
    const aiko = await openSwitchedDevice(stage, () => stage.web.url, 'Asia/Tokyo');
    await createWorkspace(aiko.page, 'Aiko');
    const invite = await shareWithRelay(aiko.page, aiko.net.url);
    await aiko.page.getByRole('button', { name: '+ New page' }).click();
    await aiko.page.getByLabel('Page title').fill('Strategy');
    await typeAtEnd(aiko.page, 'Strategy', 'Our plan for the year.');
    await aiko.page.getByRole('button', { name: '+ New task list' }).click();
    await aiko.page.getByLabel('Page title').fill('Launch');
    await addTask(aiko.page, 'Book the venue');
    await waitForSyncStatus(aiko.page, 'synced');

    const ben = await openSwitchedDevice(stage, (relay) => invite.replace(encodeURIComponent(aiko.net.url), encodeURIComponent(relay)), 'Europe/London');
    await joinFromInvite(ben.page, 'Ben');
    await openPage(ben.page, 'Launch');
    await openPage(ben.page, 'Strategy');
    await ben.page.getByRole('textbox', { name: 'Page content' }).getByText('Our plan for the year.').waitFor();
    await waitForSyncStatus(ben.page, 'synced');
    // What was there when Ben arrived is not news to him.
    await openCatchUp(ben.page);
    await catchUp(ben.page).getByRole('status').getByText('You’re all caught up.').waitFor();

    // Ben's other computer: the same person (his device record carried over), on a line of its own.
    const laptop = await openSwitchedDevice(stage, () => stage.web.url, 'Europe/London');
    const record = await ben.page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
    await laptop.page.evaluate(
      ([entries, from, to]) => {
        for (const [key, value] of JSON.parse(entries) as [string, string][]) localStorage.setItem(key, value.replaceAll(from, to));
      },
      [record, ben.net.url, laptop.net.url] as const,
    );
    await laptop.page.reload();
    await openCatchUp(laptop.page);
    await catchUp(laptop.page).getByRole('status').getByText('You’re all caught up.').waitFor();
    await waitForSyncStatus(laptop.page, 'synced');

    // Ben is away; Aiko writes on, adds a task and hands one over.
    await goOffline(ben);
    await goOffline(laptop);
    await openPage(aiko.page, 'Strategy');
    const added = ' Hiring starts in July.';
    await typeAtEnd(aiko.page, 'Strategy', added);
    await openPage(aiko.page, 'Launch');
    await addTask(aiko.page, 'Order food');
    await waitForSyncStatus(aiko.page, 'synced');

    // Back online: the inbox says what changed, by whom and how much, with no page opened.
    await goOnline(ben);
    const link = ben.page.getByRole('button', { name: 'Catch up' });
    await expect.poll(() => link.getAttribute('aria-description'), { timeout: 20_000 }).toBe('2 pages changed since you were last here');
    const strategy = catchUp(ben.page).getByRole('article', { name: 'Strategy' });
    const launch = catchUp(ben.page).getByRole('article', { name: 'Launch' });
    await expect.poll(() => strategy.getByRole('listitem').allInnerTexts()).toEqual([`Aiko added ${added.length} characters`]);
    expect(await launch.getByRole('listitem').allInnerTexts()).toEqual(['Aiko added the task “Order food”']);

    await expectNoSeriousViolations(ben.page, 'Catch up, by page');
    // The changes themselves: Aiko's words in their paragraph.
    await strategy.getByRole('button', { name: 'Show changes to Strategy' }).click();
    const dialog = ben.page.getByRole('dialog', { name: 'Changes to Strategy' });
    await dialog.locator('ins').first().waitFor();
    expect(await dialog.locator('ins').allInnerTexts()).toEqual([added]);
    expect((await dialog.getByRole('list', { name: 'Changed paragraphs' }).innerText()).trim()).toBe(`Our plan for the year.${added}`);
    await expectNoSeriousViolations(ben.page, 'Changes to Strategy');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // By person: everything Aiko did, under her name and her local time.
    await catchUp(ben.page).getByRole('button', { name: 'By person' }).click();
    const byAiko = catchUp(ben.page).getByRole('region', { name: 'Aiko' });
    await expect.poll(() => byAiko.getByRole('listitem').allInnerTexts()).toEqual(expect.arrayContaining([`Strategy: added ${added.length} characters`, 'Launch: added the task “Order food”']));
    await expectNoSeriousViolations(ben.page, 'Catch up, by person');
    await catchUp(ben.page).getByRole('button', { name: 'By page' }).click();

    // The page itself says so too, quietly, under its title.
    await openPage(ben.page, 'Strategy');
    const note = ben.page.getByRole('complementary', { name: 'Since you last looked' });
    expect(await note.innerText()).toMatch(new RegExp(`^Since you last looked: Aiko added ${added.length} characters\\.\\s*Show changes\\s*Mark seen$`));
    await openCatchUp(ben.page);

    // Seen one: it is gone, and stays gone after a restart; the other waits for him.
    await strategy.getByRole('button', { name: 'Mark seen: Strategy' }).click();
    await strategy.waitFor({ state: 'detached' });
    await ben.page.reload();
    await catchUp(ben.page).getByRole('article', { name: 'Launch' }).waitFor({ timeout: 20_000 });
    expect(await catchUp(ben.page).getByRole('article', { name: 'Strategy' }).count()).toBe(0);

    // What Aiko writes after it is news again, and only that.
    await openPage(aiko.page, 'Strategy');
    await typeAtEnd(aiko.page, 'Strategy', ' Budget next.');
    await ben.page.getByRole('button', { name: 'Catch up' }).click();
    await expect.poll(() => catchUp(ben.page).getByRole('article', { name: 'Strategy' }).getByRole('listitem').allInnerTexts(), { timeout: 20_000 }).toEqual([`Aiko added ${' Budget next.'.length} characters`]);

    // Ben's laptop, back online, has the same news; marking all seen on his desk clears it there too.
    await goOnline(laptop);
    await expect.poll(() => catchUp(laptop.page).getByRole('article').evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label')).sort()), { timeout: 20_000 }).toEqual(['Launch', 'Strategy']);
    await catchUp(ben.page).getByRole('button', { name: 'Mark all seen' }).click();
    await catchUp(ben.page).getByRole('status').getByText('You’re all caught up.').waitFor();
    expect(await link.getAttribute('aria-description')).toBeNull();
    await catchUp(laptop.page).getByRole('status').getByText('You’re all caught up.').waitFor({ timeout: 20_000 });
  });
});
