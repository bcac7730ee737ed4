import { toBase64UrlEncoded } from 'lib0/buffer';
import { encodeUtf8 } from 'lib0/string';
import { describe, expect, it } from 'vitest';
import { tokenRoleHint } from './auth';

const body = (payload: unknown) => toBase64UrlEncoded(encodeUtf8(typeof payload === 'string' ? payload : JSON.stringify(payload)));

describe('tokenRoleHint', () => {
  it('reads the role a token claims', () => {
    expect(tokenRoleHint(`${body({ v: 1, ws: 'w', role: 'viewer' })}.sig`)).toBe('viewer');
    expect(tokenRoleHint(`${body({ v: 1, ws: 'w', role: 'editor' })}.sig`)).toBe('editor');
    expect(tokenRoleHint(`${body({ v: 1, ws: 'w', role: 'owner', mid: 'm1' })}.sig`)).toBe('owner');
  });

  it('is null for anything it cannot read, so the app waits for the relay', () => {
    for (const token of [
      '',
      'not a token',
      `${body({ role: 'admin' })}.sig`,
      `${body({ ws: 'w' })}.sig`,
      `${body('null')}.sig`,
      `${body('{"role": "viewer"')}.sig`,
      `${toBase64UrlEncoded(new Uint8Array([0xff, 0xfe, 0x7b]))}.sig`,
      'A'.repeat(5000),
    ]) {
      expect(tokenRoleHint(token), token.slice(0, 40)).toBeNull();
    }
  });
});
