import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, formatDay, startOfDayIn, todayIn, zonedParts } from '../../shared/time';
import { addTask, createWorkspace, goOffline, goOnline, joinFromInvite, openPage, openSwitchedDevice, shareWithRelay, typeAtEnd, useStage, waitForSyncStatus, type SwitchedDevice } from './app';
import { pageText, review, selectText, thread } from './reviewing';

const stage = useStage();
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Midnight UTC of the next Tuesday: Tuesday and Wednesday are working days everywhere here. */
function nextTuesday(): number {
  for (let day = 1; day <= 7; day++) {
    const date = addDays(todayIn('UTC'), day);
    const start = startOfDayIn('UTC', Date.parse(`${date}T12:00:00Z`));
    if (zonedParts(start + 12 * HOUR, 'UTC').weekday === 2) return start;
  }
  throw new Error('no Tuesday in a week');
}

/** The Notifications button's unseen count, as a screen reader hears it ('' when none). */
async function unseen(page: Page): Promise<string> {
  return (await page.getByRole('button', { name: 'Notifications' }).getAttribute('aria-description')) ?? '';
}

/** The device's clock moves to `at` and the app starts again at that time, still offline. */
async function wakeAt(person: SwitchedDevice, at: number): Promise<void> {
  await person.page.clock.setFixedTime(at);
  await person.page.reload();
  await person.page.getByRole('navigation', { name: 'Pages' }).waitFor();
}

/** One turn online, alone: the device wakes at `at`, syncs, and `act`s; then its line is cut again. */
async function turn(person: SwitchedDevice, at: number, act: () => Promise<void>): Promise<void> {
  await wakeAt(person, at);
  await goOnline(person);
  await act();
  await waitForSyncStatus(person.page, 'synced');
  await goOffline(person);
}

function catchUp(page: Page) {
  return page.getByRole('region', { name: 'Catch up' });
}

describe('four timezones, never online together', () => {
  it('Tokyo drafts and mentions Berlin, London comments, Berlin checks in blocked and hands a task to Beijing; Beijing catches up on exactly that; pings wait for working hours; everyone converges', async () => {
    const tuesday = nextTuesday();
    const joinAt = tuesday + 30 * MINUTE; // Tue 09:30 Tokyo
    const url = (invite: string, from: SwitchedDevice) => (relay: string) => invite.replace(encodeURIComponent(from.net.url), encodeURIComponent(relay));

    // Aiko (Tokyo) starts the workspace; each teammate joins on their own, while the others are away.
    const aiko = await openSwitchedDevice(stage, () => stage.web.url, 'Asia/Tokyo');
    await aiko.page.clock.setFixedTime(joinAt);
    await createWorkspace(aiko.page, 'Aiko');
    const invite = await shareWithRelay(aiko.page, aiko.net.url);
    await waitForSyncStatus(aiko.page, 'synced');
    await goOffline(aiko);
    const people: [string, string][] = [
      ['Ben', 'Europe/London'],
      ['Lena', 'Europe/Berlin'],
      ['Mei', 'Asia/Shanghai'],
    ];
    const [ben, lena, mei] = await Promise.all(people.map(([, zone]) => openSwitchedDevice(stage, url(invite, aiko), zone)));
    for (const [person, [name]] of [ben!, lena!, mei!].map((device, at) => [device, people[at]!] as const)) {
      await person.page.clock.setFixedTime(joinAt + 5 * MINUTE);
      await joinFromInvite(person.page, name);
      await waitForSyncStatus(person.page, 'synced');
      if (person === mei) {
        // Mei looks once: nothing is news yet. What comes after is.
        await person.page.getByRole('button', { name: 'Catch up' }).click();
        await catchUp(person.page).getByText('You’re all caught up.').waitFor();
      }
      await goOffline(person);
    }

    // Tue 10:00 in Tokyo: Aiko drafts the plan, asks Lena about it, and makes the launch list.
    const draft = 'We open the Berlin office in March. Hiring starts in July.';
    await turn(aiko, tuesday + HOUR, async () => {
      await aiko.page.getByRole('button', { name: '+ New page' }).click();
      await aiko.page.getByLabel('Page title').fill('Q3 plan');
      await typeAtEnd(aiko.page, 'Q3 plan', draft);
      await selectText(aiko.page, 'Berlin office');
      await aiko.page.getByRole('button', { name: 'Comment', exact: true }).click();
      const box = review(aiko.page).getByRole('textbox', { name: 'Comment', exact: true });
      await box.pressSequentially('Can you confirm the date? @Le');
      await review(aiko.page).getByRole('option', { name: /^Lena/ }).click();
      // 02:00 in Berlin: she will see it when her day starts, and Aiko is told so before sending.
      await expect.poll(() => review(aiko.page).getByRole('list', { name: 'When they will see it' }).innerText()).toMatch(/^Lena will see this at (\w{3} )?09:00 in Berlin \(in 7 h\)$/);
      await review(aiko.page).getByRole('button', { name: 'Post' }).click();
      await thread(aiko.page, /Berlin office/).waitFor();
      await aiko.page.getByRole('button', { name: '+ New task list' }).click();
      await aiko.page.getByLabel('Page title').fill('Launch');
      await addTask(aiko.page, 'Sign the lease');
    });

    // Tue 07:00 in Berlin, before her day: Lena's device has it all, and no ping shows yet.
    await turn(lena!, tuesday + 6 * HOUR, async () => {
      await expect.poll(() => lena!.page.getByRole('button', { name: 'Catch up' }).getAttribute('aria-description'), { timeout: 20_000 }).toBe('2 pages changed since you were last here');
      expect(await unseen(lena!.page)).toBe('');
    });

    // Tue 09:30 in London: Ben comments on the draft.
    await turn(ben!, tuesday + 9.5 * HOUR, async () => {
      await openPage(ben!.page, 'Q3 plan');
      await expect.poll(() => pageText(ben!.page), { timeout: 20_000 }).toContain(draft);
      await selectText(ben!.page, 'Hiring starts in July');
      await ben!.page.getByRole('button', { name: 'Comment', exact: true }).click();
      await review(ben!.page).getByRole('textbox', { name: 'Comment', exact: true }).pressSequentially('Budget approved for two hires.');
      await review(ben!.page).getByRole('button', { name: 'Post' }).click();
      await thread(ben!.page, /Hiring starts/).waitFor();
    });

    // Tue 16:10 in Berlin: the mention is there now; Lena checks in blocked and hands the lease to Mei.
    await turn(lena!, tuesday + 15 * HOUR + 10 * MINUTE, async () => {
      // Aiko's mention, and (an hour before her day ends) her own check-in's reminder.
      await expect.poll(() => unseen(lena!.page), { timeout: 15_000 }).toBe('2 new');
      await lena!.page.getByRole('button', { name: 'Notifications' }).click();
      const pings = lena!.page.getByRole('region', { name: 'Notifications' }).getByRole('listitem');
      expect(await pings.allInnerTexts()).toEqual([expect.stringMatching(/^Time for your check-in\n/), expect.stringMatching(/^Aiko mentioned you in Q3 plan\nCan you confirm the date\? @Lena\n/)]);
      await lena!.page.keyboard.press('Escape');
      await lena!.page.getByRole('button', { name: 'Check-ins', exact: true }).click();
      const form = lena!.page.getByRole('form', { name: 'Your check-in' });
      await form.getByLabel('What did you get done?').fill('Found two office spaces');
      await form.getByLabel('Is anything blocking you?').fill('Waiting for the lease to be signed');
      await form.getByRole('button', { name: 'Check in' }).click();
      await lena!.page.getByRole('region', { name: 'Check-ins' }).getByRole('listitem', { name: 'Lena (you)' }).getByText('Waiting for the lease to be signed').waitFor();
      await openPage(lena!.page, 'Launch');
      await lena!.page.getByRole('button', { name: 'Details for Sign the lease' }).click();
      await lena!.page.getByRole('button', { name: 'Hand off…' }).click();
      const handoff = lena!.page.getByRole('form', { name: 'Hand off Sign the lease' });
      await handoff.getByLabel('Hand to').selectOption({ label: await handoff.getByRole('option', { name: /^Mei · / }).innerText() });
      await handoff.getByLabel('Done').fill('Both offices visited');
      await handoff.getByLabel('Next').fill('Sign with the landlord in Berlin');
      await handoff.getByRole('button', { name: 'Hand off' }).click();
      await lena!.page.getByRole('region', { name: 'Handoff of Sign the lease' }).getByText(/Waiting for Mei to acknowledge/).waitFor();
    });

    // Wed 08:50 in Beijing: Mei's device has everything, but the handoff's ping waits for 09:00.
    await turn(mei!, tuesday + 24 * HOUR + 50 * MINUTE, async () => {
      await expect.poll(() => mei!.page.getByRole('button', { name: 'Catch up' }).getAttribute('aria-description'), { timeout: 20_000 }).toBe('3 pages changed since you were last here');
      expect(await unseen(mei!.page)).toBe('');
    });

    // Wed 09:10 in Beijing, still offline: the ping is there, and the inbox says exactly what happened since she looked.
    await wakeAt(mei!, tuesday + 25 * HOUR + 10 * MINUTE);
    await expect.poll(() => unseen(mei!.page), { timeout: 15_000 }).toBe('1 new');
    await mei!.page.getByRole('button', { name: 'Catch up' }).click();
    const cards = catchUp(mei!.page).getByRole('article');
    // Right after a start the inbox comes back from the device's store, which takes a moment.
    await expect.poll(() => cards.evaluateAll((all) => all.map((card) => card.getAttribute('aria-label')).sort()), { timeout: 15_000 }).toEqual(['Check-ins, ' + monthName(tuesday), 'Launch', 'Q3 plan'].sort());
    const lines = (name: string) => catchUp(mei!.page).getByRole('article', { name }).getByRole('listitem').allInnerTexts();
    expect(await lines('Q3 plan')).toEqual([`Aiko added ${draft.length} characters`, 'Aiko started a thread: “Can you confirm the date? @Lena”', 'Ben started a thread: “Budget approved for two hires.”']);
    expect(await lines('Launch')).toEqual(['Aiko added the task “Sign the lease”', 'Lena handed “Sign the lease” to you']);
    expect(await lines(`Check-ins, ${monthName(tuesday)}`)).toEqual([`Lena checked in for ${formatDay(todayIn('Europe/Berlin', tuesday + 15 * HOUR))} — blocked: “Waiting for the lease to be signed”`]);

    // Lena made the last change and Mei has synced since: their devices hold it all, offline. Aiko and
    // Ben come back once more, one at a time. All four hold the same plan, threads and handoff.
    const held = async (person: SwitchedDevice) => {
      await openPage(person.page, 'Q3 plan');
      const panel = person.page.getByRole('button', { name: 'Review', exact: true });
      if ((await panel.getAttribute('aria-pressed')) !== 'true') await panel.click();
      await expect.poll(() => review(person.page).getByRole('article').count(), { timeout: 20_000 }).toBe(2);
      const text = await pageText(person.page);
      await openPage(person.page, 'Launch');
      await expect.poll(() => person.page.getByLabel('Assignee of Sign the lease').evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.text.replace(' (you)', '')), { timeout: 20_000 }).toBe('Mei');
      return text;
    };
    const seen = [await held(mei!), await held(lena!)];
    for (const person of [aiko, ben!]) await turn(person, tuesday + 26 * HOUR, async () => void seen.push(await held(person)));
    expect(seen).toEqual([draft, draft, draft, draft]);
    expect([...aiko.errors, ...ben!.errors, ...lena!.errors, ...mei!.errors]).toEqual([]);
  });
});

function monthName(at: number): string {
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at);
}

