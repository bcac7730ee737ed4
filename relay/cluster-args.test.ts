import { describe, expect, it } from 'vitest';
import { UsageError, parseRelayArgs } from './args';
import { sharedSecretProblem } from './cluster-args';

describe('scale-out flags', () => {
  it('[S1] takes --redis and --postgres together, from flags or env', () => {
    const config = parseRelayArgs(['--redis', 'redis://r:6379', '--postgres', 'postgres://u@p/db', '--instance-id', 'a']);
    expect(config).toMatchObject({ redisUrl: 'redis://r:6379', postgresUrl: 'postgres://u@p/db', instanceId: 'a' });
    const fromEnv = parseRelayArgs([], { BATON_REDIS_URL: 'redis://r', BATON_POSTGRES_URL: 'postgresql://p/db' });
    expect(fromEnv).toMatchObject({ redisUrl: 'redis://r', postgresUrl: 'postgresql://p/db' });
    expect(parseRelayArgs([]).redisUrl).toBeUndefined();
  });

  it('[S1] refuses one without the other, and URLs of the wrong kind', () => {
    expect(() => parseRelayArgs(['--redis', 'redis://r'])).toThrow(UsageError);
    expect(() => parseRelayArgs([], { BATON_POSTGRES_URL: 'postgres://p/db' })).toThrow(/go together/);
    expect(() => parseRelayArgs(['--redis', 'http://r', '--postgres', 'postgres://p/db'])).toThrow(/invalid --redis/);
    expect(() => parseRelayArgs(['--instance-id', 'a'])).toThrow(UsageError);
  });

  it('[S8] a scaled-out relay that checks tokens needs BATON_SECRET; --no-auth and SQLite do not', () => {
    const scaled = ['--redis', 'redis://r', '--postgres', 'postgres://p/db'];
    expect(sharedSecretProblem(parseRelayArgs(scaled), {})).toMatch(/needs BATON_SECRET/);
    expect(sharedSecretProblem(parseRelayArgs(scaled), { BATON_SECRET: '' })).toMatch(/needs BATON_SECRET/);
    expect(sharedSecretProblem(parseRelayArgs(scaled), { BATON_SECRET: 'short' })).toMatch(/at least 16/);
    expect(sharedSecretProblem(parseRelayArgs(scaled), { BATON_SECRET: 'x'.repeat(16) })).toBeNull();
    expect(sharedSecretProblem(parseRelayArgs([...scaled, '--no-auth']), {})).toBeNull();
    expect(sharedSecretProblem(parseRelayArgs([]), {})).toBeNull();
  });
});
