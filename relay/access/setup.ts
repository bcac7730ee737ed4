/**
 * The relay's setup code ([R32]): what its administrator pastes into the app to
 * register a workspace and become its first owner. Derived from the signing
 * key, so every instance of a scaled-out relay (one BATON_SECRET) accepts the
 * same code without asking a database, and a new key makes a new code.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { formatSetupLink } from '../../shared/protocol';

const SETUP_LABEL = 'baton setup v1';

export function setupCode(secret: Uint8Array): string {
  return createHmac('sha256', secret).update(SETUP_LABEL, 'utf8').digest('base64url');
}

/** Compared in constant time: the code is a password. */
export function isSetupCode(secret: Uint8Array, candidate: string): boolean {
  const expected = Buffer.from(setupCode(secret), 'utf8');
  const given = Buffer.from(candidate, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `setup link: baton://setup?relay=ws://H:P&code=C`, the line the CLI prints after `listening on`. */
export function setupLinkLine(relayUrl: string, secret: Uint8Array): string {
  return `setup link: ${formatSetupLink({ relayUrl, code: setupCode(secret) })}`;
}
