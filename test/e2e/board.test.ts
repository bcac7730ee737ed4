import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addTask, createWorkspace, goOffline, goOnline, joinFromInvite, openDevice, openPage, openSwitchedDevice, shareWithRelay, useStage, type SwitchedDevice } from './app';

const stage = useStage();

/** The cards of one column, top to bottom, by their names. */
function column(page: Page, name: string): Promise<string[]> {
  return page
    .getByRole('list', { name: `${name} tasks` })
    .getByRole('listitem')
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label') ?? ''));
}

async function focusedCard(page: Page): Promise<string | null> {
  return page.evaluate(() => (document.activeElement?.matches('.board-card') ? document.activeElement.getAttribute('aria-label') : null));
}

/** Drags a card with the mouse onto `target` (another card or a column), as a hand would: press, move in steps, release. */
async function drag(page: Page, card: string, target: { card?: string; column?: string }, where: 'top' | 'middle' = 'middle'): Promise<void> {
  const from = (await page.locator('.board-card', { hasText: card }).boundingBox())!;
  const to = target.card ? (await page.locator('.board-card', { hasText: target.card }).boundingBox())! : (await page.getByRole('list', { name: `${target.column} tasks` }).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, where === 'top' ? to.y + 4 : to.y + to.height / 2, { steps: 12 });
  await page.mouse.move(to.x + to.width / 2, where === 'top' ? to.y + 2 : to.y + to.height / 2 + 1, { steps: 2 });
  await page.mouse.up();
}

describe('a task list as a board', () => {
  it('moves cards between and within columns by keys and by dragging, undoes a move, and remembers the view', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Europe/London' });
    await createWorkspace(page, 'Ravi');
    await page.getByRole('button', { name: '+ New task list' }).click();
    await page.getByLabel('Page title').fill('Launch');
    for (const title of ['Write brief', 'Book venue', 'Print badges', 'Send invites']) await addTask(page, title);

    await page.getByRole('tab', { name: 'Board' }).click();
    expect(await page.getByRole('tab', { name: 'Board' }).getAttribute('aria-selected')).toBe('true');
    expect(await column(page, 'To do')).toEqual(['Write brief', 'Book venue', 'Print badges', 'Send invites']);
    expect(await column(page, 'In progress')).toEqual([]);

    // Keys: Tab reaches the first card, arrows move between cards, Alt+arrows move the card.
    await page.getByRole('list', { name: 'To do tasks' }).getByRole('listitem').first().focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedCard(page)).toBe('Book venue');
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => column(page, 'In progress')).toEqual(['Book venue']);
    await expect.poll(() => focusedCard(page)).toBe('Book venue');
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => column(page, 'Blocked')).toEqual(['Book venue']);
    await page.getByRole('status').filter({ hasText: 'Moved “Book venue” to Blocked, 1 of 1.' }).waitFor();
    // Ctrl+Z takes the last move back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => column(page, 'In progress')).toEqual(['Book venue']);
    expect(await column(page, 'Blocked')).toEqual([]);
    // Within a column.
    await page.getByRole('list', { name: 'To do tasks' }).getByRole('listitem', { name: 'Send invites' }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => column(page, 'To do')).toEqual(['Write brief', 'Send invites', 'Print badges']);

    // The mouse: onto another column, then above another card in the same column.
    await drag(page, 'Print badges', { column: 'Done' });
    await expect.poll(() => column(page, 'Done')).toEqual(['Print badges']);
    await drag(page, 'Send invites', { card: 'Write brief' }, 'top');
    await expect.poll(() => column(page, 'To do')).toEqual(['Send invites', 'Write brief']);

    // Enter opens a card with everything a task has.
    await page.getByRole('listitem', { name: 'Book venue' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Book venue' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Status of Book venue').inputValue()).toBe('in_progress');
    await dialog.getByLabel('Status of Book venue').selectOption('blocked');
    await page.keyboard.press('Escape');
    await expect.poll(() => column(page, 'Blocked')).toEqual(['Book venue']);

    // The list reads the same moves, and the page opens on the board again after a reload.
    await page.getByRole('tab', { name: 'List' }).click();
    expect(await page.getByLabel('Complete Print badges').isChecked()).toBe(true);
    await page.getByRole('tab', { name: 'Board' }).click();
    await page.reload();
    await page.getByRole('tab', { name: 'Board', selected: true }).waitFor();
    expect(await column(page, 'To do')).toEqual(['Send invites', 'Write brief']);
    expect(await column(page, 'Blocked')).toEqual(['Book venue']);
    expect(await column(page, 'Done')).toEqual(['Print badges']);
    expect(errors).toEqual([]);
  });

  it('two people moving cards on their boards while offline end with the same board, every card once', async () => {
    const ana = await openSwitchedDevice(stage, () => stage.web.url, 'Asia/Tokyo');
    await createWorkspace(ana.page, 'Ana');
    const invite = await shareWithRelay(ana.page, ana.net.url);
    await ana.page.getByRole('button', { name: '+ New task list' }).click();
    await ana.page.getByLabel('Page title').fill('Release');
    for (const title of ['Freeze', 'Test', 'Tag', 'Notes']) await addTask(ana.page, title);
    const ben: SwitchedDevice = await openSwitchedDevice(stage, (relay) => invite.replace(encodeURIComponent(ana.net.url), encodeURIComponent(relay)), 'Europe/London');
    await joinFromInvite(ben.page, 'Ben');
    await openPage(ben.page, 'Release');
    for (const person of [ana, ben]) await person.page.getByRole('tab', { name: 'Board' }).click();
    await expect.poll(() => column(ben.page, 'To do')).toEqual(['Freeze', 'Test', 'Tag', 'Notes']);

    await goOffline(ana);
    await goOffline(ben);
    // The same card to two places, and two different cards.
    await drag(ana.page, 'Test', { column: 'Done' });
    await drag(ben.page, 'Test', { column: 'Blocked' });
    await drag(ana.page, 'Tag', { column: 'In progress' });
    await drag(ben.page, 'Notes', { card: 'Freeze' }, 'top');
    await expect.poll(() => column(ana.page, 'Done')).toEqual(['Test']);
    await expect.poll(() => column(ben.page, 'Blocked')).toEqual(['Test']);

    await goOnline(ana);
    await goOnline(ben);
    const board = async (page: Page) => Object.fromEntries(await Promise.all(['To do', 'In progress', 'Blocked', 'Done'].map(async (name) => [name, await column(page, name)] as const)));
    await expect.poll(async () => JSON.stringify(await board(ana.page)), { timeout: 20_000 }).toBe(JSON.stringify(await board(ben.page)));
    const final = await board(ana.page);
    expect(Object.values(final).flat().sort()).toEqual(['Freeze', 'Notes', 'Tag', 'Test']);
    expect(final['In progress']).toEqual(['Tag']);
    expect(final['To do']).toEqual(['Notes', 'Freeze']);
    expect(ana.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });
});
