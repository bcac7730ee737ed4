import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_WORKING_HOURS } from '../../shared/model';
import { isWithinWorkingHours } from '../../shared/time';
import { addTask, createWorkspace, goOffline, goOnline, joinFromInvite, openPage, openSwitchedDevice, shareWithRelay, useStage, waitForSyncStatus } from './app';

const stage = useStage();

function myWorkGroup(page: Page, name: string) {
  return page.getByRole('region', { name: 'My work' }).getByRole('region', { name, exact: true });
}

function handoffOf(page: Page, title: string) {
  return page.getByRole('region', { name: `Handoff of ${title}` });
}

describe('handing a task from Tokyo to London', () => {
  it('Aiko hands a task to Ben with a note while he is away; Ben finds it waiting, due in London time, acknowledges and moves it on the board; Aiko sees it acknowledged and in progress', async () => {
    const aiko = await openSwitchedDevice(stage, () => stage.web.url, 'Asia/Tokyo');
    await createWorkspace(aiko.page, 'Aiko');
    const invite = await shareWithRelay(aiko.page, aiko.net.url);
    await waitForSyncStatus(aiko.page, 'synced');
    await goOffline(aiko);

    // Ben joins while Aiko is away, and goes away himself.
    const ben = await openSwitchedDevice(stage, (relay) => invite.replace(encodeURIComponent(aiko.net.url), encodeURIComponent(relay)), 'Europe/London');
    await joinFromInvite(ben.page, 'Ben');
    await waitForSyncStatus(ben.page, 'synced');
    await goOffline(ben);

    // Aiko, back in Tokyo, writes the task, sets its due date and hands it to Ben.
    await goOnline(aiko);
    await aiko.page.getByRole('button', { name: '+ New task list' }).click();
    await aiko.page.getByLabel('Page title').fill('Launch');
    await addTask(aiko.page, 'Send the invites');
    await aiko.page.getByLabel('Due date of Send the invites', { exact: true }).fill('2027-06-04');
    await aiko.page.getByRole('button', { name: 'Details for Send the invites' }).click();
    await aiko.page.getByRole('button', { name: 'Hand off…' }).click();
    const form = aiko.page.getByRole('form', { name: 'Hand off Send the invites' });
    // Each person to hand to with their own time now.
    const benOption = form.getByRole('option', { name: /^Ben · \d\d:\d\d in London$/ });
    await form.getByLabel('Hand to').selectOption({ label: await benOption.innerText() });
    await form.getByLabel('Done').fill('Venue booked for 4 June');
    await form.getByLabel('Next').fill('Send the invites <img src=x onerror="window.__pwned=1">');
    await form.getByLabel('Open questions').fill('Catering budget?');
    // Before sending, Aiko reads when Ben will see it, in Ben's own time.
    await form.getByText(/^Ben (is at work now|will see it .* their time, London)/).waitFor();
    await form.getByRole('button', { name: 'Hand off' }).click();
    await handoffOf(aiko.page, 'Send the invites').getByText(/Waiting for Ben to acknowledge/).waitFor();
    expect(await aiko.page.getByLabel('Assignee of Send the invites').inputValue()).not.toBe('');
    // Until Ben answers, Aiko's My work keeps it in view.
    await aiko.page.getByRole('button', { name: 'My work' }).click();
    await myWorkGroup(aiko.page, 'Waiting on others').getByText(/Launch · Due Fri 17:00 London = Sat 01:00 Tokyo · waiting for Ben since/).waitFor();
    await waitForSyncStatus(aiko.page, 'synced');
    await goOffline(aiko);

    // Ben, back in London, finds it in My work without opening the list, then in the list with the note.
    await goOnline(ben);
    // A handoff reaches Ben in his working hours (09:00–17:00 London on weekdays): at once if he is
    // at work now, else it waits under "Arriving" until his day begins.
    const atWork = isWithinWorkingHours(Date.now(), 'Europe/London', DEFAULT_WORKING_HOURS);
    await ben.page.getByRole('button', { name: 'My work', exact: true }).click();
    const handed = myWorkGroup(ben.page, atWork ? 'Handed to you' : 'Arriving in your working hours');
    await handed.getByText(atWork ? /^Launch · Due Fri 17:00 · handed by Aiko \w{3} \d\d:\d\d$/ : /^Launch · Due Fri 17:00 · handed by Aiko \w{3} \d\d:\d\d · arrives \w{3} 09:00$/).waitFor({ timeout: 15_000 });
    await handed.getByRole('button', { name: 'Send the invites' }).click();
    await expect.poll(() => ben.page.getByLabel('Page title').inputValue()).toBe('Launch');
    const waiting = handoffOf(ben.page, 'Send the invites');
    await waiting.getByText('handed this to you', { exact: false }).waitFor({ timeout: 15_000 });
    expect(await waiting.locator('.handoff-line').innerText()).toMatch(atWork ? /^Aiko handed this to you · \w{3} \d\d:\d\d$/ : /^Aiko handed this to you · \w{3} \d\d:\d\d · for your working day, from \w{3} 09:00$/);
    await waiting.getByText('Venue booked for 4 June').waitFor();
    await waiting.getByText('Send the invites <img src=x onerror="window.__pwned=1">').waitFor();
    expect(await ben.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    const describedBy = await ben.page.getByLabel('Due date of Send the invites', { exact: true }).getAttribute('aria-describedby');
    // Ben's own task now: due at the end of his working day, 17:00 in London.
    expect((await ben.page.locator(`[id="${describedBy}"]`).innerText()).trim()).toBe('Due Fri 17:00');
    await waiting.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => waiting.count()).toBe(0);
    await ben.page.getByRole('button', { name: 'My work' }).click();
    await myWorkGroup(ben.page, 'Assigned to you').getByRole('button', { name: 'Send the invites' }).waitFor();
    expect(await myWorkGroup(ben.page, 'Handed to you').count()).toBe(0);
    expect(await myWorkGroup(ben.page, 'Arriving in your working hours').count()).toBe(0);
    // He starts on it: on the list's board, from To do to In progress.
    await openPage(ben.page, 'Launch');
    await ben.page.getByRole('tab', { name: 'Board' }).click();
    await ben.page.getByRole('list', { name: 'To do tasks' }).getByRole('listitem', { name: 'Send the invites' }).focus();
    await ben.page.keyboard.press('Alt+ArrowRight');
    await ben.page.getByRole('list', { name: 'In progress tasks' }).getByRole('listitem', { name: 'Send the invites' }).waitFor();
    await waitForSyncStatus(ben.page, 'synced');
    await goOffline(ben);

    // Aiko sees it acknowledged in the task's history, read in Tokyo time.
    await goOnline(aiko);
    await expect.poll(() => myWorkGroup(aiko.page, 'Waiting on others').count(), { timeout: 15_000 }).toBe(0);
    await openPage(aiko.page, 'Launch');
    await aiko.page.getByRole('button', { name: 'Details for Send the invites' }).click();
    expect(await handoffOf(aiko.page, 'Send the invites').count()).toBe(0);
    const history = aiko.page.getByRole('region', { name: 'Handoffs of Send the invites' });
    await history.getByText(/you → Ben · .* · acknowledged/).waitFor();
    expect(await aiko.page.getByLabel('Status of Send the invites').inputValue()).toBe('in_progress');
    await aiko.page.getByRole('tab', { name: 'Board' }).click();
    await aiko.page.getByRole('list', { name: 'In progress tasks' }).getByRole('listitem', { name: 'Send the invites' }).waitFor();
    expect(aiko.errors).toEqual([]);
    expect(ben.errors).toEqual([]);
  });
});
