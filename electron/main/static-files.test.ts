import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeType, resolveStaticPath } from './static-files';

const root = path.resolve('/opt/baton/dist/renderer');
const inRoot = (...p: string[]): string => path.join(root, ...p);

describe('resolveStaticPath', () => {
  it('serves index.html for the origin root', () => {
    expect(resolveStaticPath(root, 'app://baton/')).toEqual({ kind: 'file', filePath: inRoot('index.html') });
    expect(resolveStaticPath(root, 'app://baton')).toEqual({ kind: 'file', filePath: inRoot('index.html') });
  });

  it('maps asset paths into the build directory, ignoring query and hash', () => {
    expect(resolveStaticPath(root, 'app://baton/assets/index-abc.js?v=1#x')).toEqual({
      kind: 'file',
      filePath: inRoot('assets', 'index-abc.js'),
    });
    expect(resolveStaticPath(root, 'app://baton/assets/my%20font.woff2')).toEqual({
      kind: 'file',
      filePath: inRoot('assets', 'my font.woff2'),
    });
  });

  it('falls back to index.html for client-side routes', () => {
    expect(resolveStaticPath(root, 'app://baton/w/team/doc')).toEqual({ kind: 'spa', filePath: inRoot('index.html') });
  });

  it('never resolves outside the build directory', () => {
    const attacks = [
      'app://baton/%2e%2e/%2e%2e/etc/passwd',
      'app://baton/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
      'app://baton/..%2f..%2fpackage.json',
      'app://baton/..%5c..%5cpackage.json',
      'app://baton/assets/..\\..\\package.json',
      'app://baton/%00index.html',
      'app://baton/C:%2fWindows%2fwin.ini',
      'app://baton/%2fetc%2fpasswd.txt',
    ];
    for (const url of attacks) {
      const target = resolveStaticPath(root, url);
      if (target.kind !== 'reject') {
        expect(path.relative(root, target.filePath).startsWith('..'), url).toBe(false);
        expect(target.filePath.startsWith(root + path.sep), url).toBe(true);
      }
    }
    // Escaped separators would let `..` survive URL normalisation: refused outright.
    expect(resolveStaticPath(root, 'app://baton/..%2f..%2fpackage.json').kind).toBe('reject');
    expect(resolveStaticPath(root, 'app://baton/..%5c..%5cpackage.json').kind).toBe('reject');
    // A whole `%2e%2e` segment is collapsed by the URL parser itself, like a literal `..`.
    expect(resolveStaticPath(root, 'app://baton/%2e%2e/%2e%2e/etc/passwd.txt')).toEqual({
      kind: 'file',
      filePath: inRoot('etc', 'passwd.txt'),
    });
  });

  it('keeps literal dot segments inside the root (the URL parser collapses them)', () => {
    expect(resolveStaticPath(root, 'app://baton/../../../etc/passwd.txt')).toEqual({
      kind: 'file',
      filePath: inRoot('etc', 'passwd.txt'),
    });
  });

  it('rejects other hosts, schemes and malformed escapes', () => {
    expect(resolveStaticPath(root, 'app://evil/index.html')).toEqual({ kind: 'reject', status: 404 });
    expect(resolveStaticPath(root, 'file:///etc/passwd')).toEqual({ kind: 'reject', status: 404 });
    expect(resolveStaticPath(root, 'app://baton/%E0%A4%A.js')).toEqual({ kind: 'reject', status: 400 });
    expect(resolveStaticPath(root, 'not a url')).toEqual({ kind: 'reject', status: 400 });
  });

  it('rejects traversal with Windows path semantics too', () => {
    const winRoot = 'C:\\Program Files\\Baton\\resources\\app.asar\\dist\\renderer';
    expect(resolveStaticPath(winRoot, 'app://baton/..%5c..%5capp.asar', path.win32).kind).toBe('reject');
    expect(resolveStaticPath(winRoot, 'app://baton/D:%5cx.js', path.win32).kind).toBe('reject');
    expect(resolveStaticPath(winRoot, 'app://baton/assets/a.js', path.win32)).toEqual({
      kind: 'file',
      filePath: `${winRoot}\\assets\\a.js`,
    });
  });
});

describe('mimeType', () => {
  it('types the files a Vite build emits', () => {
    expect(mimeType('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeType('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(mimeType('/x/a.wasm')).toBe('application/wasm');
    expect(mimeType('/x/unknown.bin')).toBe('application/octet-stream');
  });
});
