import { describe, expect, it } from 'vitest';
import { runRevokeCommand } from '../../relay/auth/commands';
import { newId } from '../../shared/model';
import { formatWebInvite } from '../../shared/protocol';
import { mintToken } from '../helpers';
import { freePort } from '../helpers/ports';
import { addTask, createWorkspace, joinFromInvite, openDevice, openPage, taskTitles, useStage, waitForSyncStatus } from './app';

const stage = useStage({ auth: 'data-dir', authCheckIntervalMs: 300 });

describe('a relay that checks access', () => {
  it('editors sync with a token from `relay token`, a viewer reads without editing, and a revoked teammate is told plainly', async () => {
    const ada = await openDevice(stage.browser, stage.web.url);
    await createWorkspace(ada.page, 'Ada');
    await ada.page.keyboard.press('Control+Alt+T');
    await ada.page.getByLabel('Page title').fill('Release');
    await addTask(ada.page, 'Tag the build');

    // The Share dialog names the workspace in the command that mints its token.
    await ada.page.getByRole('button', { name: 'Share', exact: true }).click();
    const command = await ada.page.locator('code.command').innerText();
    const workspaceId = /--workspace (\S+)/.exec(command)?.[1] ?? '';
    expect(workspaceId).toMatch(/^[A-Za-z0-9_-]{21}$/);
    await ada.page.getByLabel('Relay address').fill(stage.relay.url);
    await ada.page.getByLabel('Access token').fill(mintToken(stage.relay.dataDir, workspaceId).token);
    await ada.page.getByRole('button', { name: 'Connect to relay' }).click();
    // A shared workspace token gives no invite link of its own (it would hand Ada's token on); Share offers personal access instead.
    await ada.page.getByText('This device uses a workspace token shared by everyone who has it').waitFor();
    expect(await ada.page.getByLabel('Invite link', { exact: true }).count()).toBe(0);
    await ada.page.getByRole('button', { name: 'Close' }).click();
    await waitForSyncStatus(ada.page, 'synced');

    // Links made by hand around `relay token`, as before personal access.
    const withToken = (token: string) => formatWebInvite({ relayUrl: stage.relay.url, workspaceId, token, workspaceName: 'Release' }, stage.web.url);

    const bo = mintToken(stage.relay.dataDir, workspaceId);
    const boDevice = await openDevice(stage.browser, withToken(bo.token));
    await joinFromInvite(boDevice.page, 'Bo');
    await openPage(boDevice.page, 'Release');
    await expect.poll(() => taskTitles(boDevice.page), { timeout: 15_000 }).toEqual(['Tag the build']);

    const cy = await openDevice(stage.browser, withToken(mintToken(stage.relay.dataDir, workspaceId, { role: 'viewer' }).token));
    await joinFromInvite(cy.page, 'Cy');
    await openPage(cy.page, 'Release');
    await expect.poll(() => taskTitles(cy.page), { timeout: 15_000 }).toEqual(['Tag the build']);
    await expect.poll(() => cy.page.getByRole('status').filter({ hasText: 'View only' }).count()).toBe(1);
    expect(await cy.page.getByLabel('New task').count()).toBe(0);
    expect(await cy.page.getByRole('checkbox', { name: 'Complete Tag the build' }).isDisabled()).toBe(true);
    expect(await cy.page.getByRole('button', { name: '+ New page' }).count()).toBe(0);

    // Ada keeps working; the viewer sees it live.
    await addTask(ada.page, 'Write release notes');
    await expect.poll(() => taskTitles(cy.page), { timeout: 15_000 }).toEqual(['Tag the build', 'Write release notes']);

    // Bo's access is revoked on the relay: his app says so and keeps his work.
    runRevokeCommand({ dataDir: stage.relay.dataDir, tokenId: bo.payload.jti });
    const alert = boDevice.page.getByRole('alert');
    await expect.poll(() => alert.innerText(), { timeout: 15_000 }).toMatch(/Access revoked/);
    expect(await alert.innerText()).toMatch(/changes stay on this device/);
    await addTask(boDevice.page, 'Written after revocation');
    await boDevice.page.reload();
    await openPage(boDevice.page, 'Release');
    await expect.poll(() => taskTitles(boDevice.page)).toContain('Written after revocation');
    await expect.poll(() => boDevice.page.getByRole('alert').innerText(), { timeout: 15_000 }).toMatch(/Access revoked/);
    expect(await taskTitles(ada.page)).not.toContain('Written after revocation');

    expect([...ada.errors, ...boDevice.errors, ...cy.errors]).toEqual([]);
  });

  it('a viewer who joins while the relay is out of reach is read-only from the start', async () => {
    // Nothing listens on this port: the relay cannot say which role the token has.
    const workspaceId = newId();
    const invite = formatWebInvite(
      { relayUrl: `ws://127.0.0.1:${await freePort()}`, workspaceId, token: mintToken(stage.relay.dataDir, workspaceId, { role: 'viewer' }).token, workspaceName: 'Launch' },
      stage.web.url,
    );
    const dee = await openDevice(stage.browser, invite);
    await joinFromInvite(dee.page, 'Dee');
    await expect.poll(() => dee.page.getByRole('status').filter({ hasText: 'View only' }).count()).toBe(1);
    expect(await dee.page.getByRole('button', { name: '+ New page' }).count()).toBe(0);
    expect(dee.errors).toEqual([]);
  });
});
