/**
 * Crafted updates against the real relay, from a client with an editor token:
 * each once broke the room for everyone ([R26], [R31]); now only its sender pays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol';
import { EMPTY_STRING_FRAME, ZERO_LENGTH_GC_FRAME, nestedArraysUpdate, updateFrame } from '../../relay/crafted';
import type { AuthDecision } from '../../relay/auth/hook';
import { MemoryDocStore } from '../../relay/testing';
import { createCleanup, mintToken, openRawSocket, relayFor, stockClientFor, upgradeResponse, waitForClose, waitUntil } from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/** Each frame, and how the relay's frame counter files it: refused by the decoder, or decoded and refused by the room. */
const CRAFTED: Array<[string, Uint8Array, 'undecodable' | 'refused']> = [
  ['a struct of length zero', ZERO_LENGTH_GC_FRAME, 'undecodable'],
  ['an empty string item', EMPTY_STRING_FRAME, 'undecodable'],
  ['types nested 4,000 deep, the outermost deleted', updateFrame(nestedArraysUpdate(4000, { deleteOutermost: true })), 'refused'],
];

describe('crafted updates against the real relay', () => {
  for (const [what, frame, outcome] of CRAFTED) {
    it(`[R26] ${what}: the sender is closed with 4400, the room keeps working for everyone, before and after a restart`, async () => {
      const relay = await relayFor(cleanup, { auth: 'data-dir' });
      const { token } = mintToken(relay.dataDir, 'team');
      const honest = stockClientFor(cleanup, relay.url, 'team/doc', { token });
      await honest.synced();
      const statuses: string[] = [];
      honest.provider.on('status', ({ status }: { status: string }) => statuses.push(status));
      honest.doc.getText('t').insert(0, 'hello');

      const attacker = await openRawSocket(relay.url, `team/doc?token=${token}`);
      const closed = waitForClose(attacker.ws);
      attacker.ws.send(frame);
      expect((await closed).code).toBe(CloseCode.malformed);
      const metrics = await (await fetch(`${relay.url.replace('ws', 'http')}/metrics`)).text();
      expect(metrics).toContain(`baton_relay_frames_total{type="sync-update",outcome="${outcome}"} 1`);

      // Typed after the refusal: once a newcomer has it, it would have had the crafted update too.
      honest.doc.getText('t').insert(5, ' world');
      const newcomer = stockClientFor(cleanup, relay.url, 'team/doc', { token });
      await newcomer.synced();
      await waitUntil(() => newcomer.doc.getText('t').toString() === 'hello world');
      expect(statuses).not.toContain('disconnected');

      honest.destroy();
      newcomer.destroy();
      await relay.restart();
      const afterRestart = stockClientFor(cleanup, relay.url, 'team/doc', { token });
      await afterRestart.synced();
      expect(afterRestart.doc.getText('t').toString()).toBe('hello world');
    });
  }
});

describe('rooms that cannot load', () => {
  it('[R12] a room that fails to load is refused without loading again until its backoff ends, /healthz and /metrics say so, other rooms work', async () => {
    const store = new MemoryDocStore();
    const load = store.loadUpdates.bind(store);
    let brokenLoads = 0;
    store.loadUpdates = (room) => {
      if (room !== 'w/broken') return load(room);
      brokenLoads += 1;
      throw new Error('unreadable');
    };
    const relay = await relayFor(cleanup, { store });
    const first = await openRawSocket(relay.url, 'w/broken');
    expect((await waitForClose(first.ws)).code).toBe(CloseCode.internal);
    const second = await openRawSocket(relay.url, 'w/broken');
    expect((await waitForClose(second.ws)).code).toBe(CloseCode.internal);
    expect(brokenLoads).toBe(1);

    const health = (await (await fetch(`${relay.url.replace('ws', 'http')}/healthz`)).json()) as { status: string; roomsUnavailable?: number };
    expect(health).toMatchObject({ status: 'degraded', roomsUnavailable: 1 });
    const metrics = await (await fetch(`${relay.url.replace('ws', 'http')}/metrics`)).text();
    expect(metrics).toMatch(/^baton_relay_room_load_failures_total 1$/m);
    expect(metrics).toMatch(/^baton_relay_rooms_unavailable 1$/m);

    const fine = stockClientFor(cleanup, relay.url, 'w/fine');
    await fine.synced();
  });
});

describe('the authorization hook', () => {
  it('[R13] every upgrade with a valid room asks authorize(request, room); a refusal is its HTTP status, an approval a websocket', async () => {
    const asked: string[] = [];
    const authorize = (_request: unknown, room: { name: string; params: URLSearchParams }): AuthDecision => {
      asked.push(`${room.name} ${room.params.get('token') ?? ''}`);
      if (room.params.get('token') === 'let-me-in') return { ok: true };
      return room.name.startsWith('mine/') ? { ok: false, status: 401, reason: 'missing' } : { ok: false, status: 403, reason: 'wrong-workspace' };
    };
    const relay = await relayFor(cleanup, { authorize });
    expect((await upgradeResponse(relay.url, 'mine/doc')).status).toBe(401);
    expect((await upgradeResponse(relay.url, 'theirs/doc?token=nope')).status).toBe(403);
    const allowed = stockClientFor(cleanup, relay.url, 'mine/doc', { token: 'let-me-in' });
    await allowed.synced();
    // An invalid room name is refused before the hook is asked ([R1]).
    expect((await upgradeResponse(relay.url, 'not-a-room')).status).toBe(400);
    expect(asked).toEqual(['mine/doc ', 'theirs/doc nope', 'mine/doc let-me-in']);
  });
});
