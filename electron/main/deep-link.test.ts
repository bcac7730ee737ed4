import { describe, expect, it } from 'vitest';
import { isDeepLink, MAX_DEEP_LINK_LENGTH } from '../../shared/protocol/ipc';
import { findDeepLink, InviteQueue } from './deep-link';

const invite = 'baton://join?relay=wss%3A%2F%2Frelay.example.com&workspace=team_1&token=abc';

describe('isDeepLink', () => {
  it('accepts baton: links only', () => {
    expect(isDeepLink(invite)).toBe(true);
    expect(isDeepLink('BATON://join')).toBe(true);
    for (const value of ['https://example.com', 'batonx://join', '', 'baton://a\nb', 'baton://\u0000', 42, null]) {
      expect(isDeepLink(value), String(value)).toBe(false);
    }
    expect(isDeepLink(`baton://${'a'.repeat(MAX_DEEP_LINK_LENGTH)}`)).toBe(false);
  });
});

describe('findDeepLink', () => {
  it('finds the link among Electron and Chromium arguments', () => {
    expect(findDeepLink(['/usr/bin/baton', '--no-sandbox', invite, '--original-process-start-time=1'])).toBe(invite);
    expect(findDeepLink(['C:\\Baton\\Baton.exe', '.', '--allow-file-access-from-files'])).toBeNull();
  });
});

describe('InviteQueue', () => {
  it('holds invites until the renderer subscribes, then delivers live', () => {
    const queue = new InviteQueue();
    const delivered: string[] = [];
    queue.push(invite);
    queue.push('not a link');
    expect(queue.subscribe((i) => delivered.push(i))).toEqual([invite]);
    queue.push(`${invite}2`);
    expect(delivered).toEqual([`${invite}2`]);
  });

  it('queues again after the page reloads', () => {
    const queue = new InviteQueue();
    const delivered: string[] = [];
    queue.subscribe((i) => delivered.push(i));
    queue.reset();
    queue.push(invite);
    expect(delivered).toEqual([]);
    expect(queue.subscribe(() => undefined)).toEqual([invite]);
  });

  it('keeps only the most recent invites while nobody listens', () => {
    const queue = new InviteQueue();
    for (let i = 0; i < 40; i++) queue.push(`baton://join?n=${i}`);
    const pending = queue.subscribe(() => undefined);
    expect(pending).toHaveLength(16);
    expect(pending.at(-1)).toBe('baton://join?n=39');
  });
});
