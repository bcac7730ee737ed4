import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addTask, createWorkspace, openDevice, taskTitles, useStage } from './app';

const stage = useStage();

async function focusedTask(page: Page): Promise<string | null> {
  return page.evaluate(() => (document.activeElement?.matches('.task-list > li') ? document.activeElement.getAttribute('aria-label') : null));
}

/** Each group's heading and its tasks, in order. */
async function grouped(page: Page): Promise<[string, string[]][]> {
  return page.locator('.task-group').evaluateAll((sections) =>
    sections.map((section) => [section.getAttribute('aria-label') ?? '', [...section.querySelectorAll('.task-list > li')].map((row) => row.getAttribute('aria-label') ?? '')] as [string, string[]]),
  );
}

describe('the List view', () => {
  it('filters by status and assignee, sorts, groups, keeps its keys across groups, and remembers it all', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Ines');
    await page.getByRole('button', { name: '+ New task list' }).click();
    await page.getByLabel('Page title').fill('Week');
    for (const title of ['Write brief', 'Book room', 'Send notes', 'Plan offsite']) await addTask(page, title);
    await page.getByLabel('Assignee of Write brief').selectOption({ label: 'Ines (you)' });
    await page.getByLabel('Status of Book room').selectOption('blocked');
    await page.getByLabel('Complete Send notes').check();
    await page.getByLabel('Priority of Plan offsite').selectOption('urgent');
    await page.getByLabel('Priority of Book room').selectOption('low');

    await page.getByLabel('Show tasks').selectOption('open');
    await expect.poll(() => taskTitles(page)).toEqual(['Write brief', 'Book room', 'Plan offsite']);
    await page.getByText('3 open · 1 done · 3 shown').waitFor();
    await page.getByLabel('Assigned to').selectOption('me');
    await expect.poll(() => taskTitles(page)).toEqual(['Write brief']);
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => taskTitles(page)).toEqual(['Write brief', 'Book room', 'Send notes', 'Plan offsite']);

    await page.getByLabel('Sort by').selectOption('priority');
    await expect.poll(() => taskTitles(page)).toEqual(['Plan offsite', 'Book room', 'Write brief', 'Send notes']);
    // Sorted, the list's own order is not the person's to change from here.
    expect(await page.getByRole('button', { name: 'Move Book room up' }).isDisabled()).toBe(true);

    await page.getByLabel('Sort by').selectOption('manual');
    await page.getByLabel('Group by').selectOption('status');
    await expect.poll(() => grouped(page)).toEqual([
      ['To do', ['Write brief', 'Plan offsite']],
      ['Blocked', ['Book room']],
      ['Done', ['Send notes']],
    ]);
    // ↓ goes on from one group to the next.
    await page.locator('.task-group').first().getByRole('listitem', { name: 'Plan offsite' }).focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedTask(page)).toBe('Book room');

    // Remembered for this list after a reload.
    await page.reload();
    await expect.poll(() => grouped(page), { timeout: 15_000 }).toEqual([
      ['To do', ['Write brief', 'Plan offsite']],
      ['Blocked', ['Book room']],
      ['Done', ['Send notes']],
    ]);
    expect(await page.getByLabel('Group by').inputValue()).toBe('status');

    // By due date, against today where the reader is.
    const today = await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()));
    await page.getByLabel('Due date of Book room', { exact: true }).fill(today);
    await page.getByLabel('Group by').selectOption('due');
    await expect.poll(() => grouped(page)).toEqual([
      ['Today', ['Book room']],
      ['No due date', ['Write brief', 'Send notes', 'Plan offsite']],
    ]);
    expect(errors).toEqual([]);
  });

  it('gives a task several labels and people in its details, and the row names them', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Noa');
    await page.getByRole('button', { name: '+ New task list' }).click();
    await page.getByLabel('Page title').fill('Tags');
    for (const title of ['Fix login', 'Other']) await addTask(page, title);
    for (const [title, name] of [['Fix login', 'Web'], ['Other', 'Ops']] as const) {
      await page.getByLabel(`Label of ${title}`).selectOption({ label: 'New label…' });
      await page.getByLabel('New label name').fill(name);
      await page.getByLabel('New label name').press('Enter');
    }
    await page.getByRole('button', { name: 'Details for Fix login' }).click();
    const details = page.getByRole('listitem', { name: 'Fix login' });
    await details.getByRole('group', { name: 'Labels' }).getByLabel('Ops').check();
    const several = page.getByRole('button', { name: /^Labels of Fix login: (Web, Ops|Ops, Web)$/ });
    await several.waitFor();
    expect(await several.innerText()).toBe('2 labels');
    await details.getByRole('group', { name: 'Assignees' }).getByLabel('Noa (you)').check();
    await expect.poll(() => page.getByLabel('Assignee of Fix login').locator('option:checked').innerText()).toBe('Noa (you)');

    // The board's card reads both labels.
    await page.getByRole('tab', { name: 'Board' }).click();
    await expect.poll(() => page.getByRole('listitem', { name: 'Fix login' }).getAttribute('aria-description')).toMatch(/labels (Web, Ops|Ops, Web)/);
    await page.getByRole('tab', { name: 'List' }).click();
    await page.getByRole('button', { name: 'Details for Fix login' }).click();
    await page.getByRole('listitem', { name: 'Fix login' }).getByRole('group', { name: 'Labels' }).getByLabel('Web').uncheck();
    await expect.poll(() => page.getByLabel('Label of Fix login').locator('option:checked').innerText()).toBe('Ops');
    expect(errors).toEqual([]);
  });

  it('selects several tasks from the keyboard or with Ctrl+click and changes or deletes them at once, undoably', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Uma');
    await page.getByRole('button', { name: '+ New task list' }).click();
    await page.getByLabel('Page title').fill('Sprint');
    for (const title of ['One', 'Two', 'Three', 'Four']) await addTask(page, title);
    const bar = page.getByRole('toolbar', { name: /selected$/ });

    // X selects the task in focus, Shift+↓ extends the selection.
    await page.getByLabel('New task').press('ArrowDown');
    await page.keyboard.press('x');
    await page.keyboard.press('Shift+ArrowDown');
    await bar.getByText('2 tasks selected').waitFor();
    expect(await page.getByRole('listitem', { name: 'Two' }).getAttribute('aria-description')).toBe('Selected');
    // Ctrl+click on a row adds it.
    await page.getByRole('listitem', { name: 'Four' }).click({ modifiers: ['Control'], position: { x: 2, y: 2 } });
    await bar.getByText('3 tasks selected').waitFor();

    await bar.getByLabel('Set the status of the selected tasks').selectOption('blocked');
    await bar.getByLabel('Set the priority of the selected tasks').selectOption('high');
    for (const title of ['One', 'Two', 'Four']) {
      await expect.poll(() => page.getByLabel(`Status of ${title}`).inputValue()).toBe('blocked');
      expect(await page.getByLabel(`Priority of ${title}`).inputValue()).toBe('high');
    }
    expect(await page.getByLabel('Status of Three').inputValue()).toBe('todo');

    await bar.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => taskTitles(page)).toEqual(['Three']);
    expect(await bar.count()).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => taskTitles(page)).toEqual(['One', 'Two', 'Three', 'Four']);

    // Esc on a selected row clears the selection.
    await page.getByRole('listitem', { name: 'Three' }).focus();
    await page.keyboard.press('x');
    await bar.getByText('1 task selected').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => bar.count()).toBe(0);
    expect(errors).toEqual([]);
  });
  it('saves a filter under a name and applies it to any list, after a reload too', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(page, 'Ines');
    await page.getByRole('button', { name: '+ New task list' }).click();
    await page.getByLabel('Page title').fill('Week');
    for (const title of ['Write brief', 'Book room', 'Send notes']) await addTask(page, title);
    await page.getByLabel('Assignee of Write brief').selectOption({ label: 'Ines (you)' });
    await page.getByLabel('Assignee of Send notes').selectOption({ label: 'Ines (you)' });
    await page.getByLabel('Complete Send notes').check();
    // Nothing to save while the list is as it is.
    expect(await page.getByLabel('Saved filters').count()).toBe(0);

    await page.getByLabel('Show tasks').selectOption('open');
    await page.getByLabel('Assigned to').selectOption('me');
    await expect.poll(() => taskTitles(page)).toEqual(['Write brief']);
    await page.getByLabel('Saved filters').selectOption({ label: 'Save this filter…' });
    await page.getByLabel('Name of the saved filter').fill('My open work');
    await page.keyboard.press('Enter');
    // The menu now names the filter in use.
    await expect.poll(() => page.getByLabel('Saved filters').evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('My open work');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => taskTitles(page)).toEqual(['Write brief', 'Book room', 'Send notes']);

    // Another list, after a reload: the saved filter is there and arranges it the same way.
    await page.getByRole('button', { name: '+ New task list' }).click();
    await page.getByLabel('Page title').fill('Next week');
    for (const title of ['Draft plan', 'Call Mei']) await addTask(page, title);
    await page.getByLabel('Assignee of Call Mei').selectOption({ label: 'Ines (you)' });
    await page.reload();
    await page.getByLabel('Saved filters').selectOption({ label: 'My open work' });
    await expect.poll(() => taskTitles(page)).toEqual(['Call Mei']);
    expect(await page.getByLabel('Show tasks').inputValue()).toBe('open');
    expect(await page.getByLabel('Assigned to').inputValue()).toBe('me');
    // And it can be deleted from the same menu.
    await page.getByLabel('Saved filters').selectOption({ label: 'Delete “My open work”' });
    await expect.poll(() => page.getByLabel('Saved filters').locator('option').allTextContents()).toEqual(['Saved filters…', 'Save this filter…']);
    expect(errors).toEqual([]);
  });
});
