import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeRecords, encodeRecord } from './journalRecords';

function concat(...parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

describe('journal records', () => {
  it('reads back every update in order, empty ones included', () => {
    const updates = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(70_000).fill(7)];
    expect(decodeRecords(concat(...updates.map(encodeRecord)))).toEqual(updates);
  });

  it('drops a last record cut short by a kill mid-write, and keeps the ones before it', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getText('body').insert(0, 'kept', 'typing');
    doc.getText('body').insert(4, ' and cut', 'typing');
    const [kept, cut] = updates.map(encodeRecord) as [Uint8Array, Uint8Array];
    for (const end of [1, 3, 4, cut.length - 1]) {
      const replayed = new Y.Doc();
      for (const update of decodeRecords(concat(kept, cut.subarray(0, end)))) Y.applyUpdate(replayed, update, 'replay');
      expect(replayed.getText('body').toString()).toBe('kept');
    }
  });
});
