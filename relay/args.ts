/** Command-line and environment configuration of `npm run relay`. */
import { parseArgs } from 'node:util';
import type { ClusterSettings } from './cluster-args';
import { CLUSTER_USAGE, clusterOptions, parseClusterSettings } from './cluster-args';
import type { NumericSettings } from './limit-args';
import { NUMERIC_USAGE, numericOptions, parseNumericSettings } from './limit-args';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT } from './server';

export interface RelayConfig extends NumericSettings, ClusterSettings {
  host: string;
  port: number;
  dataDir: string;
  /** Signed tokens required ([R14]); false only with --no-auth / BATON_AUTH=off. */
  auth: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE =
  'usage: npm run relay -- [--host HOST] [--port PORT] [--data DIR] [--no-auth]\n' +
  NUMERIC_USAGE +
  '\n' +
  CLUSTER_USAGE +
  '\n' +
  '       npm run relay -- token --data DIR --workspace W --role editor|viewer [--ttl 7d]\n' +
  '       npm run relay -- revoke TOKEN_ID|TOKEN --data DIR\n' +
  '       npm run relay -- revoke TOKEN_ID|TOKEN --postgres URL [--redis URL]   (scaled out; needs BATON_SECRET to read a token)';

/**
 * Flags win over BATON_HOST / BATON_PORT / BATON_DATA, which win over defaults.
 * --no-auth (BATON_AUTH=off): accept connections without a token, for local
 * development only; every connection may then edit ([R14]). BATON_SECRET: see auth/secret.ts.
 */
export function parseRelayArgs(argv: string[], env: NodeJS.ProcessEnv = {}): RelayConfig {
  let values: { host?: string; port?: string; data?: string; 'no-auth'?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { host: { type: 'string' }, port: { type: 'string' }, data: { type: 'string' }, 'no-auth': { type: 'boolean' }, ...numericOptions, ...clusterOptions },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const host = values.host ?? env.BATON_HOST ?? DEFAULT_HOST;
  const portText = values.port ?? env.BATON_PORT;
  const dataDir = values.data ?? env.BATON_DATA ?? DEFAULT_DATA_DIR;
  if (host === '') throw new UsageError('--host must not be empty');
  if (dataDir === '') throw new UsageError('--data must not be empty');
  const authEnv = env.BATON_AUTH;
  if (authEnv !== undefined && authEnv !== '' && authEnv !== 'on' && authEnv !== 'off') throw new UsageError(`invalid BATON_AUTH "${authEnv}": expected on or off`);
  const auth = !(values['no-auth'] ?? authEnv === 'off');
  const numeric = parseNumericSettings(values, env, (message) => new UsageError(message));
  const cluster = parseClusterSettings(values, env, (message) => new UsageError(message));
  return { host, port: portText === undefined ? DEFAULT_PORT : parsePort(portText), dataDir, auth, ...numeric, ...cluster };
}

function parsePort(text: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`invalid port "${text}": expected an integer from 0 to 65535`);
  }
  return port;
}
