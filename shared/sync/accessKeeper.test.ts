import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTH_RENEW_PATH, AUTH_STATUS_PATH } from '../protocol/auth';
import type { FetchLike } from './access';
import { ACCESS_CHECK_INTERVAL_MS, ACCESS_RETRY_MS, AccessKeeper } from './accessKeeper';
import type { RelayConfig, SyncErrorReason } from './types';

const START = Date.UTC(2026, 0, 5, 9);
const MINUTE = 60_000;

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

type Answer = { status: number; body?: unknown } | 'unreachable';

/** A relay's access endpoints answering from a script; each call records method and path. */
function setup(answer: (method: string, path: string) => Answer | Promise<Answer>) {
  const calls: string[] = [];
  const fetchFn: FetchLike = async (url, init) => {
    const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? '';
    calls.push(`${init.method} ${path}`);
    const result = await answer(init.method, path);
    if (result === 'unreachable') throw new Error('connect ECONNREFUSED');
    return { status: result.status, json: async () => result.body ?? null };
  };
  let relay: RelayConfig | null = { url: 'ws://relay.test', token: 't1' };
  const events: string[] = [];
  const keeper = new AccessKeeper({
    workspaceId: 'w1',
    fetch: fetchFn,
    relay: () => relay,
    readOnly: false,
    refused: (reason: SyncErrorReason) => events.push(`refused ${reason}`),
    accepted: () => events.push('accepted'),
    readOnlyChanged: (readOnly) => events.push(`readOnly ${readOnly}`),
    renewed: (next) => {
      relay = next;
      events.push(`renewed ${next.token}`);
    },
  });
  return {
    keeper,
    calls,
    events,
    setRelay: (next: RelayConfig | null) => {
      relay = next;
    },
  };
}

const valid = (role: 'editor' | 'viewer', lifetime: number): Answer => ({ status: 200, body: { workspace: 'w1', role, expiresAt: Date.now() + lifetime } });

describe('AccessKeeper', () => {
  it('learns that a viewer may only read, and renews two thirds of the way to expiry with the new token used from then on', async () => {
    let token = 1;
    const h = setup((method) =>
      method === 'GET' ? valid('viewer', 30 * MINUTE) : { status: 200, body: { token: `t${++token}`, expiresAt: Date.now() + 30 * MINUTE } },
    );
    await h.keeper.check();
    expect(h.events).toEqual(['accepted', 'readOnly true']);
    expect(h.keeper.readOnly).toBe(true);

    await vi.advanceTimersByTimeAsync(20 * MINUTE - 1);
    expect(h.calls).toEqual([`GET ${AUTH_STATUS_PATH}`]);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.calls).toEqual([`GET ${AUTH_STATUS_PATH}`, `POST ${AUTH_RENEW_PATH}`]);
    expect(h.events.at(-1)).toBe('renewed t2');
    await vi.advanceTimersByTimeAsync(20 * MINUTE);
    expect(h.events.at(-1)).toBe('renewed t3');
  });

  it('asks once when an owner changes the role, however many connections were closed for it, and learns the new role', async () => {
    let role: 'editor' | 'viewer' = 'editor';
    const h = setup(() => valid(role, 30 * MINUTE));
    await h.keeper.check();
    role = 'viewer';
    await Promise.all([h.keeper.roleChanged(), h.keeper.roleChanged(), h.keeper.roleChanged()]);
    expect(h.calls).toEqual([`GET ${AUTH_STATUS_PATH}`, `GET ${AUTH_STATUS_PATH}`]);
    expect(h.events).toEqual(['accepted', 'accepted', 'readOnly true']);
  });

  it('says an owner removed this member, apart from a revoked token', async () => {
    const h = setup(() => ({ status: 401, body: { error: 'removed', reason: 'removed' } }));
    await h.keeper.check();
    expect(h.events).toEqual(['refused removed']);
  });

  it('reports a refused token with its reason and schedules nothing more', async () => {
    const h = setup(() => ({ status: 401, body: { reason: 'revoked' } }));
    await h.keeper.check();
    expect(h.events).toEqual(['refused revoked']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('asks an unreachable relay again a minute later instead of concluding anything', async () => {
    let reachable = false;
    const h = setup(() => (reachable ? valid('editor', 60 * MINUTE) : 'unreachable'));
    await h.keeper.check();
    expect(h.events).toEqual([]);
    reachable = true;
    await vi.advanceTimersByTimeAsync(ACCESS_RETRY_MS);
    expect(h.calls).toHaveLength(2);
    expect(h.events).toEqual(['accepted']);
  });

  it('ignores an answer about a relay or token replaced while it was on its way', async () => {
    let answer!: (value: Answer) => void;
    const h = setup(() => new Promise<Answer>((resolve) => (answer = resolve)));
    const checking = h.keeper.check();
    await vi.advanceTimersByTimeAsync(0);
    h.setRelay({ url: 'ws://relay.test', token: 'joined-again' });
    answer({ status: 401, body: { reason: 'expired' } });
    await checking;
    expect(h.events).toEqual([]);
  });

  it('asks why at most every 10 s when sockets fail, but at once when the relay closed one for access', async () => {
    const h = setup(() => valid('editor', 60 * MINUTE));
    await h.keeper.diagnose(false);
    await h.keeper.diagnose(false);
    expect(h.calls).toHaveLength(1);
    await h.keeper.diagnose(true);
    expect(h.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(ACCESS_CHECK_INTERVAL_MS);
    await h.keeper.diagnose(false);
    expect(h.calls).toHaveLength(3);
  });

  it('on dispose clears the renewal timer, and an answer arriving afterwards changes nothing', async () => {
    let answer!: (value: Answer) => void;
    let first = true;
    const h = setup(() => {
      if (first) {
        first = false;
        return valid('editor', 60 * MINUTE);
      }
      return new Promise<Answer>((resolve) => (answer = resolve));
    });
    await h.keeper.check();
    expect(vi.getTimerCount()).toBe(1);
    h.keeper.dispose();
    expect(vi.getTimerCount()).toBe(0);

    const again = setup(() => new Promise<Answer>((resolve) => (answer = resolve)));
    const checking = again.keeper.check();
    again.keeper.dispose();
    answer(valid('viewer', 60 * MINUTE));
    await checking;
    expect(again.events).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
