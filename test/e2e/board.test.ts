import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addTask, createWorkspace, goOffline, goOnline, newTaskList, openDevice, openPage, taskListForTwo, useStage } from './app';

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
  // The board's drag library swallows clicks for 50 ms after a drop (the click a drop would make);
  // a page timer set now fires after its own, so the next click is a click.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 60)));
}

describe('a task list as a board', () => {
  it('Alt+→ pressed three times in a row, as fast as keys go, moves a card three columns on and keeps it focused', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Europe/London' });
    await createWorkspace(page, 'Ravi');
    await newTaskList(page, 'Launch', ['Write brief', 'Book venue']);
    await page.getByRole('tab', { name: 'Board' }).click();
    await page.getByRole('list', { name: 'To do tasks' }).getByRole('listitem', { name: 'Book venue' }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => column(page, 'Done')).toEqual(['Book venue']);
    expect(await column(page, 'To do')).toEqual(['Write brief']);
    await expect.poll(() => focusedCard(page)).toBe('Book venue');
    expect(errors).toEqual([]);
  });

  it('moves cards between and within columns by keys and by dragging, undoes a move, and remembers the view', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Europe/London' });
    await createWorkspace(page, 'Ravi');
    await newTaskList(page, 'Launch', ['Write brief', 'Book venue', 'Print badges', 'Send invites']);

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

  it('a card held near the bottom of the window scrolls the board, and lands where it is let go', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Europe/London' });
    await createWorkspace(page, 'Ravi');
    await page.getByRole('button', { name: '+ New task list' }).click();
    await page.getByLabel('Page title').fill('Long');
    const titles = Array.from({ length: 24 }, (_, i) => `Card ${i + 1}`);
    for (const title of titles) await addTask(page, title);
    await page.getByRole('tab', { name: 'Board' }).click();
    await expect.poll(() => column(page, 'To do')).toEqual(titles);
    const scrolled = () => page.evaluate(() => document.querySelector('.page')!.scrollTop);
    expect(await scrolled()).toBe(0);

    const from = (await page.locator('.board-card', { hasText: 'Card 1' }).first().boundingBox())!;
    const bottom = page.viewportSize()!.height - 15;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + 10, { steps: 3 });
    await page.mouse.move(from.x + from.width / 2, bottom, { steps: 10 });
    // Held there, the board scrolls on its own.
    await expect.poll(scrolled, { timeout: 5_000 }).toBeGreaterThan(300);
    await page.mouse.move(from.x + from.width / 2, bottom - 200, { steps: 5 });
    await page.mouse.up();
    const after = await column(page, 'To do');
    expect([...after].sort()).toEqual([...titles].sort());
    expect(after.indexOf('Card 1')).toBeGreaterThan(5);
    expect(errors).toEqual([]);
  });
  it('two people moving cards on their boards while offline end with the same board, every card once', async () => {
    const { ana, ben } = await taskListForTwo(stage, 'Release', ['Freeze', 'Test', 'Tag', 'Notes']);
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

  it("a workspace's own workflow: columns renamed, added, reordered and removed, the same on every device, done still done", async () => {
    const { ana, ben } = await taskListForTwo(stage, 'Release', ['Freeze', 'Notes']);
    const page = ana.page;
    await page.getByRole('tab', { name: 'Board' }).click();
    const headings = (on: Page) => on.locator('.board-column h3').evaluateAll((all) => all.map((heading) => heading.firstChild?.textContent?.trim() ?? ''));
    const options = async (name: string, action: string) => {
      await page.getByRole('button', { name: `Options for the column ${name}` }).click();
      await page.getByRole('group', { name: `Column ${name}` }).getByRole('button', { name: action }).click();
    };

    // Add a column by keys, rename Done, and bring the new column in after In progress.
    await page.getByRole('button', { name: '+ Add column' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('New column name').fill('Review');
    await page.keyboard.press('Enter');
    await expect.poll(() => headings(page)).toEqual(['To do', 'In progress', 'Blocked', 'Done', 'Review']);
    await options('Done', 'Rename');
    await page.getByLabel('Name of the column Done').fill('Shipped');
    await page.keyboard.press('Enter');
    await options('Review', 'Move left');
    await options('Review', 'Move left');
    await expect.poll(() => headings(page)).toEqual(['To do', 'In progress', 'Review', 'Blocked', 'Shipped']);
    // A built-in column cannot be removed, and says why it matters.
    await page.getByRole('button', { name: 'Options for the column Shipped' }).click();
    await page.getByRole('group', { name: 'Column Shipped' }).getByText('Tasks here count as done').waitFor();
    expect(await page.getByRole('group', { name: 'Column Shipped' }).getByRole('button', { name: 'Remove column' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    // Cards move through the new column with the keys.
    await page.getByRole('list', { name: 'To do tasks' }).getByRole('listitem', { name: 'Freeze' }).focus();
    await page.keyboard.press('Alt+ArrowRight');
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => column(page, 'Review')).toEqual(['Freeze']);

    // Ben's board has the same columns, and his list offers them as statuses; Shipped still completes a task.
    await ben.page.getByRole('tab', { name: 'Board' }).click();
    await expect.poll(() => headings(ben.page), { timeout: 15_000 }).toEqual(['To do', 'In progress', 'Review', 'Blocked', 'Shipped']);
    await expect.poll(() => column(ben.page, 'Review')).toEqual(['Freeze']);
    await ben.page.getByRole('tab', { name: 'List' }).click();
    expect(await ben.page.getByLabel('Status of Notes').locator('option').allTextContents()).toEqual(['To do', 'In progress', 'Review', 'Blocked', 'Shipped']);
    await ben.page.getByLabel('Status of Notes').selectOption({ label: 'Shipped' });
    expect(await ben.page.getByLabel('Complete Notes').isChecked()).toBe(true);
    await expect.poll(() => column(page, 'Shipped')).toEqual(['Notes']);

    // Removing a column leaves its cards in To do, and Undo brings it back with them.
    await options('Review', 'Remove column');
    await expect.poll(() => headings(page)).toEqual(['To do', 'In progress', 'Blocked', 'Shipped']);
    expect(await column(page, 'To do')).toEqual(['Freeze']);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => column(page, 'Review')).toEqual(['Freeze']);
    expect(ana.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });


  it("My work's board: ↓ and Alt+→ pressed several times in a row each act once; the card moves three columns on, in its own list too", async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Ode');
    await page.getByRole('button', { name: '+ New task list' }).click();
    await page.getByLabel('Page title').fill('Launch');
    for (const title of ['Book venue', 'Call Mei', 'Draft brief']) {
      await addTask(page, title);
      await page.getByLabel(`Assignee of ${title}`).selectOption({ label: 'Ode (you)' });
    }
    await page.getByRole('button', { name: 'My work', exact: true }).click();
    await page.getByRole('tab', { name: 'Board' }).click();
    await expect.poll(() => column(page, 'To do')).toEqual(['Book venue', 'Call Mei', 'Draft brief']);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await page.getByRole('listitem', { name: 'Book venue' }).focus();
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('Draft brief');
    await page.getByRole('listitem', { name: 'Book venue' }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => column(page, 'Done')).toEqual(['Book venue']);
    await expect.poll(focused).toBe('Book venue');
    await openPage(page, 'Launch');
    await expect.poll(() => page.getByLabel('Complete Book venue').isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("My work's board: your tasks from every list by status; moving a card there moves the task in its own list", async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Ode');
    for (const [list, tasks] of [
      ['Launch', ['Book venue', 'Not mine']],
      ['Hiring', ['Call Mei']],
    ] as const) {
      await page.getByRole('button', { name: '+ New task list' }).click();
      await page.getByLabel('Page title').fill(list);
      for (const task of tasks) {
        await addTask(page, task);
        if (task !== 'Not mine') await page.getByLabel(`Assignee of ${task}`).selectOption({ label: 'Ode (you)' });
      }
    }
    await page.getByRole('button', { name: 'My work', exact: true }).click();
    await page.getByRole('tab', { name: 'Board' }).click();
    await expect.poll(() => column(page, 'To do')).toEqual(['Book venue', 'Call Mei']);
    expect(await page.getByRole('listitem', { name: 'Call Mei' }).getAttribute('aria-description')).toBe('Hiring');

    // Keys: Alt+→ moves a card a column on, and its list has it in that status.
    await page.getByRole('listitem', { name: 'Call Mei' }).focus();
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => column(page, 'In progress')).toEqual(['Call Mei']);
    await expect.poll(() => focusedCard(page)).toBe('Call Mei');
    // The mouse: onto Done.
    await drag(page, 'Book venue', { column: 'Done' });
    await expect.poll(() => column(page, 'Done')).toEqual(['Book venue']);
    await openPage(page, 'Launch');
    expect(await page.getByLabel('Complete Book venue').isChecked()).toBe(true);
    await openPage(page, 'Hiring');
    expect(await page.getByLabel('Status of Call Mei').inputValue()).toBe('in_progress');
    // Ctrl+Z takes the last move back, in the list too.
    await page.getByRole('button', { name: 'My work', exact: true }).click();
    await expect.poll(() => column(page, 'Done')).toEqual(['Book venue']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => column(page, 'To do')).toEqual(['Book venue']);
    await openPage(page, 'Launch');
    expect(await page.getByLabel('Complete Book venue').isChecked()).toBe(false);
    expect(errors).toEqual([]);
  });
});
