import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_WORKING_HOURS } from '../../shared/model';
import { addDays, deliveryTime, formatClock, startOfDayIn, todayIn, zonedParts } from '../../shared/time';
import { addTask, createWorkspace, editor, joinFromInvite, openPage, openSwitchedDevice, shareWithRelay, typeAtEnd, useStage, waitForSyncStatus } from './app';

const stage = useStage();

const HOUR = 3_600_000;

/** The Notifications button's unseen count, as a screen reader hears it ('' when none). */
async function unseen(page: Page): Promise<string> {
  return (await page.getByRole('button', { name: 'Notifications' }).getAttribute('aria-description')) ?? '';
}

describe('notifications delivered in working hours', () => {
  it('a mention sent in Tokyo’s morning waits for London’s working day; Ben sees it then, opens it, and it is seen on his device', async () => {
    // Both clocks are set: tomorrow 01:00 UTC is 10:00 in Tokyo (Aiko at work) and 01:00 in London.
    const sent = Math.ceil(Date.now() / (24 * HOUR)) * 24 * HOUR + HOUR;
    const arrives = deliveryTime(sent, { timezone: 'Europe/London', workingHours: DEFAULT_WORKING_HOURS });
    expect(arrives).toBeGreaterThan(sent);

    const aiko = await openSwitchedDevice(stage, () => stage.web.url, 'Asia/Tokyo');
    await aiko.page.clock.setFixedTime(sent);
    await createWorkspace(aiko.page, 'Aiko');
    const invite = await shareWithRelay(aiko.page, aiko.net.url);
    await waitForSyncStatus(aiko.page, 'synced');
    const ben = await openSwitchedDevice(stage, (relay) => invite.replace(encodeURIComponent(aiko.net.url), encodeURIComponent(relay)), 'Europe/London');
    await ben.page.clock.setFixedTime(sent + 60_000);
    await joinFromInvite(ben.page, 'Ben');
    await waitForSyncStatus(ben.page, 'synced');

    // Aiko asks Ben in a task's comments; before posting she is told when he will see it.
    await aiko.page.getByRole('button', { name: '+ New task list' }).click();
    await aiko.page.getByLabel('Page title').fill('Launch');
    await addTask(aiko.page, 'Book the venue');
    await aiko.page.getByRole('button', { name: 'Details for Book the venue' }).click();
    const comments = aiko.page.getByRole('region', { name: 'Comments on Book the venue' });
    const box = comments.getByRole('textbox', { name: 'Comment', exact: true });
    await box.pressSequentially('Can you confirm the date? @Be');
    // Offered with his own time now: 01:01 in London.
    const benTime = `${formatClock(sent, 'Europe/London')} in London`;
    const option = comments.getByRole('option', { name: 'Ben' });
    expect(await option.getAttribute('aria-description')).toBe(benTime);
    expect(await option.innerText()).toContain(benTime);
    await option.click();
    const when = comments.getByRole('list', { name: 'When they will see it' });
    await expect.poll(() => when.innerText()).toMatch(/^Ben will see this at (\w{3} )?09:00 in London \(in \d+ h\)$/);
    await comments.getByRole('button', { name: 'Post' }).click();
    await aiko.page.getByRole('status').filter({ hasText: /^Sent\. Ben will see this at/ }).first().waitFor();
    // The posted mention tells his time on hover.
    expect(await comments.getByText('@Ben', { exact: true }).getAttribute('title')).toBe(`Ben · ${benTime}`);

    // At 01:01 in London the comment has reached Ben's device, but the notification waits.
    await openPage(ben.page, 'Launch');
    await ben.page.getByRole('button', { name: '1 comment on Book the venue' }).waitFor({ timeout: 20_000 });
    expect(await unseen(ben.page)).toBe('');
    await ben.page.getByRole('button', { name: 'Notifications' }).click();
    await ben.page.getByRole('region', { name: 'Notifications' }).getByText('Nothing for you yet.').waitFor();
    await ben.page.keyboard.press('Escape');

    // One minute before his day starts: still nothing. Once it has: there it is.
    await ben.page.clock.setFixedTime(arrives - 60_000);
    await ben.page.reload();
    await ben.page.getByRole('navigation', { name: 'Pages' }).waitFor();
    await ben.page.getByRole('button', { name: 'Notifications' }).waitFor();
    expect(await unseen(ben.page)).toBe('');
    await ben.page.clock.setFixedTime(arrives + 60_000);
    await ben.page.reload();
    await expect.poll(() => unseen(ben.page), { timeout: 15_000 }).toBe('1 new');
    await ben.page.getByRole('button', { name: 'Notifications' }).click();
    const item = ben.page.getByRole('region', { name: 'Notifications' }).getByRole('listitem');
    expect(await item.innerText()).toContain('Aiko mentioned you in Book the venue');
    expect(await item.innerText()).toContain('Can you confirm the date? @Ben');
    await item.getByRole('button').click();
    await expect.poll(() => ben.page.getByLabel('Page title').inputValue()).toBe('Launch');
    await expect.poll(() => unseen(ben.page)).toBe('');
    // Among the task's people, and once assigned in its row, Ben is named with his own time on Aiko's screen.
    const people = aiko.page.getByRole('checkbox', { name: 'Ben', exact: true });
    expect(await people.getAttribute('aria-description')).toBe(benTime);
    await aiko.page.getByLabel('Assignee of Book the venue').selectOption({ label: 'Ben' });
    await expect.poll(() => aiko.page.getByLabel('Assignee of Book the venue').getAttribute('aria-description')).toBe(`Ben · ${benTime}`);

    // Urgent reaches Ben at once, at 01:00 his time: it says so, and the whole workspace sees who used it, for whom and where.
    await box.pressSequentially('The venue needs an answer tonight @Be');
    await comments.getByRole('option', { name: 'Ben' }).click();
    await comments.getByRole('checkbox', { name: /^Urgent/ }).check();
    await expect.poll(() => when.innerText()).toMatch(/^Ben will see this now: urgent/);
    await comments.getByRole('button', { name: 'Post' }).click();
    await aiko.page.getByRole('status').filter({ hasText: /^Sent\. Ben will see this now: urgent/ }).first().waitFor();
    await aiko.page.getByRole('button', { name: 'Team', exact: true }).click();
    const logged = (page: Page) => page.getByRole('region', { name: 'Urgent pings this month' });
    await logged(aiko.page).getByRole('listitem').filter({ hasText: 'Aiko (you) used urgent for Ben in Book the venue' }).waitFor();
    expect(await logged(aiko.page).innerText()).toContain('1 this month: Aiko (you) for Ben (1).');
    await ben.page.clock.setFixedTime(sent + 2 * 60_000);
    await ben.page.reload();
    await ben.page.getByRole('button', { name: 'Team', exact: true }).click();
    await logged(ben.page).getByRole('listitem').filter({ hasText: 'Aiko used urgent for Ben (you) in Book the venue' }).waitFor({ timeout: 20_000 });
    expect([...aiko.errors, ...ben.errors]).toEqual([]);
  });

  it('a suggestion on Mei’s page tells Mei (in her hours), and not Ana who made it', async () => {
    // The next weekday, 10:00 in Shanghai: Mei is at work.
    const day = [...Array(7).keys()].map((n) => startOfDayIn('Asia/Shanghai', Date.parse(`${addDays(todayIn('Asia/Shanghai'), n + 1)}T12:00:00Z`))).find((start) => zonedParts(start + 12 * HOUR, 'Asia/Shanghai').weekday <= 5)!;
    const mei = await openSwitchedDevice(stage, () => stage.web.url, 'Asia/Shanghai');
    await mei.page.clock.setFixedTime(day + 10 * HOUR);
    await createWorkspace(mei.page, 'Mei');
    await mei.page.keyboard.press('Control+Alt+N');
    await mei.page.getByLabel('Page title').fill('Venue plan');
    await typeAtEnd(mei.page, 'Venue plan', 'We book the hall.');
    const invite = await shareWithRelay(mei.page, mei.net.url);
    await waitForSyncStatus(mei.page, 'synced');
    const ana = await openSwitchedDevice(stage, (relay) => invite.replace(encodeURIComponent(mei.net.url), encodeURIComponent(relay)), 'Asia/Tokyo');
    // A minute behind Mei's clock: what she sends has been sent by Mei's time.
    await ana.page.clock.setFixedTime(day + 10 * HOUR - 60_000);
    await joinFromInvite(ana.page, 'Ana');
    await openPage(ana.page, 'Venue plan');
    await expect.poll(() => editor(ana.page, 'Venue plan').innerText(), { timeout: 15_000 }).toContain('We book the hall.');

    await ana.page.keyboard.press('Control+Alt+S');
    await expect.poll(() => ana.page.getByRole('button', { name: 'Suggest edits' }).getAttribute('aria-pressed')).toBe('true');
    await editor(ana.page, 'Venue plan').click();
    await ana.page.keyboard.press('Control+End');
    await ana.page.keyboard.insertText(' And the garden.');
    // Once she pauses, she is told when Mei will see it.
    await ana.page.getByRole('status').filter({ hasText: /^Sent\. Mei is at work and will see this now/ }).first().waitFor({ timeout: 15_000 });

    await expect.poll(() => unseen(mei.page), { timeout: 20_000 }).toBe('1 new');
    await mei.page.getByRole('button', { name: 'Notifications' }).click();
    const item = mei.page.getByRole('region', { name: 'Notifications' }).getByRole('listitem');
    expect(await item.innerText()).toContain('Ana suggested edits on Venue plan');
    expect(await item.innerText()).toContain('Ana suggests inserting “And the garden.”');
    // Ana made it: nothing for her.
    expect(await unseen(ana.page)).toBe('');
    expect([...mei.errors, ...ana.errors]).toEqual([]);
  });
});
