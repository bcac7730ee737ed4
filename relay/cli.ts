/**
 * `npm run relay -- [--host H] [--port P] [--data DIR] [--no-auth] [--redis URL --postgres URL]`
 * `npm run relay -- token ...` / `npm run relay -- revoke ...` (see auth/commands.ts)
 * stdout: exactly `listening on ws://H:P` once connections are accepted, then (with auth)
 * `setup link: baton://setup?relay=ws://H:P&code=C` for the relay's administrator ([R32]).
 * stderr: JSON log lines. Exit codes: 0 after SIGINT/SIGTERM, 1 on failure, 2 on bad usage.
 */
import { USAGE, UsageError, parseRelayArgs } from './args';
import type { RelayAuthOption } from './auth';
import { loadSecret } from './auth';
import { CommandUsageError, parseRevokeArgs, parseTokenArgs, runRevokeCommand, runTokenCommand } from './auth/commands';
import { sharedSecretProblem } from './cluster-args';
import { isRelayUrl } from '../shared/protocol';
import { setupLinkLine } from './access/setup';
import { jsonLogger } from './log';
import { startRelay } from './server';
import { BackendUnavailableError } from './storage';

/** `token` and `revoke` run and exit; stdout carries the token and nothing else ([R14]). */
async function runCommand(name: 'token' | 'revoke', argv: string[]): Promise<void> {
  try {
    if (name === 'token') {
      process.stdout.write(runTokenCommand(parseTokenArgs(argv, process.env)) + '\n');
    } else {
      const command = parseRevokeArgs(argv, process.env);
      const result = await runRevokeCommand(command);
      process.stderr.write(`relay: token ${command.tokenId} ${result.added ? 'revoked' : 'was already revoked'}\n`);
      if (command.postgresUrl !== undefined && !result.announced) {
        const why = result.announceError instanceof Error ? ` (${result.announceError.message})` : '';
        const how = command.redisUrl === undefined ? 'without --redis' : `redis unreachable${why}`;
        process.stderr.write(`relay: stored in postgres, ${how}: every instance reads it within a few seconds\n`);
      }
    }
  } catch (error) {
    if (error instanceof CommandUsageError) {
      process.stderr.write(`relay ${name}: ${error.message}\n${error.usage}\n`);
      process.exit(2);
    }
    process.stderr.write(`relay ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const subcommand = process.argv[2];
  if (subcommand === 'token' || subcommand === 'revoke') return runCommand(subcommand, process.argv.slice(3));
  let config;
  try {
    config = parseRelayArgs(process.argv.slice(2), process.env);
    // [S8] Checked here, not in parseRelayArgs: it is about the environment the instance runs in.
    const problem = sharedSecretProblem(config, process.env);
    if (problem) throw new UsageError(problem);
    const publicUrl = process.env.BATON_PUBLIC_URL;
    if (publicUrl && !isRelayUrl(publicUrl)) throw new UsageError(`invalid BATON_PUBLIC_URL "${publicUrl}": expected ws://HOST[:PORT] or wss://HOST[:PORT]`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`relay: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }

  const logger = jsonLogger();
  if (!config.auth) logger.warn('auth disabled (--no-auth / BATON_AUTH=off): anyone who can reach this relay can read and edit every workspace');
  const { host, port, dataDir, auth, idleUnloadMs, redisUrl, postgresUrl, instanceId, ...limits } = config;
  // [S1] With Redis and PostgreSQL this process is one of several instances; without, SQLite in dataDir.
  // The PostgreSQL and Redis clients are loaded only then: a relay on SQLite never holds them in memory.
  const store = redisUrl && postgresUrl ? (await import('./storage/cluster')).openClusterStore({ redisUrl, postgresUrl, instanceId, logger }) : undefined;
  if (store) {
    logger.info('scale-out: updates in postgres, announced on redis', { instanceId: store.instanceId });
    store.ready().catch((error: unknown) => {
      // [S7] An outage is logged once by the store itself.
      if (!(error instanceof BackendUnavailableError)) logger.error('postgres unavailable; rooms cannot load until it is back', { error });
    });
  }
  let authOption: RelayAuthOption | undefined = auth ? 'data-dir' : undefined;
  if (auth && redisUrl && postgresUrl) {
    // [S8] Revocations shared by every instance; listening only once they are known,
    // so no upgrade is judged against a list this instance has not read.
    const { PostgresRevocationList } = await import('./auth/shared-revocations');
    const revocations = new PostgresRevocationList({ postgresUrl, redisUrl, logger, outages: store?.sharedOutages() });
    await revocations.ready();
    // [R36] Workspaces, members and invites shared by every instance; member changes announced on Redis.
    const { PostgresAccessStore } = await import('./access/store-postgres');
    const access = new PostgresAccessStore({ postgresUrl, redisUrl, logger, outages: store?.sharedOutages() });
    authOption = { secret: loadSecret(dataDir, process.env), revocations, access };
  }
  const relay = await startRelay({ host, port, dataDir, auth: authOption, idleUnloadMs, limits, logger, store });
  process.stdout.write(`listening on ${relay.url}\n`);
  // [R32] On every start, on stdout only (never in the JSON logs): pasted into the app's Share dialog.
  if (relay.auth) process.stdout.write(`${setupLinkLine(process.env.BATON_PUBLIC_URL?.trim() || relay.url, relay.auth.secret)}\n`);

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
