/**
 * Ids are created offline on many devices at once, so they must never collide
 * without coordination: 21 random characters from a 64-letter URL-safe
 * alphabet give 126 bits of entropy (the same budget as nanoid).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const ID_LENGTH = 21;

// Web Crypto exists in every runtime Baton supports (browsers, Electron, Node 20).
const webCrypto = (globalThis as unknown as { crypto: { getRandomValues(array: Uint8Array): Uint8Array } }).crypto;

export function newId(): string {
  const bytes = new Uint8Array(ID_LENGTH);
  webCrypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}
