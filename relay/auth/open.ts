/** Turns `startRelay`'s `auth` option into a running `TokenAuth`. */
import type { Logger } from '../log';
import type { RevocationCheck } from './revocations';
import { MemoryRevocationList, SqliteRevocationList } from './revocations';
import { loadSecret } from './secret';
import type { TokenAuth } from './tokenAuth';
import { createTokenAuth } from './tokenAuth';

/**
 * `'data-dir'`: the key from BATON_SECRET or `<dataDir>/secret.key`, revocations
 * in `<dataDir>/auth.sqlite` — what the CLI and `relay token`/`relay revoke` share.
 * An object: that key, and that revocation list (in memory if omitted); a
 * scaled-out CLI relay passes BATON_SECRET and a `PostgresRevocationList` ([S8]).
 */
export type RelayAuthOption = 'data-dir' | { secret: Uint8Array | string; revocations?: RevocationCheck };

export function openTokenAuth(option: RelayAuthOption, dataDir: string, logger: Logger, checkIntervalMs?: number): TokenAuth {
  if (option === 'data-dir') {
    return createTokenAuth({ secret: loadSecret(dataDir), revocations: new SqliteRevocationList(dataDir), logger, checkIntervalMs });
  }
  const secret = typeof option.secret === 'string' ? new Uint8Array(Buffer.from(option.secret, 'utf8')) : option.secret;
  return createTokenAuth({ secret, revocations: option.revocations ?? new MemoryRevocationList(), logger, checkIntervalMs });
}
