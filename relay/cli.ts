/**
 * `npm run relay -- [--host H] [--port P] [--data DIR] [--no-auth]`
 * `npm run relay -- token ...` / `npm run relay -- revoke ...` (see auth/commands.ts)
 * stdout: exactly `listening on ws://H:P` once connections are accepted.
 * stderr: JSON log lines. Exit codes: 0 after SIGINT/SIGTERM, 1 on failure, 2 on bad usage.
 */
import { USAGE, UsageError, parseRelayArgs } from './args';
import { CommandUsageError, parseRevokeArgs, parseTokenArgs, runRevokeCommand, runTokenCommand } from './auth/commands';
import { jsonLogger } from './log';
import { startRelay } from './server';
import { openClusterStore } from './storage';

/** `token` and `revoke` run and exit; stdout carries the token and nothing else ([R14]). */
function runCommand(name: 'token' | 'revoke', argv: string[]): void {
  try {
    if (name === 'token') {
      process.stdout.write(runTokenCommand(parseTokenArgs(argv, process.env)) + '\n');
    } else {
      const command = parseRevokeArgs(argv, process.env);
      const added = runRevokeCommand(command);
      process.stderr.write(`relay: token ${command.tokenId} ${added ? 'revoked' : 'was already revoked'}\n`);
    }
  } catch (error) {
    if (!(error instanceof CommandUsageError)) throw error;
    process.stderr.write(`relay ${name}: ${error.message}\n${error.usage}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const subcommand = process.argv[2];
  if (subcommand === 'token' || subcommand === 'revoke') return runCommand(subcommand, process.argv.slice(3));
  let config;
  try {
    config = parseRelayArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`relay: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }

  const logger = jsonLogger();
  if (!config.auth) logger.warn('auth disabled (--no-auth / BATON_AUTH=off): anyone who can reach this relay can read and edit every workspace');
  const { host, port, dataDir, auth, idleUnloadMs, redisUrl, postgresUrl, instanceId, ...limits } = config;
  // [S1] With Redis and PostgreSQL this process is one of several instances; without, SQLite in dataDir.
  const store = redisUrl && postgresUrl ? openClusterStore({ redisUrl, postgresUrl, instanceId, logger }) : undefined;
  if (store) {
    logger.info('scale-out: updates in postgres, announced on redis', { instanceId: store.instanceId });
    store.ready().catch((error: unknown) => logger.error('postgres unavailable; rooms cannot load until it is back', { error }));
  }
  const relay = await startRelay({ host, port, dataDir, auth: auth ? 'data-dir' : undefined, idleUnloadMs, limits, logger, store });
  process.stdout.write(`listening on ${relay.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  jsonLogger().error('relay failed to start', { error });
  process.exit(1);
});
