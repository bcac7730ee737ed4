/**
 * What an upgrade asks for, from its path and offered subprotocols: one room
 * (`/<workspaceId>/<docId>`, [R1]) or, with `MUX_SUBPROTOCOL` offered, a
 * multiplexed socket for a whole workspace (`/<workspaceId>`, [R37]).
 */
import type { IncomingMessage } from 'node:http';
import { BATON_SUBPROTOCOL, isValidId, parseRoom } from '../shared/protocol';
import { MUX_SUBPROTOCOL } from '../shared/protocol/mux';

export type UpgradeTarget =
  | { kind: 'room'; workspaceId: string; docId: string; name: string }
  | { kind: 'mux'; workspaceId: string; name: string };

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://relay').pathname.slice(1);
}

function offers(request: IncomingMessage, protocol: string): boolean {
  const header = request.headers['sec-websocket-protocol'];
  return header !== undefined && header.split(',').some((offered) => offered.trim() === protocol);
}

/** Null for anything else: refused with 400 before any websocket exists ([R1]). */
export function upgradeTarget(request: IncomingMessage): UpgradeTarget | null {
  const name = pathOf(request);
  const room = parseRoom(name);
  if (room) return { kind: 'room', ...room, name };
  if (isValidId(name) && offers(request, MUX_SUBPROTOCOL)) return { kind: 'mux', workspaceId: name, name };
  return null;
}

/**
 * The subprotocol the relay selects: a browser fails a connection whose offered
 * subprotocols get no answer ([R35]). The multiplexed one only on a workspace path.
 */
export function selectProtocol(protocols: Set<string>, request: IncomingMessage): string | false {
  if (protocols.has(MUX_SUBPROTOCOL) && upgradeTarget(request)?.kind === 'mux') return MUX_SUBPROTOCOL;
  return protocols.has(BATON_SUBPROTOCOL) ? BATON_SUBPROTOCOL : false;
}
