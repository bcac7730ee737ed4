/**
 * A raw multiplexed client for tests (relay/SPEC.md [R37]–[R46]): one websocket on
 * `/<workspaceId>` speaking `shared/protocol/mux.ts`, every frame it receives kept
 * and decoded, and `bindDoc` to keep a Y.Doc in step over one channel. Small on
 * purpose: it is the wire as the relay sees it, not Baton's client (shared/sync).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC, tokenSubprotocols } from '../../shared/protocol';
import type { MuxFrame } from '../../shared/protocol/mux';
import { MUX_SUBPROTOCOL, decodeMuxFrame, encodeMuxFrame } from '../../shared/protocol/mux';
import type { CloseInfo } from './clients';
import { waitUntil, withTimeout } from './wait';

export interface MuxTestClient {
  ws: WebSocket;
  /** Every frame received, decoded, in order (a frame that would not decode is kept as `null`). */
  frames: Array<MuxFrame | null>;
  /** The subprotocol the relay selected. */
  protocol: string;
  send(frame: MuxFrame): void;
  /** Sends bytes as they are (for malformed frames). */
  sendRaw(bytes: Uint8Array | string): void;
  /** Resolves with the first frame received from now on (or already at index `from`) that matches. */
  next<K extends MuxFrame['kind']>(kind: K, match?: (frame: Extract<MuxFrame, { kind: K }>) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<Extract<MuxFrame, { kind: K }>>;
  /** Opens `docId` on `channel` with the doc's state vector. */
  open(channel: number, docId: string, doc: Y.Doc, flags?: { presence?: boolean; answer?: boolean; since?: number }): void;
  /** Sends `doc` frames carrying y-websocket message bytes. */
  sendDoc(channel: number, message: Uint8Array): void;
  /** Asks for changed docs and resolves with the answer. */
  catchUp(cursor: number, timeoutMs?: number): Promise<Extract<MuxFrame, { kind: 'changed' }>>;
  /** Resolves once the relay answered a ping: every frame it sent before is in `frames`. */
  roundTrip(timeoutMs?: number): Promise<void>;
  /** Resolves with the socket's close. */
  closed: Promise<CloseInfo>;
  close(): void;
}

export interface MuxClientOptions {
  token?: string;
  /** Offered subprotocols; default the mux one plus `tokenSubprotocols(token)`, as Baton's client offers them. */
  protocols?: string[];
}

/** Opens a multiplexed socket on `<serverUrl>/<workspaceId>`; resolves once it is open. */
export function openMuxClient(serverUrl: string, workspaceId: string, options: MuxClientOptions = {}): Promise<MuxTestClient> {
  const protocols = options.protocols ?? [MUX_SUBPROTOCOL, ...tokenSubprotocols(options.token)];
  const ws = new WebSocket(`${serverUrl}/${workspaceId}`, protocols);
  const frames: Array<MuxFrame | null> = [];
  // Attached before 'open': the relay's first frame can arrive in the same chunk as the 101.
  ws.on('message', (data: Buffer) => {
    try {
      frames.push(decodeMuxFrame(new Uint8Array(data)));
    } catch {
      frames.push(null);
    }
  });
  const closed = new Promise<CloseInfo>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const client: MuxTestClient = {
    ws,
    frames,
    get protocol() {
      return ws.protocol;
    },
    send: (frame) => ws.send(encodeMuxFrame(frame)),
    sendRaw: (bytes) => ws.send(bytes),
    async next(kind, match, { from, timeoutMs = 5000 } = {}) {
      const start = from ?? frames.length;
      let found: MuxFrame | undefined;
      await waitUntil(
        () => {
          found = frames.slice(start).find((frame) => frame?.kind === kind && (!match || match(frame as never))) ?? undefined;
          return found !== undefined;
        },
        { timeoutMs, intervalMs: 5, description: `a ${kind} frame` },
      );
      return found as never;
    },
    open(channel, docId, doc, flags = {}) {
      const { presence = false, answer = false, since = 0 } = flags;
      client.send({ kind: 'open', channel, docId, presence, answer, since, stateVector: Y.encodeStateVector(doc) });
    },
    sendDoc: (channel, message) => client.send({ kind: 'doc', channel, message }),
    catchUp(cursor, timeoutMs) {
      const from = frames.length;
      client.send({ kind: 'catchUp', cursor });
      // A live push is `changed(0, [ids])`; an answer has a cursor, or is empty ([R41], [R43]).
      return client.next('changed', (frame) => frame.cursor !== 0 || frame.docIds.length === 0, { from, timeoutMs });
    },
    async roundTrip(timeoutMs) {
      const from = frames.length;
      client.send({ kind: 'ping' });
      await client.next('pong', undefined, { from, timeoutMs });
    },
    closed,
    close: () => ws.close(),
  };
  return withTimeout(
    new Promise<MuxTestClient>((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    }),
    5000,
    `multiplexed socket on /${workspaceId}`,
  );
}

/** What a y-websocket sync message carries, decoded: the kind and its payload. */
export function readSyncMessage(message: Uint8Array): { type: 'step1' | 'step2' | 'update'; payload: Uint8Array } | null {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
  const sync = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  const type = sync === syncProtocol.messageYjsSyncStep1 ? 'step1' : sync === syncProtocol.messageYjsSyncStep2 ? 'step2' : 'update';
  return { type, payload };
}

export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export interface BoundDoc {
  doc: Y.Doc;
  /** Sync messages received on the channel, decoded, in order. */
  received: Array<{ type: 'step1' | 'step2' | 'update'; payload: Uint8Array }>;
  /** Resolves once the relay's step 2 has arrived (and been applied). */
  synced(timeoutMs?: number): Promise<void>;
  unbind(): void;
}

/**
 * Keeps `doc` in step over `channel`: opens it, applies the relay's step 2 and
 * updates, answers the relay's step 1 with a step 2, and sends local changes as
 * updates. The channel number is the caller's to manage.
 */
export function bindDoc(client: MuxTestClient, channel: number, docId: string, doc: Y.Doc, flags: { presence?: boolean; answer?: boolean; since?: number } = {}): BoundDoc {
  const origin = Symbol('relay');
  const received: BoundDoc['received'] = [];
  let seen = client.frames.length;
  const onMessage = () => {
    for (; seen < client.frames.length; seen++) {
      const frame = client.frames[seen];
      if (frame?.kind !== 'doc' || frame.channel !== channel) continue;
      const message = readSyncMessage(frame.message);
      if (!message) continue;
      received.push(message);
      if (message.type === 'step1') {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeSyncStep2(encoder, doc, message.payload);
        client.sendDoc(channel, encoding.toUint8Array(encoder));
      } else {
        Y.applyUpdate(doc, message.payload, origin);
      }
    }
  };
  // After the client's own listener: the frame is decoded by then.
  client.ws.on('message', onMessage);
  const onUpdate = (update: Uint8Array, from: unknown) => {
    if (from !== origin) client.sendDoc(channel, syncUpdateMessage(update));
  };
  doc.on('update', onUpdate);
  client.open(channel, docId, doc, flags);
  return {
    doc,
    received,
    synced: (timeoutMs = 5000) => waitUntil(() => received.some((message) => message.type === 'step2'), { timeoutMs, intervalMs: 5, description: `step 2 on channel ${channel}` }),
    unbind() {
      client.ws.off('message', onMessage);
      doc.off('update', onUpdate);
    },
  };
}
