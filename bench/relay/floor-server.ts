/**
 * The floor of `npm run bench:relay`: a bare forwarder, not a relay. It speaks just
 * enough of the y-websocket protocol for stock clients that start empty and stay
 * connected: an empty sync step 1 and step 2 on connect, then every document update
 * and every new awareness entry sent on as it came to the room's other connections.
 * No document, no storage, no auth, no limits: what is left of a row's latency is the
 * load generators, the sockets and the machine. Its row is a reference; the target
 * compares Baton with the real servers only.
 *
 * Awareness entries are passed on only when newer than the last one seen for their
 * client id: stock clients send every state they hear back, and passing those on too
 * would flood the room the first time its clients announce themselves.
 */
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { messageYjsSyncStep1 } from 'y-protocols/sync';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/protocol';
import { serveWebSockets } from './serve-ws';

/** Sync step 1 with an empty state vector, and sync step 2 with an empty update. */
const EMPTY_STEP1 = Uint8Array.from([0, 0, 1, 0]);
const EMPTY_STEP2 = Uint8Array.from([0, 1, 2, 0, 0]);

const rooms = new Map<string, Set<WebSocket>>();
const clocks = new Map<number, number>();

/** Whether an awareness message holds an entry newer than what was passed on before. */
function hasNewAwareness(frame: Uint8Array): boolean {
  const outer = decoding.createDecoder(frame);
  decoding.readVarUint(outer);
  const decoder = decoding.createDecoder(decoding.readVarUint8Array(outer));
  let fresh = false;
  for (let count = decoding.readVarUint(decoder); count > 0; count--) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    const known = clocks.get(client) ?? -1;
    if (clock > known || (clock === known && state === 'null')) fresh = true;
    clocks.set(client, Math.max(clock, known));
  }
  return fresh;
}

serveWebSockets((ws, req) => {
  const name = (req.url ?? '/').split('?')[0]!;
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = new Set()));
  const members = room;
  members.add(ws);
  ws.send(EMPTY_STEP1);
  ws.on('message', (frame: Buffer) => {
    if (frame[0] === MESSAGE_SYNC && frame[1] === messageYjsSyncStep1) return ws.send(EMPTY_STEP2);
    if (frame[0] === MESSAGE_SYNC || (frame[0] === MESSAGE_AWARENESS && hasNewAwareness(frame))) {
      for (const other of members) if (other !== ws) other.send(frame);
    }
  });
  ws.on('close', () => members.delete(ws));
});
