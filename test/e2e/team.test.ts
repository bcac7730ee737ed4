import { describe, expect, it } from 'vitest';
import { addDays, formatDay, startOfDayIn, todayIn, zonedParts } from '../../shared/time';
import { expectNoSeriousViolations } from './axe';
import { createWorkspace, goOffline, goOnline, joinFromInvite, openDevice, openSwitchedDevice, shareWithRelay, useStage, waitForSyncStatus } from './app';

const stage = useStage();

describe('who is on now', () => {
  it('shows each person’s day in my time with their own clock, and time off set in the profile keeps them away', async () => {
    const { page, errors } = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Asia/Tokyo' });
    await createWorkspace(page, 'Kenji');
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    const team = page.getByRole('region', { name: 'Team' });
    const me = team.getByRole('listitem', { name: 'Kenji (you)' });
    await me.waitFor();
    // His own clock beside his name, and his 09:00–17:00 in his (the reader's) time.
    await me.getByText(/^\d\d:\d\d in Tokyo$/).waitFor();
    expect(await me.getByRole('img').getAttribute('aria-label')).toMatch(/^(At work 09:00–17:00 your time|Not at work today, your time)$/);

    // A day off, today in Tokyo, set in the profile.
    const today = todayIn('Asia/Tokyo');
    await page.getByRole('button', { name: 'Profile: Kenji' }).click();
    const profile = page.getByRole('dialog');
    await profile.getByLabel('First day off').fill(today);
    await profile.getByRole('button', { name: 'Add time off' }).click();
    await profile.getByRole('list', { name: 'Your time off' }).getByRole('listitem').waitFor();
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => me.innerText()).toContain(`Away until ${formatDay(today)}`);
    expect(await me.getByRole('img').getAttribute('aria-label')).toBe('Not at work today, your time');
    // Kept on the device and in the workspace: a reload shows the same.
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: 'Team' }).getByRole('listitem', { name: 'Kenji (you)' }).innerText()).toContain(`Away until ${formatDay(today)}`);
    expect(errors).toEqual([]);
  });

  it('hours of their own on Fridays: someone who stops at 13:00 on Fridays shows so on a Friday afternoon', async () => {
    // The next Friday, 14:00 in Berlin.
    const friday = [...Array(7).keys()].map((day) => startOfDayIn('Europe/Berlin', Date.parse(`${addDays(todayIn('Europe/Berlin'), day + 1)}T12:00:00Z`))).find((start) => zonedParts(start + 12 * 3_600_000, 'Europe/Berlin').weekday === 5)!;
    const { page, errors } = await openDevice(stage.browser, stage.web.url, { timezoneId: 'Europe/Berlin' });
    await page.clock.setFixedTime(friday + 14 * 3_600_000);
    await createWorkspace(page, 'Lena');
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    const me = page.getByRole('region', { name: 'Team' }).getByRole('listitem', { name: 'Lena (you)' });
    await expect.poll(() => me.innerText()).toContain('At work');
    expect(await me.getByRole('img').getAttribute('aria-label')).toBe('At work 09:00–17:00 your time');

    await page.getByRole('button', { name: 'Profile: Lena' }).click();
    const profile = page.getByRole('dialog');
    // Nothing per day until asked for.
    expect(await profile.getByLabel('Friday end').count()).toBe(0);
    await profile.getByRole('checkbox', { name: 'Different hours on some days' }).check();
    expect(await profile.getByLabel('Monday start').inputValue()).toBe('09:00');
    await profile.getByLabel('Friday end').fill('13:00');
    await expectNoSeriousViolations(page, 'the profile with hours by day');
    await profile.getByRole('button', { name: 'Save profile' }).click();

    await expect.poll(() => me.getByRole('img').getAttribute('aria-label')).toBe('At work 09:00–13:00 your time');
    expect(await me.innerText()).toMatch(/Next at work in 2 d 19 h \(09:00 your time\)/);
    // The profile opens again with Friday's own hours, the box ticked.
    await page.getByRole('button', { name: 'Profile: Lena' }).click();
    expect(await profile.getByRole('checkbox', { name: 'Different hours on some days' }).isChecked()).toBe(true);
    expect(await profile.getByLabel('Friday end').inputValue()).toBe('13:00');
    expect(await profile.getByLabel('Thursday end').inputValue()).toBe('17:00');
    expect(errors).toEqual([]);
  });

  it('shows who is online now, apart from who is at work: Mei’s device connects, Kenji sees her online; her line drops, and she is not', async () => {
    const kenji = await openSwitchedDevice(stage, () => stage.web.url, 'Asia/Tokyo');
    await createWorkspace(kenji.page, 'Kenji');
    const invite = await shareWithRelay(kenji.page, kenji.net.url);
    await waitForSyncStatus(kenji.page, 'synced');
    await kenji.page.getByRole('button', { name: 'Team', exact: true }).click();
    const team = kenji.page.getByRole('region', { name: 'Team' });

    const mei = await openSwitchedDevice(stage, (relay) => invite.replace(encodeURIComponent(kenji.net.url), encodeURIComponent(relay)), 'Asia/Shanghai');
    await joinFromInvite(mei.page, 'Mei');
    await waitForSyncStatus(mei.page, 'synced');
    const meiRow = team.getByRole('listitem', { name: 'Mei', exact: true });
    await meiRow.getByText('online now').waitFor({ timeout: 20_000 });
    await expect.poll(() => team.getByText(/Online now: Mei\./).count()).toBe(1);
    await expectNoSeriousViolations(kenji.page, 'the Team view with someone online');
    // Kenji is online too, as Mei sees him.
    await mei.page.getByRole('button', { name: 'Team', exact: true }).click();
    await mei.page.getByRole('region', { name: 'Team' }).getByRole('listitem', { name: 'Kenji', exact: true }).getByText('online now').waitFor({ timeout: 20_000 });

    // Her line drops: the relay forgets her device, and Kenji's view says so.
    await goOffline(mei);
    await expect.poll(() => meiRow.getByText('online now').count(), { timeout: 20_000 }).toBe(0);
    expect(await team.getByText(/Online now/).count()).toBe(0);
    // Back: online again.
    await goOnline(mei);
    await meiRow.getByText('online now').waitFor({ timeout: 20_000 });
    expect([...kenji.errors, ...mei.errors]).toEqual([]);
  });
});
