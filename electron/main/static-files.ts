/**
 * Maps an app:// request URL to a file inside the renderer's build directory.
 * Pure (no Electron) so the path-traversal rules are unit tested.
 */
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './origin';

export type StaticTarget =
  /** Serve this file; if it does not exist, answer 404. */
  | { kind: 'file'; filePath: string }
  /** A client-side route (no file extension): serve index.html. */
  | { kind: 'spa'; filePath: string }
  | { kind: 'reject'; status: 400 | 403 | 404 };

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Resolves `requestUrl` against `rootDir` (an absolute directory). Rejects other
 * hosts, encoded separators, `..` segments and anything that would leave rootDir
 * after resolution, so a crafted URL can never read outside the renderer build.
 */
export function resolveStaticPath(rootDir: string, requestUrl: string, pathImpl: path.PlatformPath = path): StaticTarget {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'reject', status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { kind: 'reject', status: 404 };

  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'reject', status: 400 };
  }
  // The URL parser already collapsed literal `..`; what is left after decoding
  // came from percent-escapes (%2e%2e, %2f, %5c) and is an attack, not a route.
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'reject', status: 403 };
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || s.includes(':'))) return { kind: 'reject', status: 403 };

  const root = pathImpl.resolve(rootDir);
  const indexPath = pathImpl.join(root, 'index.html');
  if (segments.length === 0) return { kind: 'file', filePath: indexPath };

  const filePath = pathImpl.resolve(root, ...segments);
  const relative = pathImpl.relative(root, filePath);
  if (relative === '' || relative.startsWith('..') || pathImpl.isAbsolute(relative)) return { kind: 'reject', status: 403 };

  // A missing asset must be a 404, not index.html served as JavaScript;
  // an extension-less path is a client-side route and gets the app shell.
  const last = segments[segments.length - 1] ?? '';
  if (!last.includes('.')) return { kind: 'spa', filePath: indexPath };
  return { kind: 'file', filePath };
}
