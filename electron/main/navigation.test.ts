import { describe, expect, it } from 'vitest';
import { allowedOrigins, isAppUrl, isSafeExternalUrl } from './navigation';

describe('isAppUrl', () => {
  const origins = allowedOrigins(undefined);

  it('allows in-app navigation on the app origin only', () => {
    expect(origins).toEqual(['app://baton']);
    expect(isAppUrl('app://baton/index.html', origins)).toBe(true);
    expect(isAppUrl('app://baton/w/abc?x=1#y', origins)).toBe(true);
  });

  it('blocks every other origin', () => {
    for (const url of [
      'https://example.com/',
      'http://localhost:5173/',
      'app://baton.evil/index.html',
      'app://evil/baton',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'about:blank',
      'not a url',
    ]) {
      expect(isAppUrl(url, origins), url).toBe(false);
    }
  });

  it('adds the dev server origin when configured', () => {
    const dev = allowedOrigins('http://localhost:5173/');
    expect(dev).toEqual(['app://baton', 'http://localhost:5173']);
    expect(isAppUrl('http://localhost:5173/w/1', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(allowedOrigins('javascript:alert(1)')).toEqual(['app://baton']);
  });
});

describe('isSafeExternalUrl', () => {
  it('accepts web and mail links', () => {
    expect(isSafeExternalUrl('https://example.com/a?b=c')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    expect(isSafeExternalUrl('mailto:someone@example.com')).toBe(true);
  });

  it('refuses schemes that can run code or reach the file system', () => {
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'app://baton/index.html',
      'baton://join?x',
      'https://user:pass@example.com/',
      'https://',
      '',
      'x'.repeat(10_000),
      42,
      null,
    ]) {
      expect(isSafeExternalUrl(url), String(url).slice(0, 40)).toBe(false);
    }
  });
});
