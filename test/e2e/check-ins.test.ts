import { describe, expect, it } from 'vitest';
import { addDays, startOfDayIn, todayIn, zonedParts } from '../../shared/time';
import { createWorkspace, joinFromInvite, openPage, openSwitchedDevice, shareWithRelay, useStage, waitForSyncStatus } from './app';

const stage = useStage();

/** The next weekday after today, at `hour`:10 in `zone`. */
function nextWeekdayAt(zone: string, hour: number): number {
  for (let day = 1; day < 8; day++) {
    const start = startOfDayIn(zone, Date.parse(`${addDays(todayIn(zone), day)}T12:00:00Z`));
    if (zonedParts(start + 12 * 3_600_000, zone).weekday <= 5) return start + (hour * 60 + 10) * 60_000;
  }
  throw new Error('no weekday in a week');
}

describe('check-ins instead of stand-ups', () => {
  it('Lena is asked at her own end of day, answers "blocked", and turns it into a task for Mei, who reads it in Beijing', async () => {
    const lenaTime = nextWeekdayAt('Europe/Berlin', 16);
    const lena = await openSwitchedDevice(stage, () => stage.web.url, 'Europe/Berlin');
    await lena.page.clock.setFixedTime(lenaTime);
    await createWorkspace(lena.page, 'Lena');
    const invite = await shareWithRelay(lena.page, lena.net.url);
    await waitForSyncStatus(lena.page, 'synced');
    const mei = await openSwitchedDevice(stage, (relay) => invite.replace(encodeURIComponent(lena.net.url), encodeURIComponent(relay)), 'Asia/Shanghai');
    await joinFromInvite(mei.page, 'Mei');
    await waitForSyncStatus(mei.page, 'synced');
    await lena.page.getByRole('button', { name: '+ New task list' }).click();
    await lena.page.getByLabel('Page title').fill('Launch');
    await lena.page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Launch' }).waitFor();

    // 16:10 in Berlin, an hour before her day ends: it is time.
    const link = lena.page.getByRole('button', { name: 'Check-ins', exact: true });
    await expect.poll(() => link.getAttribute('aria-description')).toBe('Time for your check-in');
    // Her notifications say so too, once: it came in her hours.
    const notifications = lena.page.getByRole('button', { name: 'Notifications' });
    await expect.poll(() => notifications.getAttribute('aria-description')).toBe('1 new');
    await notifications.click();
    expect(await lena.page.getByRole('region', { name: 'Notifications' }).getByRole('listitem').innerText()).toContain('Time for your check-in');
    await lena.page.keyboard.press('Escape');
    await link.click();
    const form = lena.page.getByRole('form', { name: 'Your check-in' });
    await form.getByText(/^Time for your check-in/).waitFor();
    await form.getByLabel('What did you get done?').fill('Sent the press kit');
    await form.getByLabel('Is anything blocking you?').fill('Need the venue contract signed');
    await form.getByRole('button', { name: 'Check in' }).click();
    const mine = lena.page.getByRole('region', { name: 'Check-ins' }).getByRole('listitem', { name: 'Lena (you)' });
    await mine.getByText('Need the venue contract signed').waitFor();
    await expect.poll(() => link.getAttribute('aria-description')).toBeNull();
    // Answered: the reminder counts as seen.
    await expect.poll(() => notifications.getAttribute('aria-description')).toBeNull();

    // One action makes the blocker a task for Mei.
    await mine.getByRole('button', { name: 'Make a task for a helper' }).click();
    const help = lena.page.getByRole('form', { name: 'Make a task to unblock Lena' });
    expect(await help.getByLabel('Helper').evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.text)).toBe('Mei');
    await help.getByRole('button', { name: 'Create task' }).click();
    await mine.getByText('Task made in Launch for Mei.').waitFor();

    // Mei, in Beijing, reads Lena's check-in and finds the task assigned to her.
    await mei.page.getByRole('button', { name: 'Check-ins', exact: true }).click();
    const lenasCheckIn = mei.page.getByRole('region', { name: 'Check-ins' }).getByRole('listitem', { name: 'Lena' });
    await lenasCheckIn.getByText('Sent the press kit').waitFor({ timeout: 20_000 });
    expect(await lenasCheckIn.innerText()).toMatch(/16:10 in Berlin/);
    await openPage(mei.page, 'Launch');
    await expect.poll(() => mei.page.getByLabel('Assignee of Help Lena: Need the venue contract signed').evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.text), { timeout: 20_000 }).toBe('Mei (you)');

    // The questions are the workspace's: Lena rewords one, and Mei's check-in asks it so.
    await lena.page.getByRole('button', { name: 'Questions and schedule…' }).click();
    const schedule = lena.page.getByRole('form', { name: 'Check-in questions and schedule' });
    await schedule.getByLabel('Question 2', { exact: true }).fill('What comes next for you?');
    await schedule.getByRole('button', { name: 'Save questions' }).click();
    await lena.page.getByRole('form', { name: 'Your check-in' }).getByLabel('What comes next for you?').waitFor();
    await mei.page.getByRole('button', { name: 'Check-ins', exact: true }).click();
    await mei.page.getByRole('form', { name: 'Your check-in' }).getByLabel('What comes next for you?').waitFor({ timeout: 20_000 });
    expect([...lena.errors, ...mei.errors]).toEqual([]);
  });
});
