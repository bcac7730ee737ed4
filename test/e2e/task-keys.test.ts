import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addTask, createWorkspace, newTaskList, openDevice, openPage, taskTitles, useStage } from './app';

const stage = useStage();

/** The task whose row has the focus, by its name. */
async function focusedTask(page: Page): Promise<string | null> {
  return page.evaluate(() => (document.activeElement?.matches('.task-list > li') ? document.activeElement.getAttribute('aria-label') : null));
}

describe('a task list from the keyboard', () => {
  it('Alt+↓ pressed three times in a row, as fast as keys go, moves a task three places and keeps it focused', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Europe/London' });
    await createWorkspace(page, 'Kai');
    await newTaskList(page, 'Sprint', ['Write brief', 'Book room', 'Send notes', 'Print badges']);
    await page.getByLabel('New task').press('ArrowDown');
    expect(await focusedTask(page)).toBe('Write brief');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => taskTitles(page)).toEqual(['Book room', 'Send notes', 'Print badges', 'Write brief']);
    await expect.poll(() => focusedTask(page)).toBe('Write brief');
    expect(errors).toEqual([]);
  });

  it('moves between tasks and sets status, assignee, due date, priority, a checklist and done, deletes and undoes, without the mouse', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Europe/London' });
    await createWorkspace(page, 'Kai');
    await newTaskList(page, 'Sprint', ['Write brief', 'Book room', 'Send notes']);

    // From the new-task box, ↓ reaches the first task; ↓ and k move.
    await page.getByLabel('New task').press('ArrowDown');
    expect(await focusedTask(page)).toBe('Write brief');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focusedTask(page)).toBe('Send notes');
    await page.keyboard.press('k');
    expect(await focusedTask(page)).toBe('Book room');

    // S: status; A: assignee; D: due date — each back to the row with Escape.
    await page.keyboard.press('s');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    expect(await page.getByLabel('Status of Book room').inputValue()).toBe('in_progress');
    expect(await focusedTask(page)).toBe('Book room');
    await page.keyboard.press('a');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    expect(await page.getByLabel('Assignee of Book room').locator('option:checked').innerText()).toBe('Kai (you)');
    await page.keyboard.press('d');
    await page.keyboard.type('06042027');
    await page.keyboard.press('Escape');
    expect(await page.getByLabel('Due date of Book room', { exact: true }).inputValue()).toBe('2027-06-04');
    expect(await focusedTask(page)).toBe('Book room');
    await page.keyboard.press('p');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    expect(await page.getByLabel('Priority of Book room').inputValue()).toBe('urgent');

    // → opens the details: a checklist, its progress shown in the row.
    await page.keyboard.press('ArrowRight');
    const checklist = page.getByRole('region', { name: 'Checklist of Book room' });
    await checklist.getByLabel('Add checklist item').fill('Ask facilities');
    await checklist.getByLabel('Add checklist item').press('Enter');
    await checklist.getByLabel('Add checklist item').fill('Print badges');
    await checklist.getByLabel('Add checklist item').press('Enter');
    await checklist.getByLabel('Done: Ask facilities').press('Space');
    await page.getByText('☑ 1/2').waitFor();
    await page.keyboard.press('Escape');
    expect(await focusedTask(page)).toBe('Book room');
    await page.keyboard.press('ArrowLeft');
    expect(await checklist.count()).toBe(0);

    // Enter edits the title, Enter keeps it and returns to the row; Space marks it done.
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.type(' for Friday');
    await page.keyboard.press('Enter');
    expect(await focusedTask(page)).toBe('Book room for Friday');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByLabel('Complete Book room for Friday').isChecked()).toBe(true);

    // Delete removes it and focuses the next task; Ctrl+Z brings it back.
    await page.keyboard.press('Delete');
    await expect.poll(() => taskTitles(page)).toEqual(['Write brief', 'Send notes']);
    expect(await focusedTask(page)).toBe('Send notes');
    await page.keyboard.press('Control+z');
    await expect.poll(() => taskTitles(page)).toEqual(['Write brief', 'Book room for Friday', 'Send notes']);
    expect(errors).toEqual([]);
  });

  it('links tasks across lists: "blocked by" on one shows as "blocks" on the other, and either side removes it', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Lin');
    await page.getByRole('button', { name: '+ New task list' }).click();
    await page.getByLabel('Page title').fill('Venue');
    await addTask(page, 'Confirm caterer');
    await page.getByRole('button', { name: '+ New task list' }).click();
    await page.getByLabel('Page title').fill('Launch');
    await addTask(page, 'Send invites');
    await page.getByRole('button', { name: 'Details for Send invites' }).click();
    const form = page.getByRole('form', { name: 'Link Send invites to another task' });
    await form.getByLabel('Relation').selectOption('blockedBy');
    await form.getByLabel('Linked task').selectOption({ label: 'Confirm caterer · Venue' });
    await form.getByRole('button', { name: 'Link' }).click();
    await page.getByText('Blocked by 1').waitFor();

    // The other list shows the same link the other way round, and takes it off there.
    await openPage(page, 'Venue');
    await page.getByRole('button', { name: 'Details for Confirm caterer' }).click();
    const links = page.getByRole('region', { name: 'Links of Confirm caterer' });
    const link = links.getByRole('listitem').filter({ hasText: 'Send invites' });
    await link.waitFor();
    expect(await link.innerText()).toMatch(/^Blocks Send invites Launch/);
    await links.getByRole('button', { name: 'Remove link: blocks Send invites' }).click();
    await expect.poll(() => links.getByRole('button', { name: 'Send invites' }).count()).toBe(0);
    await openPage(page, 'Launch');
    await page.getByRole('listitem', { name: 'Send invites' }).waitFor();
    expect(await page.getByText('Blocked by 1').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
