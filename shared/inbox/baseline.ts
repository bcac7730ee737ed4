/**
 * Where "since you were last here" starts, for one doc: its state vector (which changes of which
 * Yjs client it held) and the length of its text then. Anything whose Yjs id lies beyond the
 * state vector came later; text removed since is the old length, plus what was added, minus what
 * is there now. It is the same for every copy of the doc, so a mark made on one device holds on
 * another (shared/model/seen.ts).
 */
import * as buffer from 'lib0/buffer';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { textLength } from './walk';

export interface Baseline {
  /** Clock per Yjs client: ids below it were there already. */
  sv: Map<number, number>;
  /** Characters of the doc's text (its `content`) then. */
  length: number;
}

export const EMPTY_BASELINE: Baseline = { sv: new Map(), length: 0 };

/** The doc as it is now, as a baseline. */
export function baselineOf(doc: Y.Doc): Baseline {
  return { sv: Y.decodeStateVector(Y.encodeStateVector(doc)), length: textLength(doc) };
}

export function encodeBaseline(baseline: Baseline): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, baseline.length);
  encoding.writeVarUint(encoder, baseline.sv.size);
  for (const [client, clock] of baseline.sv) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

/** Null for bytes that are not a baseline (written by a newer or a broken client): nothing is read as seen from them. */
export function decodeBaseline(bytes: Uint8Array): Baseline | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    const length = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    if (count > bytes.byteLength) return null;
    const sv = new Map<number, number>();
    for (let i = 0; i < count; i++) sv.set(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
    return decoding.hasContent(decoder) ? null : { sv, length };
  } catch {
    return null;
  }
}

/** Whether the change with this id came after the baseline. */
export function isAfter(baseline: Baseline, id: Y.ID): boolean {
  return id.clock >= (baseline.sv.get(id.client) ?? 0);
}

/** Whether `later` holds everything `earlier` holds (the same doc, looked at later or at the same point). */
export function covers(later: Baseline, earlier: Baseline): boolean {
  for (const [client, clock] of earlier.sv) if ((later.sv.get(client) ?? 0) < clock) return false;
  return true;
}

/** For the device's store of summaries (JSON). */
export function baselineToText(baseline: Baseline): string {
  return buffer.toBase64(encodeBaseline(baseline));
}

export function baselineFromText(text: string): Baseline | null {
  try {
    return decodeBaseline(buffer.fromBase64(text));
  } catch {
    return null;
  }
}
