import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, todayIn } from '../../shared/time';
import { addTask, createWorkspace, openDevice, useStage } from './app';

const stage = useStage();

/** Holds back the script that carries React and the app until `release()`: what a slow cold start looks like. */
async function holdTheApp(page: Page): Promise<{ release(): void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/assets/start-*.js', async (route) => {
    await released;
    await route.continue();
  });
  return { release };
}

const myWork = (page: Page) => page.getByRole('region', { name: 'My work' });

describe('My work on a cold start', () => {
  it('is drawn from the copy the device saved before the app has loaded, and a task opened from it opens once the workspace is ready', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Europe/London' });
    await createWorkspace(page, 'Ama');
    const due = addDays(todayIn('Europe/London'), 1);
    for (const [list, task] of [
      ['Launch', 'Book the venue'],
      ['Hiring', 'Call Mei'],
    ] as const) {
      await page.getByRole('button', { name: '+ New task list' }).click();
      await page.getByLabel('Page title').fill(list);
      await addTask(page, task);
      await page.getByLabel(`Assignee of ${task}`).selectOption({ label: 'Ama (you)' });
    }
    await page.getByLabel('Due date of Call Mei', { exact: true }).fill(due);
    await page.getByRole('button', { name: 'My work', exact: true }).click();
    // The task index reads a list a moment after it changes.
    await expect.poll(() => myWork(page).getByRole('listitem').count(), { timeout: 10_000 }).toBe(2);
    const live = await myWork(page).getByRole('listitem').allInnerTexts();
    const workspace = await page.locator('.workspace-name').innerText();
    expect(live).toHaveLength(2);
    // The device keeps its copy a moment after My work has settled.
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((key) => key.startsWith('baton:my-work:') && localStorage.getItem(key)!.length > 0))).toBe(true);

    // A cold start whose app script is held back: My work is drawn all the same, from the copy.
    const app = await holdTheApp(page);
    await page.reload({ waitUntil: 'commit' });
    await myWork(page).getByRole('button', { name: 'Call Mei' }).waitFor();
    expect(await myWork(page).getByRole('listitem').allInnerTexts()).toEqual(live);
    await page.getByRole('status').filter({ hasText: `Opening ${workspace}…` }).waitFor();
    // Not the app yet: its sidebar has not come.
    expect(await page.getByRole('navigation', { name: 'Pages' }).count()).toBe(0);

    // A task opened now is opened once the workspace is ready.
    await myWork(page).getByRole('button', { name: 'Book the venue' }).click();
    await myWork(page).getByRole('status').filter({ hasText: 'Opening Launch…' }).waitFor();
    app.release();
    await expect.poll(() => page.getByLabel('Page title').inputValue(), { timeout: 20_000 }).toBe('Launch');
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    await page.unroute('**/assets/start-*.js');

    // A damaged copy costs only the instant start: My work opens from the task index.
    await page.getByRole('button', { name: 'My work', exact: true }).click();
    await myWork(page).getByRole('button', { name: 'Call Mei' }).waitFor();
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) if (key.startsWith('baton:my-work:')) localStorage.setItem(key, '{"version":1,"tasks":');
    });
    await page.reload();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    await expect.poll(() => myWork(page).getByRole('listitem').allInnerTexts()).toEqual(live);
    expect(errors).toEqual([]);
  });
});
