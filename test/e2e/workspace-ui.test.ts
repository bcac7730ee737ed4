import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addTask, createWorkspace, joinFromInvite, openDevice, openPage, shareWithRelay, taskTitles, typeAtEnd, useStage, waitForSyncStatus } from './app';

const stage = useStage();

function sidebarPage(page: Page, title: string) {
  return page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: title, exact: true });
}

/** Controls a screen reader or a test cannot name. */
function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="textbox"], a[href]');
    const unnamed: string[] = [];
    for (const control of controls) {
      const labelled = control.getAttribute('aria-label') || control.getAttribute('aria-labelledby') || control.getAttribute('title');
      const byLabel = 'labels' in control && (control as HTMLInputElement).labels && (control as HTMLInputElement).labels!.length > 0;
      const text = control.tagName === 'BUTTON' || control.tagName === 'A' ? control.textContent?.trim() : '';
      if (!labelled && !byLabel && !text) unnamed.push(control.outerHTML.slice(0, 120));
    }
    return unnamed;
  });
}

describe('working in a workspace with the keyboard', () => {
  it('creates, renames, nests and deletes pages with undo, all from the keyboard', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Kim');
    expect(await unnamedControls(page)).toEqual([]);

    await page.keyboard.press('Control+Alt+N');
    await page.getByLabel('Page title').fill('Roadmap');
    await page.keyboard.press('Control+Alt+N');
    await page.getByLabel('Page title').fill('Q1 goals');
    await sidebarPage(page, 'Q1 goals').focus();

    // F2 renames in place.
    await page.keyboard.press('F2');
    await page.getByLabel('Rename Q1 goals').fill('Q1 objectives');
    await page.keyboard.press('Enter');
    await expect.poll(() => sidebarPage(page, 'Q1 objectives').isVisible()).toBe(true);

    // Alt+→ nests it under the page above; the parent can then be collapsed.
    await sidebarPage(page, 'Q1 objectives').focus();
    await page.keyboard.press('Alt+ArrowRight');
    const collapse = page.getByRole('button', { name: 'Collapse Roadmap' });
    await expect.poll(() => collapse.getAttribute('aria-expanded')).toBe('true');
    await collapse.click();
    await expect.poll(() => sidebarPage(page, 'Q1 objectives').count()).toBe(0);
    await page.getByRole('button', { name: 'Expand Roadmap' }).click();

    // Delete removes the page and its subtree; Undo brings both back.
    await sidebarPage(page, 'Roadmap').focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => sidebarPage(page, 'Roadmap').count()).toBe(0);
    await expect.poll(() => sidebarPage(page, 'Q1 objectives').count()).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => sidebarPage(page, 'Q1 objectives').count()).toBe(1);

    // With the keyboard in the page list, Ctrl+Z undoes the latest deletion too.
    await sidebarPage(page, 'Q1 objectives').focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => sidebarPage(page, 'Q1 objectives').count()).toBe(0);
    await page.keyboard.press('Control+Z');
    await expect.poll(() => sidebarPage(page, 'Q1 objectives').count()).toBe(1);

    // All of it survives a reload.
    await page.reload();
    await expect.poll(() => sidebarPage(page, 'Roadmap').count()).toBe(1);
    await expect.poll(() => sidebarPage(page, 'Q1 objectives').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('in the page list, ↓ and Alt+↓ pressed several times in a row, as fast as keys go, each act once', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Kim');
    for (const title of ['One', 'Two', 'Three', 'Four']) {
      await page.keyboard.press('Control+Alt+N');
      await page.getByLabel('Page title').fill(title);
    }
    // A page's link reads its kind's icon, then its title.
    const title = (text: string | null | undefined) => (text ?? '').trim().replace(/^[^\p{L}\p{N}]+/u, '');
    const titles = async () => (await page.getByRole('navigation', { name: 'Pages' }).locator('.page-link').allInnerTexts()).map(title);
    const focused = async () => title(await page.evaluate(() => document.activeElement?.textContent));
    await expect.poll(titles).toEqual(['One', 'Two', 'Three', 'Four']);
    await sidebarPage(page, 'One').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('Four');
    await sidebarPage(page, 'One').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(titles).toEqual(['Two', 'Three', 'Four', 'One']);
    await expect.poll(focused).toBe('One');
    expect(errors).toEqual([]);
  });

  it('edits tasks: complete, assign, due date, label and reorder, kept across a reload', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Lee');
    await page.keyboard.press('Control+Alt+T');
    await page.getByLabel('Page title').fill('Sprint');
    await addTask(page, 'Write brief');
    await addTask(page, 'Review brief');
    await addTask(page, 'Ship brief');

    await page.getByRole('combobox', { name: 'Assignee of Review brief' }).selectOption({ label: 'Lee (you)' });
    await page.getByLabel('Due date of Review brief').fill('2027-01-15');
    await page.getByRole('combobox', { name: 'Label of Review brief' }).selectOption({ label: 'New label…' });
    await page.getByLabel('New label name').fill('Writing');
    await page.getByLabel('New label name').press('Enter');
    await page.getByRole('checkbox', { name: 'Complete Write brief' }).check();
    await page.getByRole('combobox', { name: 'Status of Ship brief' }).selectOption({ label: 'Blocked' });

    // Alt+↑ on a task moves it up; the buttons do the same.
    await page.locator('[data-task-id]').nth(2).getByLabel('Task title').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => taskTitles(page)).toEqual(['Write brief', 'Ship brief', 'Review brief']);
    await page.getByRole('button', { name: 'Move Write brief down' }).click();
    await expect.poll(() => taskTitles(page)).toEqual(['Ship brief', 'Write brief', 'Review brief']);

    // Rename in place.
    const title = page.locator('[data-task-id]').nth(0).getByLabel('Task title');
    await title.fill('Ship the brief');
    await title.press('Enter');

    // Deleting a task offers the same undo as deleting a page: Ctrl+Z in a text field stays the
    // field's own, outside one it undoes the latest deletion, and a notification undoes its own.
    await page.getByRole('button', { name: 'Delete task Write brief' }).click();
    await page.getByRole('button', { name: 'Delete task Review brief' }).click();
    await expect.poll(() => taskTitles(page)).toEqual(['Ship the brief']);
    const newTask = page.getByLabel('New task');
    await newTask.pressSequentially('Draft');
    await newTask.press('Control+Z');
    await expect.poll(() => newTask.inputValue()).toBe('');
    await newTask.blur();
    await page.keyboard.press('Control+Z');
    // Had the field's Ctrl+Z undone a deletion, this one would have restored Write brief as well.
    await expect.poll(() => taskTitles(page)).toEqual(['Ship the brief', 'Review brief']);
    await page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => taskTitles(page)).toEqual(['Ship the brief', 'Write brief', 'Review brief']);

    await page.reload();
    await openPage(page, 'Sprint');
    await expect.poll(() => taskTitles(page)).toEqual(['Ship the brief', 'Write brief', 'Review brief']);
    expect(await page.getByRole('checkbox', { name: 'Complete Write brief' }).isChecked()).toBe(true);
    expect(await page.getByRole('combobox', { name: 'Assignee of Review brief' }).locator('option:checked').innerText()).toBe('Lee (you)');
    expect(await page.getByLabel('Due date of Review brief').inputValue()).toBe('2027-01-15');
    expect(await page.getByRole('combobox', { name: 'Label of Review brief' }).locator('option:checked').innerText()).toBe('Writing');
    expect(await page.getByRole('combobox', { name: 'Status of Ship the brief' }).locator('option:checked').innerText()).toBe('Blocked');
    expect(await unnamedControls(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows where a teammate is typing while both are online', async () => {
    const ana = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(ana.page, 'Ana');
    await ana.page.keyboard.press('Control+Alt+N');
    await ana.page.getByLabel('Page title').fill('Notes');
    await typeAtEnd(ana.page, 'Notes', 'First line.');
    const invite = await shareWithRelay(ana.page, stage.relay.url);
    await waitForSyncStatus(ana.page, 'synced');

    const ben = await openDevice(stage.browser, invite);
    await joinFromInvite(ben.page, 'Ben');
    await openPage(ben.page, 'Notes');
    await typeAtEnd(ben.page, 'Notes', ' Ben was here.');
    await typeAtEnd(ana.page, 'Notes', ' Ana too.');

    await expect.poll(() => ana.page.locator('.collaboration-carets__label').allInnerTexts(), { timeout: 10_000 }).toContain('Ben');
    await expect.poll(() => ben.page.locator('.collaboration-carets__label').allInnerTexts(), { timeout: 10_000 }).toContain('Ana');
    expect([...ana.errors, ...ben.errors]).toEqual([]);
  });
});
