/**
 * Serves the renderer build from app://baton/. Registered as a privileged,
 * standard, secure scheme so the page gets a real, stable origin (IndexedDB,
 * fetch, CSP 'self' all work as on https) that does not depend on the install path.
 */
import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { SECURITY_HEADERS } from './csp';
import { APP_SCHEME } from './origin';
import { mimeType, resolveStaticPath } from './static-files';

/** Must run before app 'ready'. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

function errorResponse(status: number): Response {
  return new Response(null, { status, headers: SECURITY_HEADERS });
}

async function readFile(filePath: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(filePath);
  } catch {
    return null;
  }
}

/** Must run after app 'ready'; `rootDir` is the renderer build (dist/renderer). */
export function handleAppScheme(rootDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return errorResponse(405);
    const target = resolveStaticPath(rootDir, request.url);
    if (target.kind === 'reject') return errorResponse(target.status);
    const body = await readFile(target.filePath);
    if (!body) return errorResponse(404);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': mimeType(target.filePath) },
    });
  });
}
