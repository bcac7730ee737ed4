import { describe, expect, it } from 'vitest';
import { formatDeepLinkInvite, formatWebInvite, InviteError, parseInvite } from './invite';

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
});
