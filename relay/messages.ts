/**
 * The y-websocket wire format, as the relay reads and writes it. Decoding is
 * pure and strict: anything a stock client would not send is `malformed`.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../shared/protocol';
import { RelayError, malformed } from './errors';
import { validateAwarenessUpdate, validateStateVector, validateUpdate } from './validate-update';

/** Largest awareness message accepted ([R25]). */
export const MAX_AWARENESS_BYTES = 64 * 1024;

export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  /** `types`: shared types the update creates, as the validator counted them; unknown means "check". */
  | { type: 'sync-step2'; update: Uint8Array; types?: number }
  | { type: 'sync-update'; update: Uint8Array; types?: number }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** Decodes one frame from a client; throws a `malformed` RelayError. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const message = readMessage(decoder);
    if (decoding.hasContent(decoder)) throw malformed('trailing bytes after message');
    return message;
  } catch (error) {
    if (error instanceof RelayError) throw error;
    // lib0 throws plain Errors for truncated varints and lengths past the end.
    throw malformed(`undecodable frame: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

function readMessage(decoder: decoding.Decoder): ClientMessage {
  const messageType = decoding.readVarUint(decoder);
  switch (messageType) {
    case MESSAGE_SYNC:
      return readSync(decoder);
    case MESSAGE_AWARENESS: {
      const update = decoding.readVarUint8Array(decoder);
      // Awareness (cursors, names) is re-sent to everyone who joins and on every
      // query: a few hundred bytes per client, never megabytes.
      if (update.length > MAX_AWARENESS_BYTES) throw malformed(`awareness update of ${update.length} bytes exceeds ${MAX_AWARENESS_BYTES}`);
      validateAwarenessUpdate(update);
      return { type: 'awareness', update };
    }
    case MESSAGE_QUERY_AWARENESS:
      return { type: 'query-awareness' };
    default:
      // MESSAGE_AUTH only flows relay -> client.
      throw malformed(`unknown message type ${messageType}`);
  }
}

function readSync(decoder: decoding.Decoder): ClientMessage {
  const syncType = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (syncType) {
    case syncProtocol.messageYjsSyncStep1:
      // Validate now so a garbage state vector fails here, not inside the room.
      validateStateVector(payload);
      return { type: 'sync-step1', stateVector: payload };
    case syncProtocol.messageYjsSyncStep2:
      // [R26] Counts are checked against the frame before Yjs allocates for them.
      return { type: 'sync-step2', update: payload, types: validateUpdate(payload).types };
    case syncProtocol.messageYjsUpdate:
      return { type: 'sync-update', update: payload, types: validateUpdate(payload).types };
    default:
      throw malformed(`unknown sync message type ${syncType}`);
  }
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/**
 * The awareness update without the entries `keep` refuses: the same bytes when it
 * keeps them all, null when it keeps none. The update must have been validated
 * (`validateAwarenessUpdate`); entries are client id, clock and state JSON.
 */
export function filterAwarenessUpdate(update: Uint8Array, keep: (clientId: number) => boolean): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: Array<{ clientId: number; clock: number; state: string }> = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    if (keep(clientId)) kept.push({ clientId, clock, state });
  }
  if (kept.length === count) return update;
  if (kept.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
