import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addTask, goOffline, goOnline, openPage, taskListForTwo, taskTitles, useStage } from './app';

const stage = useStage();

async function newList(page: Page, title: string, tasks: string[]): Promise<void> {
  await page.getByRole('button', { name: '+ New task list' }).click();
  await page.getByLabel('Page title').fill(title);
  for (const task of tasks) await addTask(page, task);
}

const focusedTask = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-task-id]')?.getAttribute('aria-label') ?? null);

describe('moving a task to another list', () => {
  it('moves a task with everything it has from the keyboard, undoably, and an edit made meanwhile on another device follows it', async () => {
    const { ana, ben } = await taskListForTwo(stage, 'Launch', ['Write brief', 'Book venue', 'Print badges']);
    const page = ana.page;
    await newList(page, 'Later', ['Plan party']);
    await openPage(page, 'Launch');
    // The task has a due date and a checklist item to take along.
    await page.getByRole('listitem', { name: 'Book venue' }).focus();
    await page.keyboard.press('d');
    await page.keyboard.type('12042026');
    await page.keyboard.press('Escape');
    await page.getByRole('listitem', { name: 'Book venue' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('listitem', { name: 'Book venue' }).getByLabel('Add checklist item').fill('Ask for a quote');
    await page.keyboard.press('Enter');

    // M on a task opens its details at "Move to…"; choosing a list moves it, and the focus stays in the list.
    await page.getByRole('listitem', { name: 'Book venue' }).focus();
    await page.keyboard.press('m');
    const menu = page.getByLabel('Move Book venue to another list');
    await expect.poll(() => menu.evaluate((element) => element === document.activeElement)).toBe(true);
    await menu.selectOption({ label: 'Later' });
    await expect.poll(() => taskTitles(page)).toEqual(['Write brief', 'Print badges']);
    await expect.poll(() => focusedTask(page)).toBe('Print badges');
    await page.getByText('Moved “Book venue” to Later').waitFor();
    await openPage(page, 'Later');
    await expect.poll(() => taskTitles(page)).toEqual(['Plan party', 'Book venue']);
    expect(await page.getByLabel('Due date of Book venue').inputValue()).toBe('2026-12-04');
    await page.getByRole('button', { name: 'Details for Book venue' }).click();
    await page.getByRole('region', { name: 'Checklist of Book venue' }).getByRole('checkbox', { name: 'Done: Ask for a quote' }).waitFor();

    // Undo takes it back to where it stood.
    await page.keyboard.press('Control+z');
    await expect.poll(() => taskTitles(page)).toEqual(['Plan party']);
    await openPage(page, 'Launch');
    await expect.poll(() => taskTitles(page)).toEqual(['Write brief', 'Book venue', 'Print badges']);

    // Offline, Ben renames a task in Launch while Ana moves it to Later: it ends in Later, renamed, once.
    await goOffline(ben);
    await ben.page.getByRole('textbox', { name: 'Task title' }).first().fill('Write the brief');
    await page.getByRole('listitem', { name: 'Write brief' }).focus();
    await page.keyboard.press('m');
    await page.getByLabel('Move Write brief to another list').selectOption({ label: 'Later' });
    await expect.poll(() => taskTitles(page)).toEqual(['Book venue', 'Print badges']);
    await goOnline(ben);
    await expect.poll(() => taskTitles(ben.page), { timeout: 20_000 }).toEqual(['Book venue', 'Print badges']);
    await openPage(page, 'Later');
    await expect.poll(() => taskTitles(page), { timeout: 20_000 }).toEqual(['Plan party', 'Write the brief']);
    await openPage(ben.page, 'Later');
    await expect.poll(() => taskTitles(ben.page), { timeout: 20_000 }).toEqual(['Plan party', 'Write the brief']);
    expect(ana.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });
});
