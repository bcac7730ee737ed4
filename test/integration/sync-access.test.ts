import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runRevokeCommand } from '../../relay/auth/commands';
import { createPage, initWorkspace, listPages, newId } from '../../shared/model';
import { MemoryPersistence, WorkspaceSync, type FetchLike, type SocketFactory } from '../../shared/sync';
import { createCleanup, mintToken, relayFor, waitUntil } from '../helpers';

// The app's side of relay access ([R14]–[R18]): tokens are checked, renewed
// before they lapse, and a refusal is reported with its reason instead of a
// reconnect loop.
const cleanup = createCleanup();
afterEach(() => cleanup.run());

const me = { id: 'm-kai', name: 'Kai', color: '#2563eb', timezone: 'Asia/Tokyo', workingHours: { start: 540, end: 1020, days: [1, 2, 3, 4, 5] }, joinedAt: 0 };

const authRelay = () => relayFor(cleanup, { auth: 'data-dir', authCheckIntervalMs: 200 });

function device(workspaceId: string, url: string, token: string, renewed: string[] = []) {
  const sync = new WorkspaceSync({
    workspaceId,
    relay: { url, token },
    persistence: new MemoryPersistence(),
    WebSocket: WebSocket as unknown as SocketFactory,
    backoff: { baseMs: 50, capMs: 300 },
    fetch: fetch as unknown as FetchLike,
    onTokenRenewed: (next) => renewed.push(next),
  });
  cleanup.add(() => sync.destroy());
  return sync;
}

describe('relay access from the app', () => {
  it('syncs with a valid token, and stops with "revoked" (no reconnect loop) once the token is revoked', async () => {
    const relay = await authRelay();
    const workspaceId = newId();
    const { token, payload } = mintToken(relay.dataDir, workspaceId);
    const sync = device(workspaceId, relay.url, token);
    await sync.ready;
    initWorkspace(sync.index, { id: workspaceId, name: 'Ops', creator: me });
    await sync.whenSynced();

    runRevokeCommand({ dataDir: relay.dataDir, tokenId: payload.jti });
    await waitUntil(() => sync.state.error === 'revoked', { timeoutMs: 15_000, description: 'revoked reported' });
    expect(sync.state.status).toBe('offline');

    // Work goes on locally and is counted as pending; nothing hammers the relay.
    const rejectedBefore = relay.relay.auth?.counters.rejected.revoked ?? 0;
    createPage(sync.index, { title: 'Written after revocation', by: me.id });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sync.state.pending).toBeGreaterThan(0);
    expect((relay.relay.auth?.counters.rejected.revoked ?? 0) - rejectedBefore).toBeLessThanOrEqual(1);
  });

  it('reports an expired token as "expired" and a token for another workspace as "forbidden"', async () => {
    const relay = await authRelay();
    const workspaceId = newId();
    const expired = mintToken(relay.dataDir, workspaceId, { ttlSeconds: 60, now: Date.now() - 120_000 }).token;
    const elsewhere = mintToken(relay.dataDir, newId()).token;
    const a = device(workspaceId, relay.url, expired);
    const b = device(workspaceId, relay.url, elsewhere);
    await waitUntil(() => a.state.error === 'expired' && b.state.error === 'forbidden', { timeoutMs: 10_000, description: 'refusals explained' });
  });

  it('renews its token before it lapses and keeps syncing past the original expiry', async () => {
    const relay = await authRelay();
    const workspaceId = newId();
    const { token, payload } = mintToken(relay.dataDir, workspaceId, { ttlSeconds: 7 });
    const renewed: string[] = [];
    const sync = device(workspaceId, relay.url, token, renewed);
    await sync.ready;
    initWorkspace(sync.index, { id: workspaceId, name: 'Ops', creator: me });
    await waitUntil(() => renewed.length > 0, { timeoutMs: 10_000, description: 'token renewed' });
    expect(renewed[0]).not.toBe(token);
    expect(sync.relayConfig?.token).toBe(renewed[renewed.length - 1]);

    // Past the first token's expiry the relay would have closed the connection; the device is still in.
    await waitUntil(() => Date.now() > payload.exp * 1000 + 1000, { timeoutMs: 10_000 });
    createPage(sync.index, { title: 'After the first token expired', by: me.id });
    await sync.whenSynced(10_000);
    expect(sync.state.error).toBeNull();

    const other = device(workspaceId, relay.url, renewed[renewed.length - 1]!);
    await waitUntil(() => listPages(other.index).some((page) => page.title === 'After the first token expired'), { timeoutMs: 10_000 });
  });

  // That the app remembers this and starts read-only without the relay is shown in the
  // renderer, where the answer is kept: test/e2e/nothing-lost.test.ts (a viewer reopened offline).
  it('tells the app a viewer may only read', async () => {
    const relay = await authRelay();
    const workspaceId = newId();
    const seen: boolean[] = [];
    const viewer = new WorkspaceSync({
      workspaceId,
      relay: { url: relay.url, token: mintToken(relay.dataDir, workspaceId, { role: 'viewer' }).token },
      persistence: new MemoryPersistence(),
      WebSocket: WebSocket as unknown as SocketFactory,
      fetch: fetch as unknown as FetchLike,
      onAccessKnown: (readOnly) => seen.push(readOnly),
    });
    cleanup.add(() => viewer.destroy());
    await waitUntil(() => viewer.state.readOnly === true, { timeoutMs: 10_000, description: 'viewer known' });
    expect(seen).toEqual([true]);
  });
});
