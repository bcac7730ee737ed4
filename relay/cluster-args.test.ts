import { describe, expect, it } from 'vitest';
import { UsageError, parseRelayArgs } from './args';

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
});
