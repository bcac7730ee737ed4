import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRevokeArgs, parseTokenArgs, runTokenCommand } from './commands';
import { CloseCode, tokenRoleHint } from '../../shared/protocol';
import { memoryLogger } from '../log';
import { mayRelay } from './roles';
import type { RevocationCheck } from './revocations';
import { SqliteRevocationList } from './revocations';
import { SECRET_FILE_NAME, SecretError, loadSecret } from './secret';
import { DEFAULT_TTL_SECONDS, issueToken, newTokenId, parseTtl, renewToken, signPayload, verifyToken } from './token';
import { createTokenAuth } from './tokenAuth';

const secret = new Uint8Array(Buffer.from('a test secret of some length'));
const other = new Uint8Array(Buffer.from('another secret of some length'));
const NOW = Date.UTC(2026, 0, 5, 9, 0, 0);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-auth-'));
  dirs.push(dir);
  return dir;
}

describe('tokens', () => {
  it('the app can read the role a token claims before the relay answers (a hint only: the relay verifies)', () => {
    for (const role of ['editor', 'viewer'] as const) {
      const { token } = issueToken(secret, { workspace: 'w1', role, now: NOW });
      expect(tokenRoleHint(token)).toBe(role);
    }
  });

  it('[R14] a token carries workspace, role, expiry and an id, and verifies with its secret', () => {
    const { token, payload } = issueToken(secret, { workspace: 'team', role: 'viewer', ttlSeconds: 60, now: NOW });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(payload).toMatchObject({ v: 1, ws: 'team', role: 'viewer', iat: NOW / 1000, exp: NOW / 1000 + 60 });
    expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(verifyToken(secret, token, NOW)).toEqual({ ok: true, payload });
    expect(issueToken(secret, { workspace: 'team', role: 'editor' }).payload.jti).not.toBe(payload.jti);
  });

  it('[R14] default lifetime is 7 days', () => {
    const { payload } = issueToken(secret, { workspace: 'team', role: 'editor', now: NOW });
    expect(payload.exp - payload.iat).toBe(DEFAULT_TTL_SECONDS);
    expect(DEFAULT_TTL_SECONDS).toBe(7 * 86_400);
  });

  it('[R15] missing, malformed, tampered, foreign-signed and expired tokens are refused with their reason', () => {
    const { token, payload } = issueToken(secret, { workspace: 'team', role: 'viewer', ttlSeconds: 60, now: NOW });
    const [body, signature] = token.split('.') as [string, string];
    expect(verifyToken(secret, undefined, NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyToken(secret, '', NOW)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyToken(secret, 'garbage', NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(secret, `${body}.${signature}.x`, NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(secret, `${body}.AAAA`, NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(secret, `${body}.${signature}=`, NOW)).toEqual({ ok: false, reason: 'malformed' });
    // A viewer promoting itself: same signature, edited payload.
    const promoted = Buffer.from(JSON.stringify({ ...payload, role: 'editor' })).toString('base64url');
    expect(verifyToken(secret, `${promoted}.${signature}`, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    expect(verifyToken(secret, `${body}.${flipped}`, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyToken(other, token, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyToken(secret, token, NOW + 59_999).ok).toBe(true);
    expect(verifyToken(secret, token, NOW + 60_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('[R15] a correctly signed payload of the wrong shape is malformed', () => {
    const base = { v: 1, ws: 'team', role: 'editor', iat: NOW / 1000, exp: NOW / 1000 + 60, jti: 'abcdefghijkl' };
    const bad = [
      { ...base, v: 2 },
      { ...base, ws: 'a/b' },
      { ...base, role: 'admin' },
      { ...base, exp: 'soon' },
      { ...base, exp: base.iat },
      { ...base, jti: 'x' },
    ];
    for (const payload of bad) {
      expect(verifyToken(secret, signPayload(secret, payload as never), NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(verifyToken(secret, signPayload(secret, base as never), NOW).ok).toBe(true);
  });

  it('[R18] renewal keeps workspace, role, token id and lifetime, counted from now', () => {
    const { payload } = issueToken(secret, { workspace: 'team', role: 'viewer', ttlSeconds: 3600, now: NOW });
    const later = NOW + 1800_000;
    const renewed = renewToken(secret, payload, later);
    expect(renewed.payload).toEqual({ ...payload, iat: later / 1000, exp: later / 1000 + 3600 });
    expect(verifyToken(secret, renewed.token, NOW + 3600_000).ok).toBe(true);
  });

  it('[R33] a member token carries its member id, keeps it through renewal, and a malformed one is refused', () => {
    const { token, payload } = issueToken(secret, { workspace: 'team', role: 'owner', memberId: 'member-0001', now: NOW });
    expect(payload.mid).toBe('member-0001');
    expect(verifyToken(secret, token, NOW)).toEqual({ ok: true, payload });
    expect(tokenRoleHint(token)).toBe('owner');
    expect(renewToken(secret, payload, NOW + 1000).payload.mid).toBe('member-0001');
    // Workspace tokens have none, and keep verifying as before.
    expect(issueToken(secret, { workspace: 'team', role: 'editor', now: NOW }).payload).not.toHaveProperty('mid');
    expect(verifyToken(secret, signPayload(secret, { ...payload, mid: 'x' }), NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(() => issueToken(secret, { workspace: 'team', role: 'editor', memberId: 'no spaces' })).toThrow(RangeError);
  });

  it('[R14] ttl accepts 30s, 15m, 12h, 7d and refuses anything else', () => {
    expect(parseTtl('30s')).toBe(30);
    expect(parseTtl('15m')).toBe(900);
    expect(parseTtl('12h')).toBe(43_200);
    expect(parseTtl('7d')).toBe(604_800);
    for (const text of ['', '7', 'd', '0s', '-1h', '1.5h', '7w', '7 days', '99999d']) {
      expect(() => parseTtl(text), text).toThrow(/invalid ttl/);
    }
  });
});

describe('signing secret', () => {
  it('[R14] is generated into the data dir once, readable by its owner only, and reused', () => {
    const dir = join(tempDir(), 'nested');
    const first = loadSecret(dir, {});
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, SECRET_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(loadSecret(dir, {})).toEqual(first);
    expect(loadSecret(tempDir(), {})).not.toEqual(first);
  });

  it('[R14] BATON_SECRET wins over the file and must not be a short placeholder', () => {
    const dir = tempDir();
    expect(Buffer.from(loadSecret(dir, { BATON_SECRET: 'a long enough shared secret' })).toString()).toBe('a long enough shared secret');
    expect(() => loadSecret(dir, { BATON_SECRET: 'dev' })).toThrow(SecretError);
  });
});

describe('revocations', () => {
  it('[R16] a revoked id is seen by another handle on the same data dir', () => {
    const dir = tempDir();
    const relaySide = new SqliteRevocationList(dir);
    const cliSide = new SqliteRevocationList(dir);
    expect(relaySide.isRevoked('abcdefghijkl')).toBe(false);
    expect(cliSide.revoke('abcdefghijkl')).toBe(true);
    expect(cliSide.revoke('abcdefghijkl')).toBe(false);
    expect(relaySide.isRevoked('abcdefghijkl')).toBe(true);
    relaySide.close();
    cliSide.close();
  });
});

describe('roles', () => {
  it('[R17] viewers may only ask; editors may send everything', () => {
    const update = new Uint8Array([0, 0]);
    const messages = [
      { type: 'sync-step1', stateVector: new Uint8Array([0]) },
      { type: 'sync-step2', update },
      { type: 'sync-update', update },
      { type: 'awareness', update },
      { type: 'query-awareness' },
    ] as const;
    expect(messages.filter((m) => mayRelay('viewer', m)).map((m) => m.type)).toEqual(['sync-step1', 'query-awareness']);
    expect(messages.every((m) => mayRelay('editor', m))).toBe(true);
  });
});

describe('revocations announced by another process', () => {
  it('[S8] close the open connections of the token at once, not at the next periodic check', async () => {
    const ids = new Set<string>();
    let announce = () => {};
    const list: RevocationCheck = { isRevoked: (id) => ids.has(id), onRevoked: (listener) => (announce = listener), close: () => {} };
    const auth = createTokenAuth({ secret, revocations: list, logger: memoryLogger(), checkIntervalMs: 60_000 });
    const closed: Array<[number, string]> = [];
    const grant = { workspace: 'w', role: 'editor' as const, tokenId: 'abcdefghijkl', expiresAt: Date.now() + 60_000 };
    auth.watch({ close: (code, reason) => closed.push([code, reason]) }, grant);
    auth.watch({ close: () => closed.push([0, 'other token']) }, { ...grant, tokenId: 'mnopqrstuvwx' });
    ids.add('abcdefghijkl');
    announce();
    expect(closed).toEqual([[CloseCode.unauthorized, 'token revoked']]);
    expect(auth.counters.closedAfterUpgrade).toBe(1);
    await auth.close();
  });
});

describe('members’ current roles', () => {
  it('[R33][R34] a member token goes by the member’s current role, is refused once removed, and is trusted with its signed role while unknown', async () => {
    const states = new Map<string, { role: 'owner' | 'editor' | 'viewer'; removed: boolean }>();
    const auth = createTokenAuth({
      secret,
      revocations: { isRevoked: () => false, close: () => {} },
      members: { current: (ws, mid) => states.get(`${ws}/${mid}`), onChange: () => {} },
      logger: memoryLogger(),
      checkIntervalMs: 60_000,
    });
    const { token } = issueToken(secret, { workspace: 'team', role: 'editor', memberId: 'member-0001' });
    expect(auth.check(token, 'team')).toMatchObject({ ok: true, payload: { role: 'editor', mid: 'member-0001' } });
    states.set('team/member-0001', { role: 'viewer', removed: false });
    expect(auth.check(token, 'team')).toMatchObject({ ok: true, payload: { role: 'viewer' } });
    states.set('team/member-0001', { role: 'viewer', removed: true });
    expect(auth.check(token, 'team')).toEqual({ ok: false, reason: 'removed' });
    // The same member id in another workspace is another member.
    const elsewhere = issueToken(secret, { workspace: 'other', role: 'editor', memberId: 'member-0001' }).token;
    expect(auth.check(elsewhere, 'other')).toMatchObject({ ok: true, payload: { role: 'editor' } });
    await auth.close();
  });
});

describe('token and revoke flags', () => {
  it('[R14] token needs a workspace and a role; data dir and ttl have defaults', () => {
    expect(parseTokenArgs(['--workspace', 'team', '--role', 'editor'])).toEqual({
      dataDir: './relay-data',
      workspace: 'team',
      role: 'editor',
      ttlSeconds: 604_800,
    });
    expect(parseTokenArgs(['--data', 'd', '--workspace', 'w', '--role', 'viewer', '--ttl', '12h'], {})).toMatchObject({ dataDir: 'd', ttlSeconds: 43_200 });
    expect(parseTokenArgs(['--workspace', 'w', '--role', 'viewer'], { BATON_DATA: '/srv' }).dataDir).toBe('/srv');
    expect(() => parseTokenArgs(['--role', 'editor'])).toThrow(/--workspace is required/);
    expect(() => parseTokenArgs(['--workspace', 'w', '--role', 'admin'])).toThrow(/editor or viewer/);
    expect(() => parseTokenArgs(['--workspace', 'a/b', '--role', 'editor'])).toThrow(/invalid workspace/);
    expect(() => parseTokenArgs(['--workspace', 'w', '--role', 'editor', '--ttl', 'forever'])).toThrow(/invalid ttl/);
    expect(() => parseTokenArgs(['--workspace', 'w', '--role', 'editor', '--bogus'])).toThrow();
  });

  it('[R16] revoke takes exactly one token id', () => {
    expect(parseRevokeArgs(['abcdefghijkl', '--data', 'd'])).toEqual({ dataDir: 'd', tokenId: 'abcdefghijkl' });
    // An id that begins with '-' is still an id, wherever it stands; new ids never begin with one.
    expect(parseRevokeArgs(['-bcdefghijkl', '--data', 'd'])).toEqual({ dataDir: 'd', tokenId: '-bcdefghijkl' });
    expect(parseRevokeArgs(['--data', 'd', '-bcdefghijkl'])).toEqual({ dataDir: 'd', tokenId: '-bcdefghijkl' });
    for (let i = 0; i < 2000; i++) expect(newTokenId()).not.toMatch(/^-/);
    expect(() => parseRevokeArgs([])).toThrow(/exactly one/);
    expect(() => parseRevokeArgs(['a', 'b'])).toThrow(/exactly one/);
    expect(() => parseRevokeArgs(['not an id'])).toThrow(/invalid token id/);
  });

  it('[S8] revoke --postgres [--redis] (or their env) targets the shared list; --redis alone is refused', () => {
    expect(parseRevokeArgs(['abcdefghijkl', '--postgres', 'postgres://p/db', '--redis', 'redis://r'])).toEqual({
      dataDir: './relay-data',
      tokenId: 'abcdefghijkl',
      postgresUrl: 'postgres://p/db',
      redisUrl: 'redis://r',
    });
    expect(parseRevokeArgs(['abcdefghijkl'], { BATON_POSTGRES_URL: 'postgresql://p/db' })).toMatchObject({ postgresUrl: 'postgresql://p/db' });
    expect(parseRevokeArgs(['abcdefghijkl'], { BATON_POSTGRES_URL: '' })).not.toHaveProperty('postgresUrl');
    expect(() => parseRevokeArgs(['abcdefghijkl', '--redis', 'redis://r'])).toThrow(/--redis needs --postgres/);
    expect(() => parseRevokeArgs(['abcdefghijkl', '--postgres', 'mysql://p'])).toThrow(/invalid --postgres/);
    expect(() => parseRevokeArgs(['abcdefghijkl', '--postgres', 'postgres://p/db', '--redis', 'http://r'])).toThrow(/invalid --redis/);
    // The instances' key is BATON_SECRET; a data dir's key would not be theirs.
    expect(() => parseRevokeArgs(['a.b', '--postgres', 'postgres://p/db'], {})).toThrow(/needs BATON_SECRET/);
    const shared = 'x'.repeat(16);
    const token = issueToken(new Uint8Array(Buffer.from(shared, 'utf8')), { workspace: 'w', role: 'editor' });
    expect(parseRevokeArgs([token.token, '--postgres', 'postgres://p/db'], { BATON_SECRET: shared }).tokenId).toBe(token.payload.jti);
  });

  it('[R16] revoke also takes the token itself, expired or not, but only one this relay signed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-revoke-'));
    try {
      const token = parseTokenArgs(['--workspace', 'w', '--role', 'editor', '--data', dir]);
      const issued = runTokenCommand({ ...token, ttlSeconds: 1 }, {});
      const id = JSON.parse(Buffer.from(issued.split('.')[0]!, 'base64url').toString('utf8')).jti as string;
      expect(parseRevokeArgs([issued, '--data', dir], {})).toEqual({ dataDir: dir, tokenId: id });
      const otherDir = mkdtempSync(join(tmpdir(), 'baton-revoke-'));
      expect(() => parseRevokeArgs([issued, '--data', otherDir], {})).toThrow(/not a token of this relay/);
      rmSync(otherDir, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
