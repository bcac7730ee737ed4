/**
 * `npm run relay -- token ...` and `npm run relay -- revoke ...` ([R14], [R16]).
 *
 * Flags (env equivalents; flags win):
 *   token  --data DIR        (BATON_DATA, default ./relay-data) data dir of the relay that will accept it
 *          --workspace W     workspace id the token opens (required)
 *          --role ROLE       editor | viewer (required)
 *          --ttl TTL         lifetime: 30s, 15m, 12h, 7d (default 7d)
 *   revoke TOKEN_ID|TOKEN --data DIR (BATON_DATA)
 *   revoke TOKEN_ID|TOKEN --postgres URL [--redis URL]   (BATON_POSTGRES_URL, BATON_REDIS_URL)
 *                            scaled out ([S8]): stored in PostgreSQL, announced on Redis
 *   BATON_SECRET             signing key; otherwise <data>/secret.key, created on first use
 *
 * `token` prints the token and nothing else on stdout, so `$(npm run -s relay -- token ...)` works.
 */
import { parseArgs } from 'node:util';
import type { InviteRole } from '../../shared/protocol';
import { isInviteRole, isValidId } from '../../shared/protocol';
import { isPostgresUrl, isRedisUrl } from '../cluster-args';
import { DEFAULT_DATA_DIR } from '../server';
import { SqliteRevocationList } from './revocations';
import { SECRET_ENV, loadSecret } from './secret';
import type { SharedRevocation } from './shared-revocations';
import { DEFAULT_TTL_SECONDS, isTokenId, issueToken, parseTtl, verifyToken } from './token';

export const TOKEN_USAGE = 'usage: npm run relay -- token --data DIR --workspace W --role editor|viewer [--ttl 7d]';
export const REVOKE_USAGE =
  'usage: npm run relay -- revoke TOKEN_ID|TOKEN --data DIR\n' +
  '       npm run relay -- revoke TOKEN_ID|TOKEN --postgres URL [--redis URL]   (scaled out)';

export class CommandUsageError extends Error {
  override readonly name = 'CommandUsageError';

  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

export interface TokenCommand {
  dataDir: string;
  workspace: string;
  /** Workspace tokens are never an owner's: owners are members, set up or promoted through the app ([R32]). */
  role: InviteRole;
  ttlSeconds: number;
}

export function parseTokenArgs(argv: string[], env: NodeJS.ProcessEnv = {}): TokenCommand {
  const values = parse(argv, { data: { type: 'string' }, workspace: { type: 'string' }, role: { type: 'string' }, ttl: { type: 'string' } }, TOKEN_USAGE).values;
  const dataDir = values.data ?? env.BATON_DATA ?? DEFAULT_DATA_DIR;
  if (dataDir === '') throw new CommandUsageError('--data must not be empty', TOKEN_USAGE);
  if (values.workspace === undefined) throw new CommandUsageError('--workspace is required', TOKEN_USAGE);
  if (!isValidId(values.workspace)) throw new CommandUsageError(`invalid workspace id "${values.workspace}": use 1-64 of A-Z a-z 0-9 _ -`, TOKEN_USAGE);
  if (!isInviteRole(values.role)) throw new CommandUsageError(`--role must be editor or viewer${values.role === undefined ? '' : `, not "${values.role}"`}`, TOKEN_USAGE);
  let ttlSeconds = DEFAULT_TTL_SECONDS;
  if (values.ttl !== undefined) {
    try {
      ttlSeconds = parseTtl(values.ttl);
    } catch (error) {
      throw new CommandUsageError((error as Error).message, TOKEN_USAGE);
    }
  }
  return { dataDir, workspace: values.workspace, role: values.role, ttlSeconds };
}

export interface RevokeCommand {
  dataDir: string;
  tokenId: string;
  /** Scaled out ([S8]): the revocation goes to PostgreSQL instead of `<data>/auth.sqlite`. */
  postgresUrl?: string;
  /** Where running instances hear of it at once; only with postgresUrl. */
  redisUrl?: string;
}

export function parseRevokeArgs(argv: string[], env: NodeJS.ProcessEnv = {}): RevokeCommand {
  // Ids made before they stopped beginning with '-' are ids, not options (no flag here is one dash and 8+ characters).
  const dashed = argv.filter((arg) => /^-[A-Za-z0-9_][A-Za-z0-9_-]{6,62}$/.test(arg));
  const args = dashed.length > 0 ? [...argv.filter((arg) => !dashed.includes(arg)), '--', ...dashed] : argv;
  const { values, positionals } = parse(args, { data: { type: 'string' }, postgres: { type: 'string' }, redis: { type: 'string' } }, REVOKE_USAGE, true);
  const dataDir = values.data ?? env.BATON_DATA ?? DEFAULT_DATA_DIR;
  if (dataDir === '') throw new CommandUsageError('--data must not be empty', REVOKE_USAGE);
  const postgresUrl = nonEmpty(values.postgres ?? env.BATON_POSTGRES_URL);
  const redisUrl = nonEmpty(values.redis ?? env.BATON_REDIS_URL);
  if (redisUrl !== undefined && postgresUrl === undefined) {
    throw new CommandUsageError('--redis needs --postgres: a scaled-out relay keeps its revocations in PostgreSQL', REVOKE_USAGE);
  }
  if (postgresUrl !== undefined && !isPostgresUrl(postgresUrl)) throw new CommandUsageError(`invalid --postgres "${postgresUrl}": expected postgres://USER@HOST:PORT/DB`, REVOKE_USAGE);
  if (redisUrl !== undefined && !isRedisUrl(redisUrl)) throw new CommandUsageError(`invalid --redis "${redisUrl}": expected redis://HOST:PORT`, REVOKE_USAGE);
  if (positionals.length !== 1) throw new CommandUsageError('expected exactly one token id', REVOKE_USAGE);
  const given = positionals[0]!;
  if (given.includes('.') && postgresUrl !== undefined && !nonEmpty(env[SECRET_ENV])) {
    // Scaled-out instances sign with BATON_SECRET only; a key in the data dir would not be theirs.
    throw new CommandUsageError(`reading the id from a token of a scaled-out relay needs ${SECRET_ENV} (the instances' key); or pass the token id`, REVOKE_USAGE);
  }
  // Whoever handed out a token may only have the token itself: its id is inside.
  const tokenId = given.includes('.') ? tokenIdOf(given, dataDir, env) : given;
  if (!isTokenId(tokenId)) throw new CommandUsageError(`invalid token id "${tokenId}"`, REVOKE_USAGE);
  return { dataDir, tokenId, ...(postgresUrl === undefined ? {} : { postgresUrl }), ...(redisUrl === undefined ? {} : { redisUrl }) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

/** The id of a token signed with this data dir's key (expired ones included). */
function tokenIdOf(token: string, dataDir: string, env: NodeJS.ProcessEnv): string {
  // Checked as of the epoch, so an expired token still yields its id.
  const result = verifyToken(loadSecret(dataDir, env), token, 0);
  if (!result.ok) throw new CommandUsageError(`not a token of this relay (${result.reason})`, REVOKE_USAGE);
  return result.payload.jti;
}

/** Returns the token; the caller prints it. */
export function runTokenCommand(command: TokenCommand, env: NodeJS.ProcessEnv = process.env): string {
  const secret = loadSecret(command.dataDir, env);
  return issueToken(secret, { workspace: command.workspace, role: command.role, ttlSeconds: command.ttlSeconds }).token;
}

/**
 * Records the revocation where the relay sees it: `<data>/auth.sqlite` for a
 * relay on that data dir, or PostgreSQL (announced on Redis) for every
 * instance of a scaled-out relay ([S8]). `added` is false if it already was.
 */
export async function runRevokeCommand(command: RevokeCommand): Promise<SharedRevocation> {
  if (command.postgresUrl !== undefined) {
    // Loaded only for a shared revocation: the PostgreSQL and Redis clients are not small.
    const { revokeShared } = await import('./shared-revocations');
    return revokeShared({ postgresUrl: command.postgresUrl, redisUrl: command.redisUrl, tokenId: command.tokenId });
  }
  const revocations = new SqliteRevocationList(command.dataDir);
  try {
    return { added: revocations.revoke(command.tokenId), announced: false };
  } finally {
    revocations.close();
  }
}

type Options = Record<string, { type: 'string' }>;

function parse(argv: string[], options: Options, usage: string, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals }) as {
      values: Record<string, string | undefined>;
      positionals: string[];
    };
  } catch (error) {
    throw new CommandUsageError(error instanceof Error ? error.message : String(error), usage);
  }
}
