/**
 * Inviting a team from the app, on a relay that checks access: after the relay's
 * one setup link, nothing needs a shell on the relay machine. An owner invites
 * an editor and a viewer by link, each joins with a token of their own, and the
 * owner takes access back from one person without touching anyone else.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setupCode } from '../../relay/access/setup';
import { formatSetupLink } from '../../shared/protocol';
import { describeViolations, seriousViolations } from './axe';
import { addTask, createWorkspace, type Device, joinFromInvite, openDevice, openPage, taskTitles, useStage, waitForSyncStatus } from './app';

const stage = useStage({ auth: 'data-dir', authCheckIntervalMs: 300 });

/** Every websocket URL the page opened and every console line, to show no token is in either. */
function watchLeaks(device: Device): { urls: string[]; console: string[] } {
  const seen = { urls: [] as string[], console: [] as string[] };
  device.page.on('websocket', (socket) => seen.urls.push(socket.url()));
  device.page.on('console', (message) => seen.console.push(message.text()));
  return seen;
}

async function createInviteLink(page: Page, role: 'editor' | 'viewer', note: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'Share workspace' });
  await dialog.getByRole('combobox', { name: 'Role', exact: true }).selectOption(role);
  await dialog.getByLabel('Note (optional)').fill(note);
  const before = await dialog.getByLabel('Invite link', { exact: true }).count();
  await dialog.getByRole('button', { name: 'Create invite link' }).click();
  const link = dialog.getByLabel('Invite link', { exact: true });
  await expect.poll(async () => (before === 0 ? link.count() : link.inputValue().then((value) => (value.includes('invite=') ? 1 : 0)))).toBe(1);
  await expect.poll(() => dialog.getByRole('list', { name: 'Pending invites' }).getByRole('listitem').filter({ hasText: note }).count()).toBe(1);
  return link.inputValue();
}

function people(page: Page) {
  return page.getByRole('dialog', { name: 'Share workspace' }).getByRole('list', { name: 'People with access' });
}

describe('inviting people from the app', () => {
  it('an owner invites an editor and a viewer by link, removes the editor; the editor is told and keeps a copy, the viewer keeps syncing', async () => {
    const ana = await openDevice(stage.browser, stage.web.url);
    const anaLeaks = watchLeaks(ana);
    await createWorkspace(ana.page, 'Ana');
    await ana.page.keyboard.press('Control+Alt+T');
    await ana.page.getByLabel('Page title').fill('Release');
    await addTask(ana.page, 'Tag the build');

    // The relay's setup link, pasted once: Ana registers the workspace and owns it.
    await ana.page.getByRole('button', { name: 'Share', exact: true }).click();
    const secret = stage.relay.relay.auth!.secret;
    await ana.page.getByLabel('Setup link, setup code or access token').fill(formatSetupLink({ relayUrl: stage.relay.url, code: setupCode(secret) }));
    expect(await ana.page.getByLabel('Relay address').inputValue()).toBe(stage.relay.url);
    await ana.page.getByRole('button', { name: 'Connect to relay' }).click();
    await expect.poll(() => people(ana.page).getByRole('listitem').allInnerTexts(), { timeout: 15_000 }).toEqual([expect.stringContaining('Ana (you)')]);
    await waitForSyncStatus(ana.page, 'synced');

    const editorLink = await createInviteLink(ana.page, 'editor', 'for Bo');
    const viewerLink = await createInviteLink(ana.page, 'viewer', 'for Cy');
    expect(editorLink).not.toBe(viewerLink);
    // The link carries a single-purpose code, not Ana's token.
    expect(new URL(editorLink).hash).not.toMatch(/token=/);
    await ana.page.getByRole('button', { name: 'Close' }).click();

    const bo = await openDevice(stage.browser, editorLink);
    const boLeaks = watchLeaks(bo);
    await joinFromInvite(bo.page, 'Bo');
    await openPage(bo.page, 'Release');
    await expect.poll(() => taskTitles(bo.page), { timeout: 15_000 }).toEqual(['Tag the build']);
    await addTask(bo.page, 'Draft notes');
    await expect.poll(() => taskTitles(ana.page), { timeout: 15_000 }).toEqual(['Tag the build', 'Draft notes']);

    const cy = await openDevice(stage.browser, viewerLink);
    await joinFromInvite(cy.page, 'Cy');
    await openPage(cy.page, 'Release');
    await expect.poll(() => taskTitles(cy.page), { timeout: 15_000 }).toEqual(['Tag the build', 'Draft notes']);
    await expect.poll(() => cy.page.getByRole('status').filter({ hasText: 'View only' }).count()).toBe(1);
    expect(await cy.page.getByLabel('New task').count()).toBe(0);

    // Ana sees all three, with who invited whom; her own role and token did not change.
    await ana.page.getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => people(ana.page).getByRole('listitem').count(), { timeout: 15_000 }).toBe(3);
    const boRow = people(ana.page).getByRole('listitem', { name: 'Bo' });
    expect(await boRow.innerText()).toMatch(/invited by Ana/);
    expect(await people(ana.page).getByRole('combobox', { name: 'Role of Cy' }).inputValue()).toBe('viewer');
    // Used invites are no longer pending.
    expect(await ana.page.getByRole('list', { name: 'Pending invites' }).count()).toBe(0);

    // A pending invite withdrawn from Share no longer lets anyone in, and the joiner is told why.
    const deeLink = await createInviteLink(ana.page, 'editor', 'for Dee');
    await ana.page.getByRole('button', { name: 'Withdraw editor invite for Dee' }).click();
    await expect.poll(() => ana.page.getByRole('list', { name: 'Pending invites' }).count()).toBe(0);
    const dee = await openDevice(stage.browser, deeLink);
    await dee.page.getByLabel('Your name').fill('Dee');
    await dee.page.getByRole('button', { name: 'Join workspace' }).click();
    await expect.poll(() => dee.page.getByRole('alert').innerText(), { timeout: 15_000 }).toMatch(/withdrawn/);
    expect(await dee.page.getByRole('button', { name: 'Join workspace' }).isEnabled()).toBe(true);

    // The owner's Share (people, roles, invites) and the viewer's workspace pass axe's serious and critical rules.
    expect(describeViolations(await seriousViolations(ana.page))).toBe('');
    expect(describeViolations(await seriousViolations(cy.page))).toBe('');

    // A role change takes effect live: Cy may edit from now on, without a new link.
    await people(ana.page).getByRole('combobox', { name: 'Role of Cy' }).selectOption('editor');
    await expect.poll(() => cy.page.getByLabel('New task').count(), { timeout: 15_000 }).toBe(1);
    await addTask(cy.page, 'Proofread');
    await expect.poll(() => taskTitles(ana.page), { timeout: 15_000 }).toEqual(['Tag the build', 'Draft notes', 'Proofread']);
    await expect.poll(() => taskTitles(bo.page), { timeout: 15_000 }).toContain('Proofread');
    await people(ana.page).getByRole('combobox', { name: 'Role of Cy' }).selectOption('viewer');
    await expect.poll(() => cy.page.getByRole('status').filter({ hasText: 'View only' }).count(), { timeout: 15_000 }).toBe(1);

    await boRow.getByRole('button', { name: 'Remove access for Bo' }).click();
    await expect.poll(() => people(ana.page).getByRole('listitem').count(), { timeout: 15_000 }).toBe(2);
    await ana.page.getByRole('button', { name: 'Close' }).click();

    // Bo is told plainly, keeps his copy and can export it.
    await expect.poll(() => bo.page.getByRole('alert').innerText(), { timeout: 15_000 }).toMatch(/Access removed/);
    expect(await bo.page.getByRole('button', { name: 'Export a copy' }).count()).toBe(1);
    expect(describeViolations(await seriousViolations(bo.page))).toBe('');
    // Read-only from then on: nothing written there could reach anyone.
    await expect.poll(() => bo.page.getByLabel('New task').count()).toBe(0);
    await bo.page.reload();
    await openPage(bo.page, 'Release');
    await expect.poll(() => taskTitles(bo.page)).toEqual(['Tag the build', 'Draft notes', 'Proofread']);

    // Ana and the viewer carry on: what Ana writes reaches Cy, and not Bo.
    await addTask(ana.page, 'Write release notes');
    await expect.poll(() => taskTitles(cy.page), { timeout: 15_000 }).toEqual(['Tag the build', 'Draft notes', 'Proofread', 'Write release notes']);
    expect(await taskTitles(bo.page)).toEqual(['Tag the build', 'Draft notes', 'Proofread']);
    await waitForSyncStatus(ana.page, 'synced');

    // No token in any websocket URL or console line, and none in the relay's logs.
    for (const url of [...anaLeaks.urls, ...boLeaks.urls]) expect(url).not.toMatch(/token=/);
    for (const line of [...anaLeaks.console, ...boLeaks.console]) expect(line).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/);
    for (const line of stage.relay.logs) expect(JSON.stringify(line)).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/);
    expect([...ana.errors, ...bo.errors, ...cy.errors, ...dee.errors]).toEqual([]);
  });
});
