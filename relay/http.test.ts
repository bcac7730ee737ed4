import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { HealthReport } from './http';
import { clientAddress, handleHttpRequest, withStoreHealth } from './http';

function request(peer: string, forwardedFor?: string | string[]): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('[R25] is the socket peer unless proxies are trusted: a client cannot pick its address', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), 0)).toBe('203.0.113.9');
  });

  it('[R25] behind one trusted proxy is the address that proxy appended, whatever the client wrote before it', () => {
    expect(clientAddress(request('10.0.0.2', '198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2', 'spoofed, 198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2', ['spoofed', ' 198.51.100.7 ']), 1)).toBe('198.51.100.7');
  });

  it('[R25] behind two trusted proxies skips both; a shorter chain falls back to its outermost entry', () => {
    expect(clientAddress(request('10.0.0.2', 'spoofed, 198.51.100.7, 10.0.0.1'), 2)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2', '10.0.0.1'), 2)).toBe('10.0.0.1');
    expect(clientAddress(request('10.0.0.2'), 2)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', ' , '), 1)).toBe('10.0.0.2');
  });
});

describe('/healthz of a scaled-out relay', () => {
  const base: HealthReport = { status: 'ok', uptime: 5, rooms: 2, connections: 3 };

  async function get(report: HealthReport): Promise<{ status: number; body: unknown }> {
    const server = createServer((req, res) => handleHttpRequest(req, res, () => report));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
      return { status: response.status, body: await response.json() };
    } finally {
      server.close();
    }
  }

  const backends = { backends: [] };

  it('[S7] answers 503, degraded, while PostgreSQL is down: the instance stores nothing', async () => {
    const report = withStoreHealth(base, { storage: 'down', fanout: 'ok', ...backends });
    expect(await get(report)).toEqual({ status: 503, body: { ...base, status: 'degraded', storage: 'down', fanout: 'ok' } });
  });

  it('[S7] answers 200, degraded, while only Redis is down: every edit is still stored and served', async () => {
    const report = withStoreHealth(base, { storage: 'ok', fanout: 'down', ...backends });
    expect(await get(report)).toEqual({ status: 200, body: { ...base, status: 'degraded', storage: 'ok', fanout: 'down' } });
  });

  it('[S7][R10] answers 200, ok, with both backends up', async () => {
    const report = withStoreHealth(base, { storage: 'ok', fanout: 'ok', ...backends });
    expect(await get(report)).toEqual({ status: 200, body: { ...base, storage: 'ok', fanout: 'ok' } });
  });
});
