/**
 * The wire contract between Baton clients and the relay. The framing is the
 * y-websocket protocol (one message per websocket frame, first varUint is the
 * message type) so stock y-websocket clients interoperate with the relay.
 */

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Query parameter that carries the access token on the upgrade URL. */
export const TOKEN_PARAM = 'token';

/**
 * Websocket close codes the relay uses (4000-4999 is the application range).
 * Clients treat the "fatal" ones as a reason to stop reconnecting and tell
 * the user, instead of retrying in a loop.
 */
export const CloseCode = {
  /** Normal close by either side. */
  normal: 1000,
  /** The relay is shutting down; reconnect with backoff. */
  goingAway: 1001,
  /** A frame could not be decoded. */
  malformed: 4400,
  /**
   * An owner changed this member's role. Not fatal: reconnect at once (the relay
   * already goes by the new role) and read it from `GET /auth/status`.
   */
  roleChanged: 4205,
  /** Access token rejected or expired after the connection was open (reason `removed`: an owner removed this member). */
  unauthorized: 4401,
  /** Token valid but not for this workspace. */
  forbidden: 4403,
  /** A message exceeded the relay's size limit. */
  tooLarge: 4413,
  /** The connection sent faster than the relay's rate limit. */
  rateLimited: 4429,
  /** The relay could not persist or load the room. */
  internal: 4500,
  /**
   * The relay is at its loaded-room limit: retry later, with backoff. Only on a channel of
   * a multiplexed socket (relay/SPEC.md [R42]); a per-room upgrade gets HTTP 503 instead.
   */
  busy: 4503,
} as const;

export type CloseCodeName = keyof typeof CloseCode;

const FATAL_CODES: ReadonlySet<number> = new Set([CloseCode.unauthorized, CloseCode.forbidden]);

export function isFatalClose(code: number): boolean {
  return FATAL_CODES.has(code);
}

export function closeCodeName(code: number): CloseCodeName | 'unknown' {
  for (const [name, value] of Object.entries(CloseCode)) {
    if (value === code) return name as CloseCodeName;
  }
  return 'unknown';
}
