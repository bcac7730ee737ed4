import { describe, expect, it } from 'vitest';
import { formatDay, todayIn } from '../../shared/time';
import { createWorkspace, openDevice, useStage } from './app';

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
});
