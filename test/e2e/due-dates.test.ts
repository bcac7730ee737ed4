import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addTask, createWorkspace, joinFromInvite, openDevice, openPage, shareWithRelay, useStage, waitForSyncStatus } from './app';

const stage = useStage();

/** The row of a task in the open list. */
function row(page: Page, title: string) {
  return page.getByRole('listitem').filter({ has: page.locator(`input[aria-label="Task title"][value="${title}"]`) });
}

/** What a reader is told about a task's due date: the field's description. */
async function dueText(page: Page, title: string): Promise<string> {
  const field = page.getByLabel(`Due date of ${title}`, { exact: true });
  const id = await field.getAttribute('aria-describedby');
  return id ? (await page.locator(`[id="${id}"]`).innerText()).trim() : '';
}

describe('due dates across timezones', () => {
  it('Tokyo sets a due date; London, never online at the same time, reads the same instant in London time, and both see the same overdue task', async () => {
    const tokyo = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Asia/Tokyo' });
    await createWorkspace(tokyo.page, 'Aiko');
    await tokyo.page.getByRole('button', { name: '+ New task list' }).click();
    await tokyo.page.getByLabel('Page title').fill('Launch');
    await addTask(tokyo.page, 'Ship the plan');
    await addTask(tokyo.page, 'Book venue');
    await tokyo.page.getByLabel('Assignee of Ship the plan').selectOption({ label: 'Aiko (you)' });
    // 4 June 2027 is a Friday; Aiko's working day (the default 09:00–17:00) ends at 17:00 in Tokyo.
    await tokyo.page.getByLabel('Due date of Ship the plan', { exact: true }).fill('2027-06-04');
    // 9 January 2026 is long past wherever one reads it.
    await tokyo.page.getByLabel('Due date of Book venue', { exact: true }).fill('2026-01-09');
    await expect.poll(() => dueText(tokyo.page, 'Ship the plan')).toBe('Due Fri 17:00');
    await expect.poll(() => dueText(tokyo.page, 'Book venue')).toBe('Overdue since Fri 17:00');
    await expect(row(tokyo.page, 'Book venue').locator('.task-due.overdue').count()).resolves.toBe(1);

    const invite = await shareWithRelay(tokyo.page, stage.relay.url);
    await waitForSyncStatus(tokyo.page, 'synced');
    await tokyo.context.close();

    const london = await openDevice(stage.browser, invite, { timezoneId: 'Europe/London' });
    await joinFromInvite(london.page, 'Ben');
    await openPage(london.page, 'Launch');
    // 17:00 in Tokyo (UTC+9) is 09:00 in London on British Summer Time (UTC+1).
    await expect.poll(() => dueText(london.page, 'Ship the plan'), { timeout: 15_000 }).toBe('Due Fri 17:00 Tokyo = Fri 09:00 London');
    expect(await row(london.page, 'Ship the plan').locator('.task-due.overdue').count()).toBe(0);
    // An unassigned task ends its creator's day: the same instant for London.
    await expect.poll(() => dueText(london.page, 'Book venue')).toBe('Overdue since Fri 17:00 Tokyo = Fri 08:00 London');
    expect(london.errors).toEqual([]);
    expect(tokyo.errors).toEqual([]);
    await london.context.close();
  });
});
