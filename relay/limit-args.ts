/**
 * Numeric tuning flags of `npm run relay`, each with its env variable ([R11],
 * [R25]); flags win over env, and an absent one leaves the relay's default
 * (`DEFAULT_LIMITS` in limits.ts, 5000 ms idle unload).
 */
import type { RelayLimits } from './limits';

export const NUMERIC_FLAGS = {
  'idle-unload-ms': { key: 'idleUnloadMs', env: 'BATON_IDLE_UNLOAD_MS', min: 0 },
  'max-message-bytes': { key: 'maxMessageBytes', env: 'BATON_MAX_MESSAGE_BYTES', min: 1024 },
  'rate-messages': { key: 'rateMessagesPerSecond', env: 'BATON_RATE_MESSAGES', min: 1 },
  'rate-messages-burst': { key: 'rateMessagesBurst', env: 'BATON_RATE_MESSAGES_BURST', min: 1 },
  'rate-bytes': { key: 'rateBytesPerSecond', env: 'BATON_RATE_BYTES', min: 1 },
  'rate-bytes-burst': { key: 'rateBytesBurst', env: 'BATON_RATE_BYTES_BURST', min: 1 },
  'max-connections-per-ip': { key: 'maxConnectionsPerIp', env: 'BATON_MAX_CONNECTIONS_PER_IP', min: 1 },
  'max-rooms': { key: 'maxRooms', env: 'BATON_MAX_ROOMS', min: 1 },
  'max-channels-per-socket': { key: 'maxChannelsPerSocket', env: 'BATON_MAX_CHANNELS_PER_SOCKET', min: 1 },
  'trusted-proxies': { key: 'trustedProxies', env: 'BATON_TRUSTED_PROXIES', min: 0 },
} as const satisfies Record<string, { key: keyof RelayLimits | 'idleUnloadMs'; env: string; min: number }>;

export type NumericFlag = keyof typeof NUMERIC_FLAGS;
export type NumericSettings = Partial<Record<(typeof NUMERIC_FLAGS)[NumericFlag]['key'], number>>;

export const NUMERIC_USAGE =
  '       [--idle-unload-ms MS] [--max-message-bytes N] [--rate-messages N] [--rate-messages-burst N]\n' +
  '       [--rate-bytes N] [--rate-bytes-burst N] [--max-connections-per-ip N] [--max-rooms N]\n' +
  '       [--max-channels-per-socket N] [--trusted-proxies N]';

/** parseArgs options for the numeric flags. */
export const numericOptions = Object.fromEntries(Object.keys(NUMERIC_FLAGS).map((flag) => [flag, { type: 'string' as const }])) as Record<
  NumericFlag,
  { type: 'string' }
>;

/** The numeric settings given by flag or env; `fail` builds the usage error to throw. */
export function parseNumericSettings(
  values: Partial<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
  fail: (message: string) => Error,
): NumericSettings {
  const settings: NumericSettings = {};
  for (const [flag, { key, env: envName, min }] of Object.entries(NUMERIC_FLAGS)) {
    const given = values[flag];
    const text = typeof given === 'string' ? given : env[envName];
    if (text === undefined) continue;
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min) throw fail(`invalid --${flag} "${text}": expected an integer of at least ${min}`);
    settings[key] = value;
  }
  return settings;
}
