import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, todayIn, weekStart } from '../../shared/time';
import { addTask, createWorkspace, openDevice, useStage } from './app';

const stage = useStage();

/** A day's cell, found by the name a screen reader reads for it. */
function cell(page: Page, day: string) {
  const name = new Intl.DateTimeFormat('en-US', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
  return page.getByRole('table').getByRole('cell', { name, exact: true });
}

describe('a task list as a calendar', () => {
  it('shows each task from its start to its due date, in a month or a week, and opens it', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Europe/London' });
    await createWorkspace(page, 'Ama');
    await page.getByRole('button', { name: '+ New task list' }).click();
    await page.getByLabel('Page title').fill('Plan');
    for (const title of ['Draft the plan', 'Review the plan', 'Someday']) await addTask(page, title);
    // Days of this week where the browser is, so they are on the month's grid whatever today is.
    const monday = weekStart(todayIn('Europe/London'));
    const [tuesday, wednesday, thursday] = [1, 2, 3].map((days) => addDays(monday, days)) as [string, string, string];
    await page.getByLabel('Due date of Draft the plan', { exact: true }).fill(wednesday);
    await page.getByLabel('Due date of Review the plan', { exact: true }).fill(thursday);
    await page.getByRole('button', { name: 'Details for Review the plan' }).click();
    await page.getByLabel('Start date of Review the plan').fill(tuesday);

    await page.getByRole('tab', { name: 'Calendar' }).click();
    await expect.poll(() => cell(page, wednesday).getByRole('button').allInnerTexts()).toEqual(['Draft the plan', 'Review the plan']);
    expect(await cell(page, tuesday).getByRole('button').allInnerTexts()).toEqual(['Review the plan']);
    expect(await cell(page, thursday).getByRole('button').allInnerTexts()).toEqual(['Review the plan']);
    expect(await cell(page, monday).getByRole('button').count()).toBe(0);
    await page.getByText('1 task has no due date and is not on the calendar.').waitFor();
    expect(await page.locator('td[aria-current="date"]').count()).toBe(1);

    // A week, then the next (empty), then back to today.
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    expect(await page.getByRole('table').locator('tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: 'Next week' }).click();
    expect(await page.getByRole('table').getByRole('button').count()).toBe(0);
    await page.getByRole('button', { name: 'Today' }).click();
    await cell(page, thursday).getByRole('button', { name: 'Review the plan' }).click();

    // The whole task opens; a change there moves it on the calendar.
    const dialog = page.getByRole('dialog', { name: 'Review the plan' });
    await dialog.getByLabel('Start date of Review the plan').fill(wednesday);
    await page.keyboard.press('Escape');
    await expect.poll(() => cell(page, tuesday).getByRole('button').count()).toBe(0);
    expect(await cell(page, wednesday).getByRole('button').allInnerTexts()).toEqual(['Draft the plan', 'Review the plan']);
    expect(errors).toEqual([]);
  });
  it("My work's calendar shows your tasks from every list, says which list, and opens one where it lives", async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Asia/Tokyo' });
    await createWorkspace(page, 'Kenji');
    const monday = weekStart(todayIn('Asia/Tokyo'));
    const [tuesday, friday] = [1, 4].map((days) => addDays(monday, days)) as [string, string];
    const plan = async (list: string, task: string, due: string, mine: boolean) => {
      await page.getByRole('button', { name: '+ New task list' }).click();
      await page.getByLabel('Page title').fill(list);
      await addTask(page, task);
      await page.getByLabel(`Due date of ${task}`, { exact: true }).fill(due);
      if (mine) await page.getByLabel(`Assignee of ${task}`).selectOption({ label: 'Kenji (you)' });
    };
    await plan('Launch', 'Book venue', tuesday, true);
    await plan('Hiring', 'Call Mei', friday, true);
    await plan('Ideas', 'Not mine', friday, false);

    await page.getByRole('button', { name: 'My work', exact: true }).click();
    await page.getByRole('tab', { name: 'Calendar' }).click();
    const calendar = page.getByRole('region', { name: 'Your tasks by date' });
    await expect.poll(() => cell(page, tuesday).getByRole('button').allInnerTexts()).toEqual(['Book venue']);
    expect(await cell(page, friday).getByRole('button').allInnerTexts()).toEqual(['Call Mei']);
    expect(await calendar.getByRole('button', { name: 'Call Mei' }).getAttribute('aria-description')).toBe('Hiring');

    // The task opens in its dialog; a new due date there moves it on this calendar too.
    await cell(page, friday).getByRole('button', { name: 'Call Mei' }).click();
    const dialog = page.getByRole('dialog', { name: 'Call Mei' });
    await dialog.getByLabel('Due date of Call Mei', { exact: true }).fill(tuesday);
    await page.keyboard.press('Escape');
    await expect.poll(() => cell(page, tuesday).getByRole('button').allInnerTexts()).toEqual(['Book venue', 'Call Mei']);
    // The choice of view stays after a reload.
    await page.reload();
    await page.getByRole('tab', { name: 'Calendar', selected: true }).waitFor();
    expect(errors).toEqual([]);
  });
});
