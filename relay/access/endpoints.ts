/**
 * The access endpoints of members.ts over HTTP ([R32]–[R35]): routing, the
 * bearer check, rate limit, body cap, CORS and JSON errors. What each call may
 * do is AccessDirectory's business.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessApiErrorBody } from '../../shared/protocol';
import { ACCEPT_INVITE_PATH, INVITES_PATH, MEMBERS_PATH, SETUP_PATH, authRejectStatus } from '../../shared/protocol';
import type { TokenPayload } from '../auth/token';
import type { TokenAuth } from '../auth/tokenAuth';
import { authErrorMessage, bearerToken } from '../auth/tokenAuth';
import type { Logger } from '../log';
import type { AccessDirectory } from './directory';
import type { AddressRateLimiter } from './rate-limit';
import { AccessError } from './types';

/** No request body the endpoints take comes near this. */
export const MAX_BODY_BYTES = 8 * 1024;

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type',
  'access-control-max-age': '600',
};

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface Route {
  methods: Method[];
  /** An invite or member id from the path. */
  id?: string;
  collection: 'setup' | 'invites' | 'accept' | 'invite' | 'members' | 'member';
}

function route(path: string): Route | null {
  if (path === SETUP_PATH) return { methods: ['POST'], collection: 'setup' };
  if (path === ACCEPT_INVITE_PATH) return { methods: ['POST'], collection: 'accept' };
  if (path === INVITES_PATH) return { methods: ['GET', 'POST'], collection: 'invites' };
  if (path === MEMBERS_PATH) return { methods: ['GET'], collection: 'members' };
  for (const [prefix, collection, methods] of [
    [`${INVITES_PATH}/`, 'invite', ['DELETE']],
    [`${MEMBERS_PATH}/`, 'member', ['PATCH', 'DELETE']],
  ] as const) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    if (rest === '' || rest.includes('/')) return null;
    let id: string;
    try {
      id = decodeURIComponent(rest);
    } catch {
      id = '';
    }
    return { methods: [...methods], collection, id };
  }
  return null;
}

export interface AccessEndpointsOptions {
  auth: TokenAuth;
  directory: AccessDirectory;
  limiter: AddressRateLimiter;
  /** The address a call counts against (the per-IP logic of [R25], proxies included). */
  address(req: IncomingMessage): string;
  logger: Logger;
}

/** Answers the request if it is one of the access endpoints; returns false otherwise. */
export function handleAccessRequest(options: AccessEndpointsOptions, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://relay');
  const found = route(url.pathname);
  if (!found) return false;
  if (req.method === 'OPTIONS') {
    req.resume();
    res.writeHead(204, CORS_HEADERS).end();
    return true;
  }
  answer(options, found, url, req).then(
    ({ status, body }) => send(res, status, body),
    (error: unknown) => {
      if (error instanceof AccessError) {
        const body: AccessApiErrorBody = { error: error.message, reason: error.reason };
        send(res, error.status, body, error.headers);
        return;
      }
      // Only the path is logged: ids are not secrets, bodies (codes) and headers (tokens) are.
      options.logger.error('access call failed', { path: url.pathname, method: req.method, error });
      send(res, 503, { error: 'the relay cannot reach its access records right now; try again shortly', reason: 'unavailable' } satisfies AccessApiErrorBody);
    },
  );
  return true;
}

async function answer(options: AccessEndpointsOptions, found: Route, url: URL, req: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const method = req.method as Method;
  if (!found.methods.includes(method)) {
    req.resume();
    throw new AccessError(405, 'bad-request', `use ${found.methods.join(' or ')}`, { allow: [...found.methods, 'OPTIONS'].join(', ') });
  }
  const wait = options.limiter.take(options.address(req));
  if (wait > 0) {
    req.resume();
    throw new AccessError(429, 'rate-limited', `too many calls from this address; retry in ${wait} s`, { 'retry-after': String(wait) });
  }
  const body = method === 'POST' || method === 'PATCH' ? await readJson(req) : (req.resume(), undefined);
  const { directory } = options;
  if (found.collection === 'setup') {
    const joined = await directory.setup(body);
    options.logger.info('workspace set up', { workspace: joined.workspace, memberId: joined.memberId });
    return { status: 201, body: joined };
  }
  if (found.collection === 'accept') {
    const joined = await directory.acceptInvite(body);
    options.logger.info('invite accepted', { workspace: joined.workspace, memberId: joined.memberId, role: joined.role });
    return { status: 200, body: joined };
  }
  const caller = authenticate(options, req, url);
  switch (found.collection) {
    case 'invites':
      if (method === 'GET') return { status: 200, body: await directory.listInvites(caller) };
      return { status: 201, body: await directory.createInvite(caller, body) };
    case 'invite':
      await directory.withdrawInvite(caller, found.id ?? '');
      return { status: 204, body: null };
    case 'members':
      return { status: 200, body: await directory.listMembers(caller) };
    case 'member': {
      const memberId = found.id ?? '';
      if (method === 'PATCH') {
        const member = await directory.setRole(caller, memberId, body);
        options.logger.info('member role changed', { workspace: caller.ws, memberId, role: member.role, by: caller.mid });
        return { status: 200, body: member };
      }
      await directory.removeMember(caller, memberId);
      options.logger.info('member removed', { workspace: caller.ws, memberId, by: caller.mid });
      return { status: 204, body: null };
    }
  }
}

/** The bearer's payload with its member's current role; `?workspace=W` asks for the 403 of another workspace. */
function authenticate(options: AccessEndpointsOptions, req: IncomingMessage, url: URL): TokenPayload {
  const result = options.auth.check(bearerToken(req), url.searchParams.get('workspace') ?? undefined);
  if (result.ok) return result.payload;
  options.auth.refused(result.reason, { path: url.pathname, remote: req.socket.remoteAddress });
  throw new AccessError(authRejectStatus(result.reason), result.reason, authErrorMessage(result.reason));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        done = true;
        // The rest is read and dropped, so the answer reaches a client still sending.
        reject(new AccessError(413, 'bad-request', `the body must be at most ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => {
      if (!done) reject(error);
      done = true;
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(new AccessError(400, 'bad-request', 'the body must be JSON'));
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const common = { ...CORS_HEADERS, ...headers, 'cache-control': 'no-store' };
  if (status === 204) {
    res.writeHead(204, common).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...common, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
