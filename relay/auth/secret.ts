/**
 * The key that signs tokens. `BATON_SECRET` wins (several relays behind one
 * address must share it); otherwise `<data>/secret.key` is created on first
 * use, readable by its owner only, and shared by `relay token` and the relay.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE_NAME = 'secret.key';
export const SECRET_ENV = 'BATON_SECRET';
/** A shorter BATON_SECRET is a placeholder someone forgot to replace. */
export const MIN_SECRET_LENGTH = 16;

export class SecretError extends Error {
  override readonly name = 'SecretError';
}

export function loadSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array {
  const fromEnv = env[SECRET_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_SECRET_LENGTH) throw new SecretError(`${SECRET_ENV} must be at least ${MIN_SECRET_LENGTH} characters`);
    return new Uint8Array(Buffer.from(fromEnv, 'utf8'));
  }
  return loadOrCreateSecretFile(dataDir);
}

function loadOrCreateSecretFile(dataDir: string): Uint8Array {
  const path = join(dataDir, SECRET_FILE_NAME);
  const existing = readSecretFile(path);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  // Written aside, then linked into place: link fails if the file exists, so
  // a relay and a `relay token` starting together agree on one key, and
  // nobody ever reads a half-written file.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, randomBytes(32).toString('base64url') + '\n', { mode: 0o600 });
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  const created = readSecretFile(path);
  if (!created) throw new SecretError(`${path} is empty`);
  return created;
}

function readSecretFile(path: string): Uint8Array | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (text === '') throw new SecretError(`${path} is empty: delete it to generate a new key (every token signed with the old one stops working)`);
  return new Uint8Array(Buffer.from(text, 'utf8'));
}
