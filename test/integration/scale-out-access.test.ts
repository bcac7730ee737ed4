/**
 * Personal access across three relay processes over one real PostgreSQL and
 * one real redis-server ([R36]): what an owner does through one instance holds
 * on the others at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JoinedWorkspace, MemberInfo } from '../../shared/protocol';
import { AUTH_STATUS_PATH, CloseCode, MEMBERS_PATH, memberPath } from '../../shared/protocol';
import type { RawSocket, RelayProcess, StockClient } from '../helpers';
import {
  acceptInvite,
  accessCall,
  createCleanup,
  createInvite,
  createTempDir,
  openRawSocket,
  removeTempDir,
  setupWorkspace,
  spawnRelayCli,
  stockClientFor,
  upgradeResponse,
  waitForClose,
  waitUntil,
} from '../helpers';
import type { RunningService } from '../helpers/services';
import { query, startPostgres, startRedis } from '../helpers/services';

const SECRET = 'shared-by-every-instance-0123456789';
const secret = new Uint8Array(Buffer.from(SECRET, 'utf8'));
let redis: RunningService;
let postgres: RunningService;
const instances: RelayProcess[] = [];
const dataDirs: string[] = [];
const cleanup = createCleanup();

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  const spawn = (index: number) => {
    const dataDir = createTempDir(`baton-scale-access-${index}-`);
    dataDirs.push(dataDir);
    return spawnRelayCli(['--port', '0', '--data', dataDir, '--redis', redis.url, '--postgres', postgres.url, '--instance-id', `access-${index}`], {
      env: { BATON_SECRET: SECRET },
      // Three processes starting at once on a small machine.
      timeoutMs: 60_000,
    });
  };
  instances.push(...(await Promise.all([0, 1, 2].map(spawn))));
  await waitUntil(() => instances.every((relay) => relay.stdout().includes('setup link: ')), { description: 'every setup link' });
}, 120_000);

afterAll(async () => {
  for (const relay of instances) relay.kill();
  await Promise.all(instances.map((relay) => relay.exited));
  for (const dir of dataDirs) removeTempDir(dir);
  await Promise.allSettled([redis?.stop(), postgres?.stop()]);
});

afterEach(() => cleanup.run());

const text = (c: StockClient) => c.doc.getText('body').toString();
function append(c: StockClient, value: string): void {
  const body = c.doc.getText('body');
  body.insert(body.length, value);
}

describe('personal access when scaled out', () => {
  it('[R36][R32][R33] one setup code everywhere; an invite made on one instance is accepted on another; every instance lists the same members', async () => {
    const [a, b, c] = instances as [RelayProcess, RelayProcess, RelayProcess];
    const links = instances.map((relay) => /setup link: (\S+)/.exec(relay.stdout())?.[1]?.replace(/relay=[^&]+/, ''));
    expect(new Set(links).size).toBe(1);
    const owner = await setupWorkspace(a.url, secret, 'spread', 'Ana');
    // Registered in PostgreSQL, not on instance A alone.
    const again = await accessCall(b.url, 'POST', '/setup/workspaces', { body: { code: links[0]!.split('code=')[1], workspace: 'spread', name: 'Eve' } });
    expect(again).toMatchObject({ status: 409, body: { reason: 'already-registered' } });
    const invite = await createInvite(a.url, owner.token, 'editor', { maxUses: 1 });
    const mei = await acceptInvite(c.url, invite.code, 'Mei');
    const reused = await accessCall(b.url, 'POST', '/invites/accept', { body: { code: invite.code, name: 'Eve' } });
    expect(reused).toMatchObject({ status: 410, body: { reason: 'invite-used-up' } });
    for (const relay of instances) {
      const listed = await accessCall<{ members: MemberInfo[] }>(relay.url, 'GET', MEMBERS_PATH, { token: mei.token });
      expect(listed.body.members.map((m) => [m.name, m.role])).toEqual([
        ['Ana', 'owner'],
        ['Mei', 'editor'],
      ]);
    }
    expect((await query(postgres.url, 'SELECT count(*)::int AS n FROM baton_access_members WHERE workspace = $1', ['spread']))[0]).toEqual({ n: 2 });
  });

  it('[R36][R34] removing a member on instance A closes their connection on B with 4401 removed at once; the others, on every instance, keep syncing', async () => {
    const [a, b, c] = instances as [RelayProcess, RelayProcess, RelayProcess];
    const owner = await setupWorkspace(a.url, secret, 'remove-spread', 'Ana');
    const members: JoinedWorkspace[] = [];
    for (const name of ['Gone', 'Kept']) members.push(await acceptInvite(b.url, (await createInvite(c.url, owner.token, 'editor')).code, name));
    const [gone, kept] = members as [JoinedWorkspace, JoinedWorkspace];
    const room = 'remove-spread/doc';
    const ownerClient = stockClientFor(cleanup, a.url, room, { token: owner.token });
    const keptClient = stockClientFor(cleanup, c.url, room, { token: kept.token });
    const goneClient = stockClientFor(cleanup, b.url, room, { token: gone.token });
    await Promise.all([ownerClient, keptClient, goneClient].map((client) => client.synced(10_000)));
    const goneRaw: RawSocket = await openRawSocket(b.url, `${room}?token=${gone.token}`);
    const closed = waitForClose(goneRaw.ws, 10_000);
    append(goneClient, 'from gone;');
    await waitUntil(() => text(ownerClient) === 'from gone;' && text(keptClient) === 'from gone;', { description: 'everyone syncs before the removal' });

    expect((await accessCall(a.url, 'DELETE', memberPath(gone.memberId), { token: owner.token })).status).toBe(204);
    // Instance B learns it from Redis, well before its 10 s token check.
    expect(await closed).toEqual({ code: CloseCode.unauthorized, reason: 'removed' });
    // Every instance hears of it; each may read it a moment after B did.
    for (const relay of instances) {
      await waitUntil(async () => (await upgradeResponse(relay.url, `${room}?token=${gone.token}`)).status === 401, { description: `instance ${relay.url} to refuse the removed member` });
      expect(await upgradeResponse(relay.url, `${room}?token=${gone.token}`)).toMatchObject({ status: 401, body: { reason: 'removed' } });
    }
    append(keptClient, 'after;');
    await waitUntil(() => text(ownerClient) === 'from gone;after;', { description: 'the kept member’s edit reaches the owner on another instance' });
    append(ownerClient, 'reply;');
    await waitUntil(() => text(keptClient) === 'from gone;after;reply;', { description: 'the owner’s reply reaches the kept member' });
    expect(ownerClient.provider.wsconnected && keptClient.provider.wsconnected).toBe(true);
  });

  it('[R36][R33] a role changed on instance C closes the member’s connection on A with 4205, and every instance answers the new role', async () => {
    const [a, b, c] = instances as [RelayProcess, RelayProcess, RelayProcess];
    const owner = await setupWorkspace(b.url, secret, 'role-spread', 'Ana');
    const member = await acceptInvite(a.url, (await createInvite(b.url, owner.token, 'editor')).code, 'Mei');
    const socket = await openRawSocket(a.url, `role-spread/doc?token=${member.token}`);
    cleanup.add(() => socket.ws.terminate());
    const closed = waitForClose(socket.ws, 10_000);
    expect((await accessCall(c.url, 'PATCH', memberPath(member.memberId), { token: owner.token, body: { role: 'viewer' } })).status).toBe(200);
    expect(await closed).toEqual({ code: CloseCode.roleChanged, reason: 'role changed' });
    for (const relay of instances) {
      const status = () => accessCall<{ role: string; memberId: string }>(relay.url, 'GET', AUTH_STATUS_PATH, { token: member.token });
      await waitUntil(async () => (await status()).body.role === 'viewer', { description: `instance ${relay.url} to answer the new role` });
      expect((await status()).body).toMatchObject({ role: 'viewer', memberId: member.memberId });
    }
    // The last owner is the last owner on every instance.
    expect(await accessCall(a.url, 'DELETE', memberPath(owner.memberId), { token: owner.token })).toMatchObject({ status: 409, body: { reason: 'last-owner' } });
  });
});
