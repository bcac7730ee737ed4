import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { addTask, createPage } from '../../shared/model';
import { INDEX_DOC_ID } from '../../shared/protocol/rooms';
import { addStoredUpdates } from '../helpers/storedDocs';
import { createWorkspace, openDevice, useStage } from './app';

const stage = useStage();
const TASKS = 2_000;
const PAGES = 400;

/** The workspace on screen and its open page, as the app keeps them in localStorage. */
async function openIds(page: Page): Promise<{ workspaceId: string; pageId: string }> {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((name) => name.startsWith('baton:last-page:'))!;
    return { workspaceId: key.slice('baton:last-page:'.length), pageId: localStorage.getItem(key)! };
  });
}

/**
 * A task list of TASKS tasks ("Task 1"…), and PAGES more pages, stored on the device as a teammate's
 * sync would have left them; the app reads them on the reload.
 */
async function seedLongList(page: Page): Promise<void> {
  await createWorkspace(page, 'Vera');
  await page.getByRole('button', { name: '+ New task list' }).click();
  await page.getByLabel('Page title').fill('Backlog');
  await page.getByLabel('New task').waitFor();
  const { workspaceId, pageId } = await openIds(page);
  const list = new Y.Doc();
  for (let i = 1; i <= TASKS; i++) addTask(list, { title: `Task ${i}`, by: 'teammate' });
  const index = new Y.Doc();
  for (let i = 1; i <= PAGES; i++) createPage(index, { title: `Note ${i}`, kind: 'doc', parentId: null, by: 'teammate' });
  await addStoredUpdates(page, [
    { name: `baton/${workspaceId}/${pageId}`, update: Y.encodeStateAsUpdate(list) },
    { name: `baton/${workspaceId}/${INDEX_DOC_ID}`, update: Y.encodeStateAsUpdate(index) },
  ]);
  await page.reload();
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return element?.matches('li.task, li.board-card') ? { name: element.getAttribute('aria-label'), position: element.getAttribute('aria-posinset'), of: element.getAttribute('aria-setsize') } : null;
  });

/** Whether the focused element is inside the scroller's view (keys scroll it there). */
const focusInView = (page: Page) =>
  page.evaluate(() => {
    const box = document.activeElement!.getBoundingClientRect();
    const view = document.querySelector('.page')!.getBoundingClientRect();
    return box.bottom > view.top && box.top < view.bottom;
  });

describe('long lists', () => {
  it(`keep a list of ${TASKS.toLocaleString('en')} tasks to the rows near the view, yet the keys and the scrollbar reach every task`, async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await seedLongList(page);
    const tasks = page.getByRole('list', { name: 'Task list' });
    await page.getByText(`${TASKS.toLocaleString('en')} open · 0 done`).or(page.getByText(`${TASKS} open · 0 done`)).waitFor();
    // The first task is there, and says where it stands in the whole list.
    const first = tasks.getByRole('listitem', { name: 'Task 1', exact: true });
    await first.waitFor();
    expect(await first.getAttribute('aria-posinset')).toBe('1');
    expect(await first.getAttribute('aria-setsize')).toBe(String(TASKS));
    const drawn = () => tasks.getByRole('listitem').count();
    expect(await drawn()).toBeLessThan(100);
    // …and the page is as tall as every task would make it, so the scrollbar means what it shows.
    const scrollHeight = await page.locator('.page').evaluate((scroller) => scroller.scrollHeight);
    expect(scrollHeight).toBeGreaterThan(TASKS * 30);

    // The keys go past the rows drawn at first, one row at a time.
    await page.getByLabel('New task').focus();
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toEqual({ name: 'Task 1', position: '1', of: String(TASKS) });
    for (let i = 0; i < 80; i++) await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toEqual({ name: 'Task 81', position: '81', of: String(TASKS) });
    expect(await focusInView(page)).toBe(true);
    await page.keyboard.press('k');
    expect((await focused(page))?.name).toBe('Task 80');
    await page.keyboard.press('j');
    expect(await drawn()).toBeLessThan(100);

    // Scrolled far away from the focused task, the keys still carry on from it.
    await page.locator('.page').evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight / 2));
    await page.keyboard.press('ArrowDown');
    expect((await focused(page))?.name).toBe('Task 82');
    await expect.poll(() => focusInView(page)).toBe(true);
    // Shift+↓ selects across what was not drawn a moment ago.
    await page.keyboard.press('Shift+ArrowDown');
    expect((await focused(page))?.name).toBe('Task 83');
    await expect.poll(() => page.getByRole('listitem', { name: 'Task 82', exact: true }).getAttribute('aria-description')).toBe('Selected');
    await page.keyboard.press('Escape');

    // Scrolled to the end, the last task is drawn, focusable, and the keys go on from it.
    await page.locator('.page').evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));
    const last = tasks.getByRole('listitem', { name: `Task ${TASKS}`, exact: true });
    await last.waitFor();
    expect(await last.getAttribute('aria-posinset')).toBe(String(TASKS));
    await last.focus();
    await page.keyboard.press('ArrowUp');
    expect((await focused(page))?.name).toBe(`Task ${TASKS - 1}`);
    expect(await drawn()).toBeLessThan(100);
    // A row's details open to their full height and the rows below move down to make room.
    const below = tasks.getByRole('listitem', { name: `Task ${TASKS}`, exact: true });
    const before = (await below.boundingBox())!.y;
    await page.keyboard.press('ArrowRight');
    await page.getByLabel(`Description of Task ${TASKS - 1}`).waitFor();
    await expect.poll(async () => (await below.boundingBox())!.y).toBeGreaterThan(before + 50);
    expect(errors).toEqual([]);
  });

  it(`draw a board column of ${TASKS.toLocaleString('en')} cards and a sidebar of ${PAGES} pages near the view only, and the keys reach every card`, async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url);
    await seedLongList(page);
    // The sidebar: every page is there to scroll to, a few are drawn.
    const pages = page.getByRole('navigation', { name: 'Pages' });
    await pages.getByRole('button', { name: 'Note 1', exact: true }).waitFor();
    expect(await pages.getByRole('listitem').count()).toBeLessThan(80);
    await pages.evaluate((nav) => nav.scrollTo(0, nav.scrollHeight));
    const lastPage = pages.getByRole('button', { name: `Note ${PAGES}`, exact: true });
    await lastPage.waitFor();
    await lastPage.focus();
    await page.keyboard.press('ArrowUp');
    // The sidebar moves focus once React has drawn the row above: wait for it rather than read at once.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain(`Note ${PAGES - 1}`);

    await page.getByRole('tab', { name: 'Board' }).click();
    const todo = page.getByRole('list', { name: 'To do tasks' });
    await page.getByRole('heading', { name: `To do ${TASKS}` }).waitFor();
    const first = todo.getByRole('listitem', { name: 'Task 1', exact: true });
    await first.waitFor();
    expect(await todo.getByRole('listitem').count()).toBeLessThan(100);
    expect(await first.getAttribute('aria-setsize')).toBe(String(TASKS));
    await first.focus();
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toEqual({ name: 'Task 61', position: '61', of: String(TASKS) });
    expect(await focusInView(page)).toBe(true);
    // Moved by keys past the cards drawn, a card stays focused in its new place.
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => focused(page)).toEqual({ name: 'Task 61', position: '1', of: '1' });
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => focused(page)).toEqual({ name: 'Task 61', position: '1', of: String(TASKS) });
    // Scrolled to the column's end, its last card is drawn and focusable.
    await page.locator('.page').evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));
    const last = todo.getByRole('listitem', { name: `Task ${TASKS}`, exact: true });
    await last.waitFor();
    await last.focus();
    await page.keyboard.press('ArrowUp');
    expect((await focused(page))?.name).toBe(`Task ${TASKS - 1}`);
    expect(await todo.getByRole('listitem').count()).toBeLessThan(100);
    expect(errors).toEqual([]);
  });
});
