/**
 * Who may open a room. Signed tokens come with the next milestone; until then
 * every request is allowed and the `token` query parameter is ignored.
 */
import type { IncomingMessage } from 'node:http';
import type { ParsedRoom } from '../shared/protocol';

export interface RoomRequest extends ParsedRoom {
  /** `<workspaceId>/<docId>` */
  name: string;
  /** The upgrade URL's query parameters (TOKEN_PARAM among them). */
  params: URLSearchParams;
}

export type AuthDecision = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export type Authorize = (request: IncomingMessage, room: RoomRequest) => AuthDecision | Promise<AuthDecision>;

/** Accepts every connection, with or without a token. */
export const allowAll: Authorize = () => ({ ok: true });
