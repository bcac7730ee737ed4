import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './http';

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
