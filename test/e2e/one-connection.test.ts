import { describe, expect, it } from 'vitest';
import type { Page, WebSocket } from 'playwright-core';
import { createWorkspace, editor, goOffline, goOnline, joinFromInvite, openPage, openSwitchedDevice, shareWithRelay, typeAtEnd, useStage, waitForSyncStatus } from './app';

const stage = useStage();

/** The websockets a page opened to `relay` that the relay answered (they carried frames), as the browser saw them. */
function watchSockets(page: Page, relay: string): { answered: WebSocket[]; urls: Set<string> } {
  const seen = { answered: [] as WebSocket[], urls: new Set<string>() };
  page.on('websocket', (socket) => {
    if (!socket.url().startsWith(relay.replace(/^http/, 'ws'))) return;
    seen.urls.add(socket.url());
    socket.once('framereceived', () => seen.answered.push(socket));
  });
  return seen;
}

const live = (sockets: WebSocket[]) => sockets.filter((socket) => !socket.isClosed()).length;

describe('one connection per device', () => {
  it('Ben joins, opens pages and gets the rest in the background over one websocket, then catches up on a reconnect over one more', async () => {
    const aiko = await openSwitchedDevice(stage, () => stage.web.url, 'Asia/Tokyo');
    await createWorkspace(aiko.page, 'Aiko');
    const invite = await shareWithRelay(aiko.page, aiko.net.url);
    const pages = ['Plan', 'Risks', 'Budget', 'Hiring', 'Travel'];
    for (const title of pages) {
      await aiko.page.getByRole('button', { name: '+ New page' }).click();
      await aiko.page.getByLabel('Page title').fill(title);
      await typeAtEnd(aiko.page, title, `${title} notes.`);
    }
    await waitForSyncStatus(aiko.page, 'synced');

    const ben = await openSwitchedDevice(stage, (relay) => invite.replace(encodeURIComponent(aiko.net.url), encodeURIComponent(relay)), 'Europe/London');
    const sockets = watchSockets(ben.page, ben.net.url);
    await joinFromInvite(ben.page, 'Ben');
    await openPage(ben.page, 'Plan');
    await expect.poll(() => editor(ben.page, 'Plan').innerText(), { timeout: 15_000 }).toBe('Plan notes.');
    await openPage(ben.page, 'Risks');
    await expect.poll(() => editor(ben.page, 'Risks').innerText(), { timeout: 15_000 }).toBe('Risks notes.');
    await waitForSyncStatus(ben.page, 'synced');

    // Offline, the pages Ben never opened are there too: they came in the background, on the same socket.
    await goOffline(ben);
    for (const title of ['Budget', 'Hiring', 'Travel']) {
      await openPage(ben.page, title);
      await expect.poll(() => editor(ben.page, title).innerText()).toBe(`${title} notes.`);
    }
    expect(sockets.answered).toHaveLength(1);
    expect(live(sockets.answered)).toBe(0);
    // The workspace's one address: no page in it, and no token (that goes in the handshake's subprotocol).
    expect([...sockets.urls].map((url) => new URL(url).pathname.split('/').filter(Boolean).length)).toEqual([1]);
    expect([...sockets.urls].join(' ')).not.toMatch(/token/i);

    // Aiko changes three pages while Ben is away; back online, one new socket brings them all.
    await openPage(aiko.page, 'Budget');
    await typeAtEnd(aiko.page, 'Budget', ' Capped at 40k.');
    await openPage(aiko.page, 'Hiring');
    await typeAtEnd(aiko.page, 'Hiring', ' Two engineers.');
    await openPage(aiko.page, 'Travel');
    await typeAtEnd(aiko.page, 'Travel', ' Lisbon in May.');
    await waitForSyncStatus(aiko.page, 'synced');
    await openPage(ben.page, 'Plan');
    await goOnline(ben);
    await expect.poll(() => ben.page.getByRole('button', { name: 'Catch up' }).getAttribute('aria-description'), { timeout: 20_000 }).toBe('3 pages changed since you were last here');
    expect(sockets.answered).toHaveLength(2);
    expect(live(sockets.answered)).toBe(1);

    await goOffline(ben);
    await openPage(ben.page, 'Travel');
    await expect.poll(() => editor(ben.page, 'Travel').innerText()).toBe('Travel notes. Lisbon in May.');
    expect([...aiko.errors, ...ben.errors]).toEqual([]);
  });
});
