import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestRelay, type TestRelay } from '../helpers';
import { launchChromium } from '../helpers/browser';
import { freePort } from '../helpers/ports';
import { serveRenderer, type WebServer } from '../helpers/web';
import {
  addTask,
  createWorkspace,
  editor,
  joinFromInvite,
  openDevice,
  openPage,
  shareWithRelay,
  syncStatus,
  taskTitles,
  typeAtEnd,
  waitForSyncStatus,
  type Device,
} from './app';

let browser: Browser;
let web: WebServer;
let relay: TestRelay;

beforeAll(async () => {
  [browser, web, relay] = await Promise.all([launchChromium(), serveRenderer(), freePort().then((port) => startTestRelay({ port }))]);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await relay?.close();
});

describe('two teammates, one workspace, a relay that comes and goes', () => {
  it('joins by invite, edits offline on both sides, survives a reload, converges, and a third device gets everything', async () => {
    // Ada starts a workspace on her device and writes before anyone else is there.
    const ada: Device = await openDevice(browser, web.url);
    await createWorkspace(ada.page, 'Ada');
    await ada.page.getByRole('button', { name: '+ New page' }).click();
    await ada.page.getByLabel('Page title').fill('Strategy');
    await typeAtEnd(ada.page, 'Strategy', 'Shared intro.');
    await ada.page.getByRole('button', { name: '+ New task list' }).click();
    await ada.page.getByLabel('Page title').fill('Launch');
    await addTask(ada.page, 'Book venue');
    const invite = await shareWithRelay(ada.page, relay.url);
    expect(invite).toContain('#join?');
    await waitForSyncStatus(ada.page, 'synced');

    // Bo joins through the one link.
    const bo = await openDevice(browser, invite);
    await joinFromInvite(bo.page, 'Bo');
    await openPage(bo.page, 'Strategy');
    await expect.poll(() => editor(bo.page, 'Strategy').innerText(), { timeout: 15_000 }).toContain('Shared intro.');
    await openPage(bo.page, 'Launch');
    await expect.poll(() => taskTitles(bo.page), { timeout: 15_000 }).toEqual(['Book venue']);
    await waitForSyncStatus(bo.page, 'synced');

    // The relay goes away; both keep working.
    await relay.relay.close();
    await waitForSyncStatus(ada.page, 'offline');
    await waitForSyncStatus(bo.page, 'offline');

    await openPage(ada.page, 'Strategy');
    await typeAtEnd(ada.page, 'Strategy', ' Tokyo adds a goal.');
    await openPage(ada.page, 'Launch');
    await addTask(ada.page, 'Draft agenda (Ada, offline)');

    await addTask(bo.page, 'Order badges (Bo, offline)');
    await bo.page.getByRole('checkbox', { name: 'Complete Book venue' }).check();
    await openPage(bo.page, 'Strategy');
    await typeAtEnd(bo.page, 'Strategy', ' Berlin agrees.');

    await expect.poll(async () => Number(await syncStatus(ada.page).getAttribute('data-pending'))).toBeGreaterThan(0);
    // Between reconnect attempts; during one (a few ms against a closed port) it says "Connecting…".
    await expect.poll(() => syncStatus(ada.page).textContent()).toMatch(/Offline · \d+ changes? pending/);

    // Ada reloads while offline: nothing she typed is lost.
    await ada.page.reload();
    await openPage(ada.page, 'Launch');
    await expect.poll(() => taskTitles(ada.page)).toEqual(['Book venue', 'Draft agenda (Ada, offline)']);
    await openPage(ada.page, 'Strategy');
    await expect.poll(() => editor(ada.page, 'Strategy').innerText()).toContain('Shared intro. Tokyo adds a goal.');
    await waitForSyncStatus(ada.page, 'offline');
    expect(Number(await syncStatus(ada.page).getAttribute('data-pending'))).toBeGreaterThan(0);

    // The relay returns on the same address; both converge without anyone doing anything.
    await relay.restart();
    await waitForSyncStatus(ada.page, 'synced', 30_000);
    await waitForSyncStatus(bo.page, 'synced', 30_000);
    for (const device of [ada, bo]) {
      await openPage(device.page, 'Strategy');
      await expect.poll(() => editor(device.page, 'Strategy').innerText(), { timeout: 15_000 }).toMatch(/Tokyo adds a goal\./);
      await expect.poll(() => editor(device.page, 'Strategy').innerText(), { timeout: 15_000 }).toMatch(/Berlin agrees\./);
      await openPage(device.page, 'Launch');
      await expect.poll(() => taskTitles(device.page), { timeout: 15_000 }).toHaveLength(3);
      expect(new Set(await taskTitles(device.page))).toEqual(new Set(['Book venue', 'Draft agenda (Ada, offline)', 'Order badges (Bo, offline)']));
      await expect.poll(() => device.page.getByRole('checkbox', { name: 'Complete Book venue' }).isChecked()).toBe(true);
    }
    const agreedTasks = await taskTitles(ada.page);
    expect(await taskTitles(bo.page)).toEqual(agreedTasks);
    await openPage(ada.page, 'Strategy');
    await openPage(bo.page, 'Strategy');
    expect(await editor(ada.page, 'Strategy').innerText()).toBe(await editor(bo.page, 'Strategy').innerText());
    expect(await syncStatus(ada.page).getAttribute('data-pending')).toBe('0');

    // A third, fresh device joins and receives everything.
    const cy = await openDevice(browser, invite);
    await joinFromInvite(cy.page, 'Cy');
    await openPage(cy.page, 'Strategy');
    await expect.poll(() => editor(cy.page, 'Strategy').innerText(), { timeout: 15_000 }).toBe(await editor(ada.page, 'Strategy').innerText());
    await openPage(cy.page, 'Launch');
    await expect.poll(() => taskTitles(cy.page), { timeout: 15_000 }).toEqual(agreedTasks);
    await expect.poll(() => cy.page.getByRole('combobox', { name: 'Assignee of Book venue' }).locator('option').allInnerTexts()).toEqual(
      expect.arrayContaining(['Ada', 'Bo', 'Cy (you)']),
    );

    expect([...ada.errors, ...bo.errors, ...cy.errors]).toEqual([]);
  });
});
