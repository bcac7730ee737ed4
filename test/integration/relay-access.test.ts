/**
 * Personal access on a single relay ([R32]–[R35]): setup, invites, joining,
 * members, roles and removal over real HTTP, and the errors of each endpoint.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreatedInvite, JoinedWorkspace, MemberInfo, PendingInvite } from '../../shared/protocol';
import { ACCEPT_INVITE_PATH, AUTH_RENEW_PATH, AUTH_STATUS_PATH, INVITES_PATH, MEMBERS_PATH, SETUP_PATH, invitePath, memberPath, tokenRoleHint } from '../../shared/protocol';
import { setupCode } from '../../relay/access/setup';
import type { TestRelay, TestRelayOptions } from '../helpers';
import { acceptInvite, accessCall, createCleanup, createInvite, mintToken, relayFor, setupWorkspace, upgradeResponse, upgradeStatus, workspaceWithMembers } from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const authRelay = (options: TestRelayOptions = {}): Promise<TestRelay> => relayFor(cleanup, { auth: 'data-dir', ...options });
const secretOf = (relay: TestRelay) => relay.relay.auth!.secret;

describe('setting a workspace up with the relay’s setup code', () => {
  it('[R32] makes the caller its first owner with a token of their own; a wrong code is 403, a second setup 409', async () => {
    const relay = await authRelay();
    const wrong = await accessCall(relay.url, 'POST', SETUP_PATH, { body: { code: 'not-the-code', workspace: 'team', name: 'Ana' } });
    expect(wrong).toMatchObject({ status: 403, body: { reason: 'bad-setup-code', error: expect.any(String) } });

    const owner = await accessCall<JoinedWorkspace>(relay.url, 'POST', SETUP_PATH, { body: { code: setupCode(secretOf(relay)), workspace: 'team', workspaceName: 'Team', name: 'Ana' } });
    expect(owner.status).toBe(201);
    expect(owner.headers.get('access-control-allow-origin')).toBe('*');
    expect(owner.body).toMatchObject({ workspace: 'team', workspaceName: 'Team', role: 'owner', memberId: expect.stringMatching(/^[A-Za-z0-9_-]{8,}$/) });
    expect(tokenRoleHint(owner.body.token)).toBe('owner');
    expect(await upgradeStatus(relay.url, `team/doc?token=${owner.body.token}`)).toBe(101);
    const status = await accessCall(relay.url, 'GET', AUTH_STATUS_PATH, { token: owner.body.token });
    expect(status.body).toMatchObject({ workspace: 'team', role: 'owner', memberId: owner.body.memberId, expiresAt: owner.body.expiresAt });

    const again = await accessCall(relay.url, 'POST', SETUP_PATH, { body: { code: setupCode(secretOf(relay)), workspace: 'team', name: 'Eve' } });
    expect(again).toMatchObject({ status: 409, body: { reason: 'already-registered' } });
    const members = await accessCall<{ members: MemberInfo[] }>(relay.url, 'GET', MEMBERS_PATH, { token: owner.body.token });
    expect(members.body.members).toEqual([{ memberId: owner.body.memberId, name: 'Ana', role: 'owner', invitedBy: null, invitedByName: null, joinedAt: expect.any(Number), lastSeenAt: expect.any(Number) }]);
  });

  it('[R35] bad input gets 400 with the field named, oversized bodies 413, wrong methods 405, all as { error, reason }', async () => {
    const relay = await authRelay();
    const code = setupCode(secretOf(relay));
    const cases: Array<[{ body?: unknown; rawBody?: string }, number, RegExp]> = [
      [{ rawBody: '{"code": ' }, 400, /JSON/],
      [{ body: ['a'] }, 400, /object/],
      [{ body: { code, workspace: 'a/b', name: 'Ana' } }, 400, /workspace/],
      [{ body: { code, workspace: 'team' } }, 400, /name/],
      [{ body: { code, workspace: 'team', name: '   ' } }, 400, /name/],
      [{ body: { code, workspace: 'team', name: 'x'.repeat(81) } }, 400, /name/],
      [{ body: { code, workspace: 'team', name: 'A\u0007na' } }, 400, /control/],
      [{ body: { workspace: 'team', name: 'Ana' } }, 400, /code/],
      [{ rawBody: JSON.stringify({ code, workspace: 'team', name: 'x'.repeat(9000) }) }, 413, /8192 bytes/],
    ];
    for (const [request, status, message] of cases) {
      const answer = await accessCall<{ error: string; reason: string }>(relay.url, 'POST', SETUP_PATH, request);
      expect({ status: answer.status, reason: answer.body.reason }).toEqual({ status, reason: 'bad-request' });
      expect(answer.body.error).toMatch(message);
    }
    expect(await accessCall(relay.url, 'GET', SETUP_PATH)).toMatchObject({ status: 405, body: { reason: 'bad-request' } });
    // Nothing was registered by any of them.
    expect((await accessCall(relay.url, 'POST', SETUP_PATH, { body: { code, workspace: 'team', name: 'Ana' } })).status).toBe(201);
  });

  it('[R35] answers CORS preflights for every access path, PATCH and DELETE included', async () => {
    const relay = await authRelay();
    for (const path of [SETUP_PATH, INVITES_PATH, ACCEPT_INVITE_PATH, invitePath('x'), MEMBERS_PATH, memberPath('y')]) {
      const answer = await fetch(relay.url.replace(/^ws/, 'http') + path, { method: 'OPTIONS', headers: { origin: 'app://baton', 'access-control-request-method': 'PATCH' } });
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-methods')).toMatch(/PATCH.*DELETE/);
    }
  });
});

describe('invites', () => {
  it('[R33] an invite gives the joiner a new member id and a token of their own; the inviter’s token stays as it was', async () => {
    const relay = await authRelay();
    const owner = await setupWorkspace(relay.url, secretOf(relay), 'team');
    const created = await createInvite(relay.url, owner.token, 'editor', { note: 'for Mei (design)', maxUses: 1 });
    expect(created.invite).toMatchObject({ role: 'editor', note: 'for Mei (design)', createdBy: owner.memberId, createdByName: 'Ana', maxUses: 1, uses: 0 });
    const pending = await accessCall<{ invites: PendingInvite[] }>(relay.url, 'GET', INVITES_PATH, { token: owner.token });
    expect(pending.body.invites).toEqual([created.invite]);

    const mei = await acceptInvite(relay.url, created.code, 'Mei');
    expect(mei).toMatchObject({ workspace: 'team', workspaceName: 'Team', role: 'editor' });
    expect(mei.memberId).not.toBe(owner.memberId);
    expect(mei.token).not.toBe(owner.token);
    expect(await upgradeStatus(relay.url, `team/doc?token=${mei.token}`)).toBe(101);
    // The owner's own token: unchanged, still an owner's, still opening rooms.
    expect((await accessCall(relay.url, 'GET', AUTH_STATUS_PATH, { token: owner.token })).body).toMatchObject({ role: 'owner', memberId: owner.memberId });
    expect(await upgradeStatus(relay.url, `team/doc?token=${owner.token}`)).toBe(101);

    const members = await accessCall<{ members: MemberInfo[] }>(relay.url, 'GET', MEMBERS_PATH, { token: mei.token });
    expect(members.body.members.map((m) => [m.name, m.role, m.invitedByName])).toEqual([
      ['Ana', 'owner', null],
      ['Mei', 'editor', 'Ana'],
    ]);
    // Used once: no longer pending, and refused with its reason.
    expect((await accessCall<{ invites: PendingInvite[] }>(relay.url, 'GET', INVITES_PATH, { token: owner.token })).body.invites).toEqual([]);
    const reused = await accessCall(relay.url, 'POST', ACCEPT_INVITE_PATH, { body: { code: created.code, name: 'Eve' } });
    expect(reused).toMatchObject({ status: 410, body: { reason: 'invite-used-up' } });
  });

  it('[R33] maxUses counts joins; null lasts until withdrawn; expired, withdrawn and unknown codes are refused with their reason', async () => {
    const relay = await authRelay();
    const owner = await setupWorkspace(relay.url, secretOf(relay), 'team');
    const twice = await createInvite(relay.url, owner.token, 'viewer', { maxUses: 2 });
    const a = await acceptInvite(relay.url, twice.code, 'A');
    const b = await acceptInvite(relay.url, twice.code, 'B');
    expect([a.role, b.role]).toEqual(['viewer', 'viewer']);
    expect(a.memberId).not.toBe(b.memberId);
    expect((await accessCall(relay.url, 'POST', ACCEPT_INVITE_PATH, { body: { code: twice.code, name: 'C' } })).body).toMatchObject({ reason: 'invite-used-up' });

    const open = await createInvite(relay.url, owner.token, 'editor', { maxUses: null });
    for (const name of ['D', 'E', 'F']) await acceptInvite(relay.url, open.code, name);
    const withdrawn = await accessCall(relay.url, 'DELETE', invitePath(open.invite.id), { token: owner.token });
    expect(withdrawn.status).toBe(204);
    expect((await accessCall(relay.url, 'POST', ACCEPT_INVITE_PATH, { body: { code: open.code, name: 'G' } })).body).toMatchObject({ reason: 'invite-withdrawn' });
    expect((await accessCall(relay.url, 'DELETE', invitePath('no-such-invite'), { token: owner.token })).body).toMatchObject({ reason: 'not-found' });

    const expiring = await createInvite(relay.url, owner.token, 'editor', { expiresInSeconds: 3600 });
    // Its expiry moved into the past where the relay keeps it, instead of waiting an hour.
    const db = new Database(join(relay.dataDir, 'auth.sqlite'));
    db.prepare('UPDATE access_invites SET expires_at = ? WHERE id = ?').run(Date.now() - 1, expiring.invite.id);
    db.close();
    const expired = await accessCall(relay.url, 'POST', ACCEPT_INVITE_PATH, { body: { code: expiring.code, name: 'H' } });
    expect(expired).toMatchObject({ status: 410, body: { reason: 'invite-expired' } });
    const unknown = await accessCall(relay.url, 'POST', ACCEPT_INVITE_PATH, { body: { code: 'made-up-code', name: 'I' } });
    expect(unknown).toMatchObject({ status: 404, body: { reason: 'not-found' } });

    const bad = await accessCall(relay.url, 'POST', INVITES_PATH, { token: owner.token, body: { role: 'owner', expiresInSeconds: 60, maxUses: 1 } });
    expect(bad).toMatchObject({ status: 400, body: { reason: 'bad-request', error: expect.stringMatching(/role/) } });
    const tooLong = await accessCall(relay.url, 'POST', INVITES_PATH, { token: owner.token, body: { role: 'editor', expiresInSeconds: 91 * 86_400, maxUses: 1 } });
    expect(tooLong.body).toMatchObject({ reason: 'bad-request', error: expect.stringMatching(/expiresInSeconds/) });
  });
});

describe('who may call what', () => {
  it('[R34] only owners invite, list invites, change roles and remove; any member or workspace token lists members', async () => {
    const relay = await authRelay();
    const { owner, members } = await workspaceWithMembers(relay.url, secretOf(relay), 'team', ['editor', 'viewer']);
    const [editor, viewer] = members as [JoinedWorkspace, JoinedWorkspace];
    const workspaceToken = mintToken(relay.dataDir, 'team').token;
    for (const token of [editor.token, viewer.token, workspaceToken]) {
      const calls = [
        accessCall(relay.url, 'POST', INVITES_PATH, { token, body: { role: 'editor', expiresInSeconds: 60, maxUses: 1 } }),
        accessCall(relay.url, 'GET', INVITES_PATH, { token }),
        accessCall(relay.url, 'PATCH', memberPath(owner.memberId), { token, body: { role: 'viewer' } }),
        accessCall(relay.url, 'DELETE', memberPath(owner.memberId), { token }),
      ];
      for (const answer of await Promise.all(calls)) expect(answer).toMatchObject({ status: 403, body: { reason: 'not-allowed' } });
      expect((await accessCall<{ members: MemberInfo[] }>(relay.url, 'GET', MEMBERS_PATH, { token })).body.members).toHaveLength(3);
    }
    // Nothing changed: the owner is still the owner.
    expect((await accessCall(relay.url, 'GET', AUTH_STATUS_PATH, { token: owner.token })).body).toMatchObject({ role: 'owner' });
  });

  it('[R34][R15] forged, expired and missing tokens get 401, another workspace’s 403 or 404', async () => {
    const relay = await authRelay();
    const { owner } = await workspaceWithMembers(relay.url, secretOf(relay), 'team', []);
    const other = await setupWorkspace(relay.url, secretOf(relay), 'other', 'Olu');
    const [body, signature] = owner.token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), ws: 'other' })).toString('base64url') + '.' + signature;
    const expired = mintToken(relay.dataDir, 'team', { ttlSeconds: 60, now: Date.now() - 120_000 }).token;
    const cases: Array<[string | undefined, number, string]> = [
      [undefined, 401, 'missing'],
      ['nonsense', 401, 'malformed'],
      [forged, 401, 'bad-signature'],
      [expired, 401, 'expired'],
    ];
    for (const [token, status, reason] of cases) {
      expect(await accessCall(relay.url, 'GET', MEMBERS_PATH, { token })).toMatchObject({ status, body: { reason } });
      expect(await accessCall(relay.url, 'POST', INVITES_PATH, { token, body: { role: 'editor', expiresInSeconds: 60, maxUses: 1 } })).toMatchObject({ status, body: { reason } });
    }
    // An owner of another workspace asking about this one: 403 when it says so, and this one's members are not theirs to touch.
    expect(await accessCall(relay.url, 'GET', `${MEMBERS_PATH}?workspace=team`, { token: other.token })).toMatchObject({ status: 403, body: { reason: 'wrong-workspace' } });
    expect(await accessCall(relay.url, 'DELETE', memberPath(owner.memberId), { token: other.token })).toMatchObject({ status: 404, body: { reason: 'not-found' } });
    expect(await accessCall(relay.url, 'PATCH', memberPath(owner.memberId), { token: other.token, body: { role: 'viewer' } })).toMatchObject({ status: 404 });
    expect((await accessCall(relay.url, 'GET', AUTH_STATUS_PATH, { token: owner.token })).body).toMatchObject({ role: 'owner' });
  });

  it('[R34] a workspace always keeps an owner: demoting or removing the last one is 409 last-owner', async () => {
    const relay = await authRelay();
    const { owner, members } = await workspaceWithMembers(relay.url, secretOf(relay), 'team', ['editor']);
    const editor = members[0]!;
    expect(await accessCall(relay.url, 'PATCH', memberPath(owner.memberId), { token: owner.token, body: { role: 'editor' } })).toMatchObject({ status: 409, body: { reason: 'last-owner' } });
    expect(await accessCall(relay.url, 'DELETE', memberPath(owner.memberId), { token: owner.token })).toMatchObject({ status: 409, body: { reason: 'last-owner' } });
    expect(await accessCall(relay.url, 'PATCH', memberPath(editor.memberId), { token: owner.token, body: { role: 'admin' } })).toMatchObject({ status: 400 });

    const promoted = await accessCall<MemberInfo>(relay.url, 'PATCH', memberPath(editor.memberId), { token: owner.token, body: { role: 'owner' } });
    expect(promoted).toMatchObject({ status: 200, body: { memberId: editor.memberId, role: 'owner', invitedByName: 'Ana' } });
    // Two owners: the first may now step down, and the new owner manages access with the token they already had.
    expect((await accessCall(relay.url, 'PATCH', memberPath(owner.memberId), { token: owner.token, body: { role: 'viewer' } })).status).toBe(200);
    expect((await accessCall(relay.url, 'GET', INVITES_PATH, { token: editor.token })).status).toBe(200);
    expect((await accessCall(relay.url, 'GET', INVITES_PATH, { token: owner.token })).body).toMatchObject({ reason: 'not-allowed' });
    // Renewal signs the role the member has now.
    const renewed = await accessCall<{ token: string }>(relay.url, 'POST', AUTH_RENEW_PATH, { token: editor.token });
    expect(tokenRoleHint(renewed.body.token)).toBe('owner');
    expect(await accessCall(relay.url, 'DELETE', memberPath(editor.memberId), { token: editor.token })).toMatchObject({ status: 409, body: { reason: 'last-owner' } });
  });

  it('[R34] a removed member’s token is refused with 401 removed, at the upgrade and on every endpoint; others keep theirs', async () => {
    const relay = await authRelay();
    const { owner, members } = await workspaceWithMembers(relay.url, secretOf(relay), 'team', ['editor', 'editor']);
    const [gone, kept] = members as [JoinedWorkspace, JoinedWorkspace];
    expect((await accessCall(relay.url, 'DELETE', memberPath(gone.memberId), { token: owner.token })).status).toBe(204);
    expect(await upgradeResponse(relay.url, `team/doc?token=${gone.token}`)).toMatchObject({ status: 401, body: { reason: 'removed' } });
    expect(await accessCall(relay.url, 'GET', AUTH_STATUS_PATH, { token: gone.token })).toMatchObject({ status: 401, body: { reason: 'removed' } });
    expect(await accessCall(relay.url, 'POST', AUTH_RENEW_PATH, { token: gone.token })).toMatchObject({ status: 401, body: { reason: 'removed' } });
    expect(await accessCall(relay.url, 'GET', MEMBERS_PATH, { token: gone.token })).toMatchObject({ status: 401, body: { reason: 'removed' } });
    expect(await accessCall(relay.url, 'DELETE', memberPath(gone.memberId), { token: owner.token })).toMatchObject({ status: 404 });
    expect(await upgradeStatus(relay.url, `team/doc?token=${kept.token}`)).toBe(101);
    const listed = await accessCall<{ members: MemberInfo[] }>(relay.url, 'GET', MEMBERS_PATH, { token: kept.token });
    expect(listed.body.members.map((m) => m.memberId)).toEqual([owner.memberId, kept.memberId]);
    // Kept across a restart: it is the relay's record, not the connection's.
    await relay.restart();
    expect(await upgradeResponse(relay.url, `team/doc?token=${gone.token}`)).toMatchObject({ status: 401, body: { reason: 'removed' } });
    expect(await upgradeStatus(relay.url, `team/doc?token=${kept.token}`)).toBe(101);
  });

  it('[R35] each address gets a burst of calls, then 429 rate-limited with Retry-After', async () => {
    const relay = await authRelay({ accessRateLimit: { burst: 3, perSecond: 0.01 } });
    const code = setupCode(secretOf(relay));
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await accessCall(relay.url, 'POST', SETUP_PATH, { body: { code, workspace: `w${i}`, name: 'Ana' } }));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
    expect(answers[3]!.body).toMatchObject({ reason: 'rate-limited', error: expect.any(String) });
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
    // The limit is on the access endpoints, not on syncing.
    expect(await upgradeStatus(relay.url, `w0/doc?token=${(answers[0]!.body as CreatedInvite & JoinedWorkspace).token}`)).toBe(101);
  });
});
