/**
 * Content-Security-Policy sent with every app:// response. The renderer is a
 * Vite build with no inline scripts, so scripts are 'self' only.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  // React and the editor set style attributes at runtime; inline styles cannot run code.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self' data:"],
  // The relay URL comes from an invite, so any ws(s)/http(s) host must be reachable.
  ['connect-src', "'self' ws: wss: http: https:"],
  ['worker-src', "'self' blob:"],
  ['media-src', "'self' blob:"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
  ['form-action', "'none'"],
];

export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/** Headers added to every response served from the app scheme. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // With COOP, makes the page cross-origin isolated: it shares memory with the journal worker (renderer/app/journal.ts).
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
