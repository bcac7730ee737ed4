import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startNetSwitch, startTestRelay, waitUntil, type NetSwitch, type TestRelay, type TestRelayOptions } from '../helpers';
import { launchChromium } from '../helpers/browser';
import { serveRenderer, type WebServer } from '../helpers/web';

/** One person's device: an isolated browser profile (its own IndexedDB and localStorage). */
export interface Device {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** `timezoneId` puts the device somewhere on Earth (e.g. 'Asia/Tokyo'); its clock shows that zone's time. */
export async function openDevice(browser: Browser, url: string, where: { timezoneId?: string } = {}): Promise<Device> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US', ...where });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { context, page, errors };
}

export async function createWorkspace(page: Page, name: string): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('button', { name: '+ New page' }).waitFor();
}

export async function joinFromInvite(page: Page, name: string): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join workspace' }).click();
  await page.getByRole('navigation', { name: 'Pages' }).waitFor();
}

export async function shareWithRelay(page: Page, relayUrl: string): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByLabel('Relay address').fill(relayUrl);
  await page.getByRole('button', { name: 'Connect to relay' }).click();
  const invite = await page.getByLabel('Invite link', { exact: true }).inputValue();
  await page.getByRole('button', { name: 'Close' }).click();
  return invite;
}

export async function openPage(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: title, exact: true }).click();
  await expect.poll(() => page.getByLabel('Page title').inputValue()).toBe(title);
  // The title and the body's "Opening…" (while the body's code loads) appear in one render: once
  // that is gone, the body is there, and a key pressed now reaches it.
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'Opening…' }).count()).toBe(0);
}

/** The open page's editor; `openPage` has already checked which page that is. */
export function editor(page: Page, _title: string) {
  return page.getByRole('textbox', { name: 'Page content' });
}

/** Puts the caret at the end of the page's text, as a person clicking into the editor and pressing Ctrl+End would. */
export async function caretToEnd(page: Page, title: string): Promise<void> {
  await editor(page, title).click();
  await page.keyboard.press('Control+End');
}

/** Types at the end of a page's text, as a person clicking into the editor would. */
export async function typeAtEnd(page: Page, title: string, text: string): Promise<void> {
  await caretToEnd(page, title);
  await page.keyboard.type(text);
}

export async function addTask(page: Page, title: string): Promise<void> {
  await page.getByLabel('New task').fill(title);
  await page.getByLabel('New task').press('Enter');
  await page.getByRole('list', { name: 'Task list' }).getByRole('textbox', { name: 'Task title' }).last().waitFor();
}

/** Makes a task list from the sidebar's button, titled, with these tasks. */
export async function newTaskList(page: Page, title: string, tasks: readonly string[] = []): Promise<void> {
  await page.getByRole('button', { name: '+ New task list' }).click();
  await page.getByLabel('Page title').fill(title);
  for (const task of tasks) await addTask(page, task);
}

export async function taskTitles(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: 'Task list' }).getByRole('textbox', { name: 'Task title' }).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
}

export function syncStatus(page: Page) {
  return page.getByRole('status', { name: /^Sync status/ });
}

export async function waitForSyncStatus(page: Page, status: string, timeoutMs = 20_000): Promise<void> {
  await waitUntil(async () => (await syncStatus(page).getAttribute('data-status')) === status, { timeoutMs, intervalMs: 100, description: `sync status ${status}` });
}

/** What an e2e file drives: Chromium, the built app served on 127.0.0.1, and a real relay. */
export interface Stage {
  browser: Browser;
  web: WebServer;
  relay: TestRelay;
}

const switches = new Set<NetSwitch>();

/** Starts the stage before the file's tests and stops it after them; read its fields inside tests. */
export function useStage(relayOptions: TestRelayOptions = {}): Stage {
  const stage = {} as Stage;
  beforeAll(async () => {
    [stage.browser, stage.web, stage.relay] = await Promise.all([launchChromium(), serveRenderer(), startTestRelay(relayOptions)]);
  });
  afterAll(async () => {
    await Promise.all([...switches].map((net) => net.close()));
    switches.clear();
    await stage.browser?.close();
    await stage.web?.close();
    await stage.relay?.close();
  });
  return stage;
}

/** A device with its own line to the stage's relay (test/helpers/netSwitch.ts), so it can go offline while the others stay as they are. */
export interface SwitchedDevice extends Device {
  net: NetSwitch;
}

/** Opens `url(line)`, where `line` is the device's own address for the relay; `timezoneId` as in `openDevice`. */
export async function openSwitchedDevice(stage: Stage, url: (relay: string) => string, timezoneId?: string): Promise<SwitchedDevice> {
  const net = await startNetSwitch(stage.relay.url);
  switches.add(net);
  return { ...(await openDevice(stage.browser, url(net.url), { timezoneId })), net };
}

export async function goOffline(person: SwitchedDevice): Promise<void> {
  person.net.cut();
  await waitForSyncStatus(person.page, 'offline');
}

export async function goOnline(person: SwitchedDevice): Promise<void> {
  person.net.restore();
  await waitForSyncStatus(person.page, 'synced', 45_000);
}

/** Ana (Tokyo) makes a task list with these tasks and invites Ben (London), who opens it: both online, each on a line of their own. */
export async function taskListForTwo(stage: Stage, list: string, titles: string[]): Promise<{ ana: SwitchedDevice; ben: SwitchedDevice }> {
  const ana = await openSwitchedDevice(stage, () => stage.web.url, 'Asia/Tokyo');
  await createWorkspace(ana.page, 'Ana');
  const invite = await shareWithRelay(ana.page, ana.net.url);
  await ana.page.getByRole('button', { name: '+ New task list' }).click();
  await ana.page.getByLabel('Page title').fill(list);
  for (const title of titles) await addTask(ana.page, title);
  const ben = await openSwitchedDevice(stage, (relay) => invite.replace(encodeURIComponent(ana.net.url), encodeURIComponent(relay)), 'Europe/London');
  await joinFromInvite(ben.page, 'Ben');
  await openPage(ben.page, list);
  return { ana, ben };
}
