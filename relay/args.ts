/** Command-line and environment configuration of `npm run relay`. */
import { parseArgs } from 'node:util';
import type { ClusterSettings } from './cluster-args';
import { CLUSTER_USAGE, clusterOptions, parseClusterSettings } from './cluster-args';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT } from './server';

export interface RelayConfig extends ClusterSettings {
  host: string;
  port: number;
  dataDir: string;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = 'usage: npm run relay -- [--host HOST] [--port PORT] [--data DIR]\n' + CLUSTER_USAGE;

/** Flags win over BATON_HOST / BATON_PORT / BATON_DATA, which win over defaults. */
export function parseRelayArgs(argv: string[], env: NodeJS.ProcessEnv = {}): RelayConfig {
  let values: { host?: string; port?: string; data?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { host: { type: 'string' }, port: { type: 'string' }, data: { type: 'string' }, ...clusterOptions },
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
  const cluster = parseClusterSettings(values, env, (message) => new UsageError(message));
  return { host, port: portText === undefined ? DEFAULT_PORT : parsePort(portText), dataDir, ...cluster };
}

function parsePort(text: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`invalid port "${text}": expected an integer from 0 to 65535`);
  }
  return port;
}
