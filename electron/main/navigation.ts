/**
 * Which URLs the app window may navigate to and which may be handed to the OS.
 * Pure so the rules are unit tested.
 */
import { APP_ORIGIN } from './origin';

const EXTERNAL_PROTOCOLS: ReadonlySet<string> = new Set(['https:', 'http:', 'mailto:']);
const MAX_EXTERNAL_URL_LENGTH = 8192;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Origins the window may show: the app scheme, plus the Vite dev server when
 * one is configured (development only).
 */
export function allowedOrigins(devServerUrl: string | undefined): string[] {
  const origins = [APP_ORIGIN];
  const dev = devServerUrl ? parse(devServerUrl) : null;
  if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:')) origins.push(dev.origin);
  return origins;
}

/** True when `url` belongs to one of `origins` (in-app navigation). */
export function isAppUrl(url: string, origins: readonly string[]): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  // URL.origin is "null" for non-special schemes in some runtimes; rebuild it.
  const origin = `${parsed.protocol}//${parsed.host}`;
  return origins.includes(origin);
}

/**
 * True when `url` is safe to give to shell.openExternal: http(s) or mailto only,
 * no credentials in the URL, and a host for http(s). Everything else (file:,
 * javascript:, custom protocol handlers, smb:) could run code or leak data.
 */
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  const parsed = parse(url);
  if (!parsed || !EXTERNAL_PROTOCOLS.has(parsed.protocol)) return false;
  if (parsed.protocol === 'mailto:') return true;
  return parsed.hostname.length > 0 && parsed.username === '' && parsed.password === '';
}
