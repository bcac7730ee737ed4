/**
 * `GET /auth/status` and `POST /auth/renew` for the app ([R18]). The app runs at
 * app://baton or http://127.0.0.1:<port>, so answers allow any origin; the
 * token in the Authorization header is what grants access, not the origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthErrorBody, AuthStatus, RenewedToken } from '../../shared/protocol';
import { AUTH_RENEW_PATH, AUTH_STATUS_PATH, authRejectStatus } from '../../shared/protocol';
import type { TokenAuth } from './tokenAuth';
import { authErrorMessage, bearerToken } from './tokenAuth';
import { renewToken } from './token';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type',
  'access-control-max-age': '600',
};

const ROUTES: Record<string, 'GET' | 'POST'> = { [AUTH_STATUS_PATH]: 'GET', [AUTH_RENEW_PATH]: 'POST' };

/** Answers the request if it is one of the auth endpoints; returns false otherwise. */
export function handleAuthRequest(auth: TokenAuth, req: IncomingMessage, res: ServerResponse, now = Date.now): boolean {
  const url = new URL(req.url ?? '/', 'http://relay');
  const method = ROUTES[url.pathname];
  if (!method) return false;
  // No endpoint reads a body; drain it so the socket can be reused.
  req.resume();
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS).end();
    return true;
  }
  if (req.method !== method) {
    send(res, 405, { error: `use ${method}` }, { allow: `${method}, OPTIONS` });
    return true;
  }
  // `?workspace=W` lets the app ask "is this token good for W?" and get the 403 the upgrade would give.
  const result = auth.check(bearerToken(req), url.searchParams.get('workspace') ?? undefined);
  if (!result.ok) {
    auth.refused(result.reason, { path: url.pathname, remote: req.socket.remoteAddress });
    const body: AuthErrorBody = { error: authErrorMessage(result.reason), reason: result.reason };
    send(res, authRejectStatus(result.reason), body);
    return true;
  }
  const { payload } = result;
  if (method === 'GET') {
    // [R33] A member's current role, which an owner may have changed since the token was signed.
    const body: AuthStatus = { workspace: payload.ws, role: payload.role, expiresAt: payload.exp * 1000, tokenId: payload.jti, ...(payload.mid ? { memberId: payload.mid } : {}) };
    send(res, 200, body);
  } else {
    // Signed with the member's current role ([R33]).
    const renewed = renewToken(auth.secret, payload, now());
    const body: RenewedToken = { token: renewed.token, expiresAt: renewed.payload.exp * 1000 };
    send(res, 200, body);
  }
  return true;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    ...headers,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
