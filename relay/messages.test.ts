import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../shared/protocol';
import { RelayError } from './errors';
import { MAX_AWARENESS_BYTES, decodeClientMessage, filterAwarenessUpdate } from './messages';

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function expectMalformed(bytes: Uint8Array): void {
  let caught: unknown;
  try {
    decodeClientMessage(bytes);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(RelayError);
  expect((caught as RelayError).reason).toBe('malformed');
}

describe('decodeClientMessage', () => {
  it('decodes the messages a stock client sends', () => {
    const sv = Y.encodeStateVector(new Y.Doc());
    expect(decodeClientMessage(frame((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, sv))))).toEqual({
      type: 'sync-step1',
      stateVector: sv,
    });
    expect(decodeClientMessage(frame((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS)))).toEqual({ type: 'query-awareness' });
    expect(decodeClientMessage(frame((e) => (encoding.writeVarUint(e, MESSAGE_AWARENESS), encoding.writeVarUint8Array(e, new Uint8Array([0]))))).type).toBe(
      'awareness',
    );
  });

  it('[R4] rejects empty frames, truncated varints and lengths past the end', () => {
    expectMalformed(new Uint8Array([]));
    expectMalformed(new Uint8Array([0x80]));
    expectMalformed(new Uint8Array([MESSAGE_SYNC, 2, 10, 1]));
  });

  it('[R4] rejects unknown message types, auth from a client and unknown sync types', () => {
    expectMalformed(new Uint8Array([9]));
    expectMalformed(frame((e) => (encoding.writeVarUint(e, MESSAGE_AUTH), encoding.writeVarUint(e, 0))));
    expectMalformed(frame((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), encoding.writeVarUint(e, 7), encoding.writeVarUint8Array(e, new Uint8Array()))));
  });

  it('[R4] rejects trailing bytes and garbage state vectors', () => {
    expectMalformed(frame((e) => (encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS), encoding.writeVarUint(e, 1))));
    expectMalformed(frame((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, new Uint8Array([5, 0x80])))));
  });
});

describe('awareness size', () => {
  it('[R25] refuses an awareness message larger than 64 KiB as malformed', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: 'x'.repeat(MAX_AWARENESS_BYTES) } });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]));
    expect(() => decodeClientMessage(encoding.toUint8Array(encoder))).toThrow(/awareness update/);
  });
});

describe('filterAwarenessUpdate', () => {
  const awarenessOf = (name: string) => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ name });
    return awareness;
  };

  it('keeps the bytes when it keeps every entry, drops the update when it keeps none, and re-encodes the rest', () => {
    const [a, b] = [awarenessOf('Aiko'), awarenessOf('Berit')];
    const both = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(both, awarenessProtocol.encodeAwarenessUpdate(a, [a.clientID]), null);
    awarenessProtocol.applyAwarenessUpdate(both, awarenessProtocol.encodeAwarenessUpdate(b, [b.clientID]), null);
    const update = awarenessProtocol.encodeAwarenessUpdate(both, [a.clientID, b.clientID]);

    expect(filterAwarenessUpdate(update, () => true)).toBe(update);
    expect(filterAwarenessUpdate(update, () => false)).toBeNull();
    const onlyB = filterAwarenessUpdate(update, (id) => id === b.clientID)!;
    const observer = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(observer, onlyB, null);
    expect(observer.getStates().get(b.clientID)).toEqual({ name: 'Berit' });
    expect(observer.getStates().has(a.clientID)).toBe(false);
    for (const awareness of [a, b, both, observer]) awareness.destroy();
  });
});
