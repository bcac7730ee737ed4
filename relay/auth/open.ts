/** Turns `startRelay`'s `auth` option into a running `TokenAuth`. */
import type { AccessStore } from '../access/types';
import type { Logger } from '../log';
import type { RevocationCheck } from './revocations';
import { MemoryRevocationList, SqliteRevocationList } from './revocations';
import { loadSecret } from './secret';
import type { MemberCheck, TokenAuth } from './tokenAuth';
import { createTokenAuth } from './tokenAuth';

/**
 * `'data-dir'`: the key from BATON_SECRET or `<dataDir>/secret.key`, revocations
 * and members in `<dataDir>/auth.sqlite` — what the CLI and `relay token`/`relay revoke` share.
 * An object: that key, and that revocation list (in memory if omitted) and access
 * store (`<dataDir>/auth.sqlite` if omitted); a scaled-out CLI relay passes
 * BATON_SECRET, a `PostgresRevocationList` ([S8]) and a PostgreSQL access store.
 */
export type RelayAuthOption = 'data-dir' | { secret: Uint8Array | string; revocations?: RevocationCheck; access?: AccessStore };

/** The signing key the option names. */
export function authSecret(option: RelayAuthOption, dataDir: string): Uint8Array {
  if (option === 'data-dir') return loadSecret(dataDir);
  return typeof option.secret === 'string' ? new Uint8Array(Buffer.from(option.secret, 'utf8')) : option.secret;
}

export function openTokenAuth(option: RelayAuthOption, dataDir: string, logger: Logger, checkIntervalMs?: number, members?: MemberCheck): TokenAuth {
  const secret = authSecret(option, dataDir);
  const revocations = option === 'data-dir' ? new SqliteRevocationList(dataDir) : (option.revocations ?? new MemoryRevocationList());
  return createTokenAuth({ secret, revocations, logger, checkIntervalMs, members });
}
