import { describe, expect, it } from 'vitest';
import { UsageError, parseRelayArgs } from './args';

describe('parseRelayArgs', () => {
  it('[R11] uses the documented defaults', () => {
    expect(parseRelayArgs([])).toEqual({ host: '127.0.0.1', port: 4455, dataDir: './relay-data', auth: true });
  });

  it('[R11] reads env, and flags win over env', () => {
    const env = { BATON_HOST: '0.0.0.0', BATON_PORT: '9000', BATON_DATA: '/srv/baton' };
    expect(parseRelayArgs([], env)).toEqual({ host: '0.0.0.0', port: 9000, dataDir: '/srv/baton', auth: true });
    expect(parseRelayArgs(['--port', '0', '--data', 'd', '--host', '::1'], env)).toEqual({ host: '::1', port: 0, dataDir: 'd', auth: true });
  });

  it('[R11][R25] reads every limit from its flag or env variable, flags first', () => {
    const env = { BATON_MAX_MESSAGE_BYTES: '2048', BATON_MAX_ROOMS: '7', BATON_IDLE_UNLOAD_MS: '0' };
    expect(parseRelayArgs(['--max-rooms', '9', '--rate-messages', '50', '--max-connections-per-ip', '3'], env)).toMatchObject({
      maxMessageBytes: 2048,
      maxRooms: 9,
      idleUnloadMs: 0,
      rateMessagesPerSecond: 50,
      maxConnectionsPerIp: 3,
    });
    expect(parseRelayArgs([], { BATON_TRUSTED_PROXIES: '1' })).toMatchObject({ trustedProxies: 1 });
    // [R42] Channels per multiplexed socket.
    expect(parseRelayArgs(['--max-channels-per-socket', '64'], { BATON_MAX_CHANNELS_PER_SOCKET: '8' })).toMatchObject({ maxChannelsPerSocket: 64 });
    expect(parseRelayArgs([], { BATON_MAX_CHANNELS_PER_SOCKET: '8' })).toMatchObject({ maxChannelsPerSocket: 8 });
    expect(parseRelayArgs(['--trusted-proxies', '0'], { BATON_TRUSTED_PROXIES: '2' })).toMatchObject({ trustedProxies: 0 });
    expect(() => parseRelayArgs(['--max-rooms', '0'])).toThrow(/invalid --max-rooms/);
    expect(() => parseRelayArgs([], { BATON_RATE_BYTES: 'lots' })).toThrow(/invalid --rate-bytes/);
  });

  it('[R11] rejects unknown flags, positionals and bad ports', () => {
    expect(() => parseRelayArgs(['--bogus'])).toThrow(UsageError);
    expect(() => parseRelayArgs(['serve'])).toThrow(UsageError);
    expect(() => parseRelayArgs(['--port', '70000'])).toThrow(/invalid port/);
    expect(() => parseRelayArgs(['--port', '12ab'])).toThrow(/invalid port/);
    expect(() => parseRelayArgs([], { BATON_PORT: '-1' })).toThrow(/invalid port/);
  });

  it('[R14] auth is on unless --no-auth or BATON_AUTH=off', () => {
    expect(parseRelayArgs(['--no-auth']).auth).toBe(false);
    expect(parseRelayArgs([], { BATON_AUTH: 'off' }).auth).toBe(false);
    expect(parseRelayArgs([], { BATON_AUTH: 'on' }).auth).toBe(true);
    expect(() => parseRelayArgs([], { BATON_AUTH: 'maybe' })).toThrow(/BATON_AUTH/);
  });
});
