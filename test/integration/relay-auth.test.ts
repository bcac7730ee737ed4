import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_RENEW_PATH, AUTH_STATUS_PATH, CloseCode, MESSAGE_QUERY_AWARENESS, bearerHeader } from '../../shared/protocol';
import { SqliteRevocationList } from '../../relay/auth/revocations';
import type { RawSocket, StockClient, TestRelay, TestRelayOptions } from '../helpers';
import { createCleanup, mintToken, openRawSocket, relayFor, runRelayCli, spawnRelayCli, startTestRelay, stockClientFor, tempDirFor, upgradeResponse, upgradeStatus, waitForClose, waitUntil } from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const authRelay = (options: TestRelayOptions = {}): Promise<TestRelay> => relayFor(cleanup, { auth: 'data-dir', ...options });
const client = (url: string, room: string, token: string): StockClient => stockClientFor(cleanup, url, room, { token });

const text = (c: StockClient) => c.doc.getText('body').toString();

/**
 * Whether the relay still serves `socket`: it answers a query-awareness, and a
 * close it sent earlier would arrive before the answer (one connection, in order).
 */
async function stillServed(socket: RawSocket): Promise<boolean> {
  const before = socket.received.length;
  socket.ws.send(new Uint8Array([MESSAGE_QUERY_AWARENESS]));
  await waitUntil(() => socket.received.length > before || socket.ws.readyState !== socket.ws.OPEN, { description: 'an answer or a close' });
  return socket.ws.readyState === socket.ws.OPEN;
}
const httpUrl = (relay: TestRelay, path: string) => relay.url.replace(/^ws/, 'http') + path;

describe('relay auth: tokens at the upgrade', () => {
  it('[R14] `relay token` prints only a token, and a CLI relay on the same data dir accepts it from stock clients', async () => {
    const dataDir = tempDirFor(cleanup, 'baton-auth-cli-');
    const minted = await runRelayCli(['token', '--data', dataDir, '--workspace', 'team', '--role', 'editor', '--ttl', '1h']);
    expect(minted.code).toBe(0);
    expect(minted.stdout).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    const token = minted.stdout.trim();

    const relay = await spawnRelayCli(['--port', '0', '--data', dataDir]);
    cleanup.add(() => relay.kill());
    const a = client(relay.url, 'team/doc', token);
    const b = client(relay.url, 'team/doc', token);
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getText('body').insert(0, 'from Tokyo');
    await waitUntil(() => text(b) === 'from Tokyo', { description: 'b receives the edit' });

    // The CLI requires tokens: no token is a 401, logged with its reason.
    expect(await upgradeStatus(relay.url, 'team/doc')).toBe(401);
    await waitUntil(() => relay.stderr().includes('"reason":"missing"'), { description: 'refusal logged' });
  });

  it('[R14] `relay token` refuses a nonsense ttl or role with exit 2 and nothing on stdout', async () => {
    const dataDir = tempDirFor(cleanup, 'baton-auth-cli-');
    const ttl = await runRelayCli(['token', '--data', dataDir, '--workspace', 'team', '--role', 'editor', '--ttl', 'forever']);
    expect(ttl).toMatchObject({ code: 2, stdout: '' });
    expect(ttl.stderr).toContain('invalid ttl');
    const role = await runRelayCli(['token', '--data', dataDir, '--workspace', 'team', '--role', 'owner']);
    expect(role).toMatchObject({ code: 2, stdout: '' });
    expect(role.stderr).toContain('editor or viewer');
  });

  it('[R15] missing, malformed, tampered, expired and revoked tokens get 401; another workspace 403; each logged once', async () => {
    const relay = await authRelay();
    const good = mintToken(relay.dataDir, 'team');
    const [body, signature] = good.token.split('.') as [string, string];
    const tampered = Buffer.from(JSON.stringify({ ...good.payload, ws: 'other' })).toString('base64url') + '.' + signature;
    const expired = mintToken(relay.dataDir, 'team', { ttlSeconds: 60, now: Date.now() - 120_000 }).token;
    const revoked = mintToken(relay.dataDir, 'team');
    const revocations = new SqliteRevocationList(relay.dataDir);
    revocations.revoke(revoked.payload.jti);
    revocations.close();
    const foreign = mintToken(tempDirFor(cleanup, 'baton-auth-other-'), 'team').token;

    const cases: Array<[string, number, string]> = [
      ['team/doc', 401, 'missing'],
      ['team/doc?token=nonsense', 401, 'malformed'],
      [`team/doc?token=${body}.${signature.slice(0, 10)}`, 401, 'malformed'],
      [`team/doc?token=${tampered}`, 401, 'bad-signature'],
      [`team/doc?token=${foreign}`, 401, 'bad-signature'],
      [`team/doc?token=${expired}`, 401, 'expired'],
      [`team/doc?token=${revoked.token}`, 401, 'revoked'],
      [`other/doc?token=${good.token}`, 403, 'wrong-workspace'],
    ];
    for (const [path, status, reason] of cases) {
      const answer = await upgradeResponse(relay.url, path);
      expect({ path, status: answer.status, body: answer.body }).toEqual({ path, status, body: { error: expect.any(String), reason } });
    }
    expect(await upgradeStatus(relay.url, `team/doc?token=${good.token}`)).toBe(101);
    // The Authorization header works too (for clients that can set one).
    expect((await upgradeResponse(relay.url, 'team/doc', { authorization: bearerHeader(good.token) })).status).toBe(101);

    const refusals = relay.logs.filter((line) => line.msg === 'access refused');
    expect(refusals.map((line) => line.reason)).toEqual(cases.map(([, , reason]) => reason));
    expect(relay.relay.auth?.counters.rejected).toMatchObject({ missing: 1, malformed: 2, 'bad-signature': 2, expired: 1, revoked: 1, 'wrong-workspace': 1 });
  });

  it('[R16] revoking a token id on a running relay closes its open connections with 4401 and refuses it from then on', async () => {
    const relay = await authRelay({ authCheckIntervalMs: 100 });
    const revoked = mintToken(relay.dataDir, 'team');
    const kept = mintToken(relay.dataDir, 'team');
    const doomed = await openRawSocket(relay.url, `team/doc?token=${revoked.token}`);
    const survivor = await openRawSocket(relay.url, `team/doc?token=${kept.token}`);
    cleanup.add(() => survivor.ws.terminate());
    const closed = waitForClose(doomed.ws, 10_000);

    const result = await runRelayCli(['revoke', revoked.payload.jti, '--data', relay.dataDir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');

    expect(await closed).toEqual({ code: CloseCode.unauthorized, reason: 'token revoked' });
    expect(await upgradeStatus(relay.url, `team/doc?token=${revoked.token}`)).toBe(401);
    // Not closed by the check that closed the revoked one...
    expect(await stillServed(survivor)).toBe(true);
    // ...nor by a later one: a token minted now expires within 2 s, and the check
    // that closes its connection goes over every open connection, the survivor's too.
    const expiring = await openRawSocket(relay.url, `team/doc?token=${mintToken(relay.dataDir, 'team', { ttlSeconds: 2 }).token}`);
    expect(await waitForClose(expiring.ws, 10_000)).toEqual({ code: CloseCode.unauthorized, reason: 'token expired' });
    expect(await stillServed(survivor)).toBe(true);
  });

  it('[R16] a connection whose token expires is closed with 4401', async () => {
    const relay = await authRelay({ authCheckIntervalMs: 100 });
    const shortLived = mintToken(relay.dataDir, 'team', { ttlSeconds: 1 });
    const socket = await openRawSocket(relay.url, `team/doc?token=${shortLived.token}`);
    expect(await waitForClose(socket.ws, 5000)).toEqual({ code: CloseCode.unauthorized, reason: 'token expired' });
  });
});

describe('relay auth: viewers', () => {
  it('[R17] a viewer receives an editor’s updates, but its own edits and awareness reach neither others nor the store', async () => {
    const relay = await authRelay({ idleUnloadMs: 50 });
    const editorToken = mintToken(relay.dataDir, 'team').token;
    const viewerToken = mintToken(relay.dataDir, 'team', { role: 'viewer' }).token;
    const editor = client(relay.url, 'team/doc', editorToken);
    const viewer = client(relay.url, 'team/doc', viewerToken);
    await Promise.all([editor.synced(), viewer.synced()]);

    editor.doc.getText('body').insert(0, 'decided in Berlin');
    await waitUntil(() => text(viewer) === 'decided in Berlin', { description: 'viewer receives the editor’s edit' });
    editor.provider.awareness.setLocalStateField('user', { name: 'Mei' });
    await waitUntil(() => viewer.provider.awareness.getStates().has(editor.doc.clientID), { description: 'viewer sees the editor’s caret' });

    const droppedBefore = relay.relay.auth?.counters.viewerMessagesDropped ?? 0;
    viewer.doc.getText('body').insert(0, 'sneaky ');
    viewer.provider.awareness.setLocalStateField('user', { name: 'Viewer' });
    const dropped = () => (relay.relay.auth?.counters.viewerMessagesDropped ?? 0) - droppedBefore;
    await waitUntil(() => dropped() >= 2, { description: 'the viewer’s edit and awareness dropped' });
    // A later edit from the editor proves the channel works and the viewer's edit was not in it.
    editor.doc.getText('body').insert(editor.doc.getText('body').length, '.');
    await waitUntil(() => text(viewer).endsWith('.'), { description: 'viewer receives the next edit' });
    expect(text(editor)).toBe('decided in Berlin.');
    expect(editor.provider.awareness.getStates().has(viewer.doc.clientID)).toBe(false);
    expect(relay.logs.some((line) => line.msg === 'dropping messages from viewer')).toBe(true);

    // And nothing of it was stored.
    editor.destroy();
    viewer.destroy();
    await relay.restart();
    const fresh = client(relay.url, 'team/doc', editorToken);
    await fresh.synced();
    await waitUntil(() => text(fresh) === 'decided in Berlin.', { description: 'stored doc after restart' });
  });
});

describe('relay auth: HTTP endpoints', () => {
  it('[R18] GET /auth/status describes a valid token and refuses bad ones with 401/403', async () => {
    const relay = await authRelay();
    const { token, payload } = mintToken(relay.dataDir, 'team', { role: 'viewer', ttlSeconds: 3600 });
    const ok = await fetch(httpUrl(relay, AUTH_STATUS_PATH), { headers: { authorization: bearerHeader(token), origin: 'app://baton' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(await ok.json()).toEqual({ workspace: 'team', role: 'viewer', expiresAt: payload.exp * 1000, tokenId: payload.jti });

    const missing = await fetch(httpUrl(relay, AUTH_STATUS_PATH));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
    expect(await missing.json()).toMatchObject({ reason: 'missing' });
    const tampered = await fetch(httpUrl(relay, AUTH_STATUS_PATH), { headers: { authorization: bearerHeader(token.slice(0, -3) + 'xyz') } });
    expect(tampered.status).toBe(401);
    const otherWorkspace = await fetch(httpUrl(relay, `${AUTH_STATUS_PATH}?workspace=other`), { headers: { authorization: bearerHeader(token) } });
    expect(otherWorkspace.status).toBe(403);
    expect(await otherWorkspace.json()).toMatchObject({ reason: 'wrong-workspace' });
    expect((await fetch(httpUrl(relay, AUTH_STATUS_PATH), { method: 'POST', headers: { authorization: bearerHeader(token) } })).status).toBe(405);
  });

  it('[R18] answers CORS preflights from the app', async () => {
    const relay = await authRelay();
    for (const path of [AUTH_STATUS_PATH, AUTH_RENEW_PATH]) {
      const preflight = await fetch(httpUrl(relay, path), {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    }
  });

  it('[R18] POST /auth/renew returns a fresh token with the same id, role and lifetime; a revoked token cannot renew', async () => {
    const relay = await authRelay();
    const original = mintToken(relay.dataDir, 'team', { ttlSeconds: 600, now: Date.now() - 300_000 });
    const renew = (token: string) => fetch(httpUrl(relay, AUTH_RENEW_PATH), { method: 'POST', headers: { authorization: bearerHeader(token) } });

    const asked = Date.now();
    const response = await renew(original.token);
    const answered = Date.now();
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const renewed = (await response.json()) as { token: string; expiresAt: number };
    expect(renewed.token).not.toBe(original.token);
    expect(renewed.expiresAt).toBeGreaterThan(original.payload.exp * 1000);
    // The same 600 s lifetime, counted from the renewal (issued in whole seconds).
    expect(renewed.expiresAt).toBeGreaterThanOrEqual(Math.floor(asked / 1000) * 1000 + 600_000);
    expect(renewed.expiresAt).toBeLessThanOrEqual(answered + 600_000);

    const status = await fetch(httpUrl(relay, AUTH_STATUS_PATH), { headers: { authorization: bearerHeader(renewed.token) } });
    expect(await status.json()).toMatchObject({ workspace: 'team', role: 'editor', tokenId: original.payload.jti });
    expect(await upgradeStatus(relay.url, `team/doc?token=${renewed.token}`)).toBe(101);

    // Revoking the id kills the original and every renewal of it.
    const revocations = new SqliteRevocationList(relay.dataDir);
    revocations.revoke(original.payload.jti);
    revocations.close();
    const refused = await renew(renewed.token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ reason: 'revoked' });
    expect(await upgradeStatus(relay.url, `team/doc?token=${renewed.token}`)).toBe(401);
    const expired = mintToken(relay.dataDir, 'team', { ttlSeconds: 60, now: Date.now() - 120_000 });
    expect((await renew(expired.token)).status).toBe(401);
  });

  it('[R18] without auth the endpoints do not exist and tokens are ignored (startRelay default)', async () => {
    const relay = await startTestRelay();
    cleanup.add(() => relay.close());
    expect((await fetch(httpUrl(relay, AUTH_STATUS_PATH))).status).toBe(404);
    expect(await upgradeStatus(relay.url, 'team/doc')).toBe(101);
  });
});
