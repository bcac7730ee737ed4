import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newId } from '../../shared/model';
import { formatWebInvite } from '../../shared/protocol';
import { createCleanup, mintToken, relayFor, tempDirFor } from '../helpers';
import { launchProfile, type ProfileBrowser } from '../helpers/browser';
import { serveRenderer, type WebServer } from '../helpers/web';
import { addTask, editor, openPage, taskTitles, waitForSyncStatus } from './app';

// Each test kills Chromium with SIGKILL right after the last keyboard or mouse
// call returns (a crash, not a close), then opens the same profile again on
// the same origin: whatever the person saw on screen must still be there.
let web: WebServer;
const cleanup = createCleanup();

beforeAll(async () => {
  web = await serveRenderer();
});
afterAll(() => web?.close());
afterEach(() => cleanup.run());

interface Run {
  browser: ProfileBrowser;
  page: Page;
  errors: string[];
}

async function start(profileDir: string, url = web.url): Promise<Run> {
  const browser = await launchProfile(profileDir, url);
  cleanup.add(() => browser.kill());
  const errors: string[] = [];
  browser.page.on('pageerror', (error) => errors.push(error.message));
  return { browser, page: browser.page, errors };
}

/** Kills the browser, reopens the profile and waits for the workspace (not the welcome screen) to show. */
async function crashAndReopen(run: Run, profileDir: string): Promise<Run> {
  expect(run.errors).toEqual([]);
  await run.browser.kill();
  const next = await start(profileDir);
  await next.page.getByRole('navigation', { name: 'Pages' }).or(next.page.getByRole('heading', { name: 'Welcome to Baton' })).waitFor({ timeout: 30_000 });
  expect(await next.page.getByRole('heading', { name: 'Welcome to Baton' }).count()).toBe(0);
  return next;
}

async function createWorkspace(page: Page, person: string, workspace: string): Promise<void> {
  await page.getByLabel('Your name').fill(person);
  await page.getByLabel('Workspace name').fill(workspace);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('button', { name: '+ New page' }).waitFor({ timeout: 30_000 });
}

function sidebarPage(page: Page, title: string) {
  return page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: title, exact: true });
}

// Each test starts Chromium two to four times; a loaded machine takes seconds per start.
describe('a browser killed right after the last action loses nothing', { timeout: 300_000 }, () => {
  it('a workspace created a moment before the kill', async () => {
    const dir = tempDirFor(cleanup);
    const first = await start(dir);
    await first.page.getByLabel('Your name').fill('Kim');
    await first.page.getByLabel('Workspace name').fill('Kim’s studio');
    // Pressed twice, as an impatient person does while the workspace is being saved: one workspace.
    await first.page.getByRole('button', { name: 'Create workspace' }).dblclick();
    await first.page.getByRole('button', { name: '+ New page' }).waitFor({ timeout: 30_000 });

    const second = await crashAndReopen(first, dir);
    await expect.poll(() => second.page.locator('.workspace-name').innerText()).toBe('Kim’s studio');
    // With more than one workspace on the device the sidebar offers a switcher instead of the name.
    expect(await second.page.getByRole('combobox', { name: 'Workspace' }).count()).toBe(0);
    expect(await second.page.getByRole('button', { name: 'Profile: Kim' }).count()).toBe(1);
    expect(second.errors).toEqual([]);
  });

  it('every character typed into a page, its title, and a task title', async () => {
    const dir = tempDirFor(cleanup);
    const first = await start(dir);
    await createWorkspace(first.page, 'Kim', 'Notes');
    await first.page.keyboard.press('Control+Alt+N');
    await first.page.getByLabel('Page title').fill('');
    await first.page.getByLabel('Page title').pressSequentially('Field notes, day 1');
    await editor(first.page, 'Field notes, day 1').click();
    const body = 'Typed one key at a time; the last keystroke is the one a crash takes first.';
    await first.page.keyboard.type(body);

    const second = await crashAndReopen(first, dir);
    await openPage(second.page, 'Field notes, day 1');
    await expect.poll(() => editor(second.page, 'Field notes, day 1').innerText()).toBe(body);

    await second.page.keyboard.press('Control+Alt+T');
    await second.page.getByLabel('Page title').fill('Errands');
    await addTask(second.page, 'Buy');
    await second.page.getByRole('list', { name: 'Task list' }).getByRole('textbox', { name: 'Task title' }).click();
    await second.page.keyboard.press('End');
    await second.page.keyboard.type(' stamps, envelopes and a new ribbon');

    const third = await crashAndReopen(second, dir);
    await openPage(third.page, 'Errands');
    await expect.poll(() => taskTitles(third.page)).toEqual(['Buy stamps, envelopes and a new ribbon']);
    expect(third.errors).toEqual([]);
  });

  it('a page created, a page renamed and a profile saved a moment before the kill', async () => {
    const dir = tempDirFor(cleanup);
    const first = await start(dir);
    await createWorkspace(first.page, 'Kim', 'Plans');
    await first.page.keyboard.press('Control+Alt+N');
    await first.page.getByLabel('Page title').fill('Draft');
    await sidebarPage(first.page, 'Draft').waitFor();

    const second = await crashAndReopen(first, dir);
    // It opens where the person was: on the new page.
    await expect.poll(() => second.page.getByRole('article').getAttribute('aria-label'), { timeout: 30_000 }).toBe('Draft');
    await sidebarPage(second.page, 'Draft').focus();
    await second.page.keyboard.press('F2');
    await second.page.getByLabel('Rename Draft').fill('Final plan');
    await second.page.keyboard.press('Enter');
    await sidebarPage(second.page, 'Final plan').waitFor();

    const third = await crashAndReopen(second, dir);
    await sidebarPage(third.page, 'Final plan').waitFor();
    await third.page.getByRole('button', { name: 'Profile: Kim' }).click();
    await third.page.getByLabel('Your name').fill('Kimiko');
    await third.page.getByRole('button', { name: 'Save profile' }).click();
    await third.page.getByRole('button', { name: 'Profile: Kimiko' }).waitFor();

    const fourth = await crashAndReopen(third, dir);
    await fourth.page.getByRole('button', { name: 'Profile: Kimiko' }).waitFor();
    await sidebarPage(fourth.page, 'Final plan').waitFor();
    expect(await sidebarPage(fourth.page, 'Draft').count()).toBe(0);
    expect(fourth.errors).toEqual([]);
  });

  it('a paste of several MiB', async () => {
    const dir = tempDirFor(cleanup);
    const first = await start(dir);
    await createWorkspace(first.page, 'Kim', 'Archive');
    await first.page.keyboard.press('Control+Alt+N');
    await first.page.getByLabel('Page title').fill('Logs');
    await editor(first.page, 'Logs').click();
    await first.page.keyboard.type('Before the paste.');
    // 64 paragraphs of 64 KiB: 4 MiB, as a paste from the clipboard arrives.
    const pasted = await first.page.evaluate(() => {
      const paragraphs = Array.from({ length: 64 }, (_, i) => `${String(i).padStart(2, '0')}:${'x'.repeat(64 * 1024 - 3)}`);
      const text = paragraphs.join('\n');
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.querySelector('[aria-label="Page content"]')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      return { length: text.length, paragraphs: paragraphs.length };
    });
    expect(pasted.length).toBeGreaterThanOrEqual(4 * 1024 * 1024 - 64);

    const second = await crashAndReopen(first, dir);
    await openPage(second.page, 'Logs');
    const shown = () =>
      editor(second.page, 'Logs').evaluate((box) => {
        const paragraphs = [...box.querySelectorAll('p')].map((p) => p.textContent ?? '');
        return { count: paragraphs.length, chars: paragraphs.reduce((sum, p) => sum + p.length, 0), first: paragraphs[0]?.slice(0, 20), last: paragraphs.at(-1)?.slice(0, 3) };
      });
    // The first pasted line joins the paragraph the caret was in.
    await expect.poll(shown, { timeout: 30_000 }).toEqual({ count: pasted.paragraphs, chars: 'Before the paste.'.length + pasted.length - (pasted.paragraphs - 1), first: 'Before the paste.00:', last: '63:' });
    expect(second.errors).toEqual([]);
  });

  it('a workspace joined a moment before the kill, and a viewer stays read-only when it reopens offline', async () => {
    const relay = await relayFor(cleanup, { auth: 'data-dir' });
    const workspaceId = newId();
    const invite = (role: 'editor' | 'viewer') =>
      formatWebInvite({ relayUrl: relay.url, workspaceId, token: mintToken(relay.dataDir, workspaceId, { role }).token, workspaceName: 'Launch' }, web.url);

    const editorDir = tempDirFor(cleanup);
    const joined = await start(editorDir, invite('editor'));
    await joined.page.getByLabel('Your name').fill('Bo');
    await joined.page.getByRole('button', { name: 'Join workspace' }).click();
    await joined.page.getByRole('button', { name: '+ New page' }).waitFor({ timeout: 30_000 });
    // Reopened on the app's own address, not the invite: the device remembers the workspace and its relay.
    const rejoined = await crashAndReopen(joined, editorDir);
    await waitForSyncStatus(rejoined.page, 'synced', 30_000);
    await rejoined.page.keyboard.press('Control+Alt+T');
    await rejoined.page.getByLabel('Page title').fill('Launch plan');
    await addTask(rejoined.page, 'Book the hall');
    await waitForSyncStatus(rejoined.page, 'synced', 30_000);

    // The viewer joins while the relay answers, and sees the page and that it may only read.
    const viewerDir = tempDirFor(cleanup);
    const viewer = await start(viewerDir, invite('viewer'));
    await viewer.page.getByLabel('Your name').fill('Cy');
    await viewer.page.getByRole('button', { name: 'Join workspace' }).click();
    await openPage(viewer.page, 'Launch plan');
    await expect.poll(() => taskTitles(viewer.page), { timeout: 30_000 }).toEqual(['Book the hall']);
    await waitForSyncStatus(viewer.page, 'synced', 30_000);
    await viewer.page.getByRole('status').filter({ hasText: 'View only' }).waitFor();

    // The relay goes away, the viewer's browser is killed and opened again: still a viewer.
    await relay.close();
    const offline = await crashAndReopen(viewer, viewerDir);
    await openPage(offline.page, 'Launch plan');
    await expect.poll(() => taskTitles(offline.page)).toEqual(['Book the hall']);
    await waitForSyncStatus(offline.page, 'offline', 30_000);
    await offline.page.getByRole('status').filter({ hasText: 'View only' }).waitFor();
    expect(await offline.page.getByRole('button', { name: '+ New page' }).count()).toBe(0);
    expect(await offline.page.getByLabel('New task').count()).toBe(0);
    expect(await offline.page.getByRole('checkbox', { name: 'Complete Book the hall' }).isDisabled()).toBe(true);
    expect(await offline.page.getByRole('list', { name: 'Task list' }).getByRole('textbox', { name: 'Task title' }).isEditable()).toBe(false);
    expect(offline.errors).toEqual([]);
  });
});

describe('a window reloaded right after the last keystroke loses nothing', { timeout: 300_000 }, () => {
  it('every character typed into a page', async () => {
    const dir = tempDirFor(cleanup);
    const { page, errors } = await start(dir);
    await createWorkspace(page, 'Kim', 'Notes');
    await page.keyboard.press('Control+Alt+N');
    await page.getByLabel('Page title').fill('Minutes');
    for (let round = 1; round <= 3; round++) {
      await editor(page, 'Minutes').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(` Point ${round} agreed.`);
      await page.reload();
      await openPage(page, 'Minutes');
      await expect.poll(() => editor(page, 'Minutes').innerText()).toBe(Array.from({ length: round }, (_, i) => ` Point ${i + 1} agreed.`).join(''));
    }
    expect(errors).toEqual([]);
  });
});
