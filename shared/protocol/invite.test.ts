import { describe, expect, it } from 'vitest';
import { formatDeepLinkInvite, formatSetupLink, formatWebInvite, InviteError, parseInvite, parseSetupLink } from './invite';

const invite = { relayUrl: 'wss://relay.example.org/baton', workspaceId: 'Ws_123-abc', token: 'tok.en/+=', workspaceName: 'Q3 strategy & plans' };

describe('invite links', () => {
  it('round-trips through the desktop deep link and the web link', () => {
    expect(parseInvite(formatDeepLinkInvite(invite))).toEqual(invite);
    expect(parseInvite(formatWebInvite(invite, 'http://127.0.0.1:5173/index.html#old'))).toEqual(invite);
    expect(formatWebInvite(invite, 'http://127.0.0.1:5173/#x')).toMatch(/^http:\/\/127\.0\.0\.1:5173\/#join\?/);
  });

  it('accepts pasted text with whitespace around it', () => {
    expect(parseInvite(`  ${formatDeepLinkInvite(invite)}\n`).workspaceId).toBe('Ws_123-abc');
  });

  it('says clearly what is wrong with a bad invite', () => {
    expect(() => parseInvite('https://example.org')).toThrow(InviteError);
    expect(() => parseInvite('baton://join?relay=http://x&workspace=abc')).toThrow(/relay address/);
    expect(() => parseInvite('baton://join?relay=ws://x:1&workspace=a/b')).toThrow(/workspace/);
  });

  it('carries an invite code instead of a token, and never both', () => {
    const withCode = { relayUrl: 'ws://127.0.0.1:4455', workspaceId: 'w1', token: '', code: 'inv_abc.DEF-123', workspaceName: 'Team' };
    const link = formatWebInvite(withCode, 'http://127.0.0.1:5173/');
    expect(link).toMatch(/invite=inv_abc\.DEF-123/);
    expect(link).not.toMatch(/token=/);
    expect(parseInvite(link)).toEqual(withCode);
    expect(parseInvite(formatDeepLinkInvite({ ...withCode, token: 'ignored.token' }))).toEqual(withCode);
  });
});

describe('setup links', () => {
  it('round-trip, in either form, and anything else is not one', () => {
    const link = formatSetupLink({ relayUrl: 'wss://relay.example.org', code: 'c0de_-X' });
    expect(link).toMatch(/^baton:\/\/setup\?/);
    expect(parseSetupLink(`  ${link}\n`)).toEqual({ relayUrl: 'wss://relay.example.org', code: 'c0de_-X' });
    expect(parseSetupLink(`http://127.0.0.1:5173/#setup?${link.split('?')[1]}`)).toEqual({ relayUrl: 'wss://relay.example.org', code: 'c0de_-X' });
    expect(parseSetupLink('ws://127.0.0.1:4455')).toBeNull();
    expect(parseSetupLink('baton://setup?relay=http://x&code=c')).toBeNull();
    expect(parseSetupLink('baton://setup?relay=ws://x:1')).toBeNull();
  });
});
