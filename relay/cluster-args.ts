/**
 * Scale-out flags of `npm run relay` ([S1]): `--redis URL --postgres URL`
 * (env BATON_REDIS_URL, BATON_POSTGRES_URL) make this relay one of several
 * instances sharing PostgreSQL and Redis; both or neither. Flags win over env.
 */
import { MIN_SECRET_LENGTH, SECRET_ENV } from './auth/secret';

export interface ClusterSettings {
  redisUrl?: string;
  postgresUrl?: string;
  /** Names the instance in logs and pub/sub messages (BATON_INSTANCE_ID); random by default. */
  instanceId?: string;
}

export const CLUSTER_USAGE = '       [--redis URL --postgres URL [--instance-id ID]]';

/** parseArgs options for the scale-out flags. */
export const clusterOptions = {
  redis: { type: 'string' },
  postgres: { type: 'string' },
  'instance-id': { type: 'string' },
} as const;

export function parseClusterSettings(values: Partial<Record<string, unknown>>, env: NodeJS.ProcessEnv, fail: (message: string) => Error): ClusterSettings {
  const text = (flag: string, envName: string): string | undefined => {
    const value = typeof values[flag] === 'string' ? (values[flag] as string) : env[envName];
    return value === '' ? undefined : value;
  };
  const redisUrl = text('redis', 'BATON_REDIS_URL');
  const postgresUrl = text('postgres', 'BATON_POSTGRES_URL');
  const instanceId = text('instance-id', 'BATON_INSTANCE_ID');
  if ((redisUrl === undefined) !== (postgresUrl === undefined)) {
    throw fail('--redis and --postgres go together: PostgreSQL stores the updates, Redis tells the other instances (give both, or neither for SQLite)');
  }
  if (redisUrl !== undefined && !isRedisUrl(redisUrl)) throw fail(`invalid --redis "${redisUrl}": expected redis://HOST:PORT`);
  if (postgresUrl !== undefined && !isPostgresUrl(postgresUrl)) {
    throw fail(`invalid --postgres "${postgresUrl}": expected postgres://USER@HOST:PORT/DB`);
  }
  if (redisUrl === undefined && instanceId !== undefined) throw fail('--instance-id needs --redis and --postgres');
  return { redisUrl, postgresUrl, instanceId };
}

export function isRedisUrl(url: string): boolean {
  return /^rediss?:\/\//.test(url);
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * [S8] Instances behind one address must sign and check tokens with one key: a
 * key generated per data dir would make a token good on one instance only. So
 * a scaled-out relay that checks tokens needs BATON_SECRET; null when fine.
 */
export function sharedSecretProblem(config: ClusterSettings & { auth: boolean }, env: NodeJS.ProcessEnv): string | null {
  if (config.redisUrl === undefined || !config.auth) return null;
  const secret = env[SECRET_ENV];
  if (secret === undefined || secret === '') {
    return `a scaled-out relay (--redis/--postgres) needs ${SECRET_ENV}, the same on every instance: a key generated per data dir would make tokens valid on one instance only`;
  }
  if (secret.length < MIN_SECRET_LENGTH) return `${SECRET_ENV} must be at least ${MIN_SECRET_LENGTH} characters`;
  return null;
}
