import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol';
import { silentLogger } from './log';
import { Room } from './room';
import type { AsyncDocStore, RemoteUpdateListener, StoredUpdate } from './storage';
import { fakePeer } from './testing';

/** An AsyncDocStore whose appends wait until the test lets them through. */
class GatedStore implements AsyncDocStore {
  readonly kind = 'async';
  readonly rows: StoredUpdate[] = [];
  readonly released: string[] = [];
  private gates: Array<{ open: () => void; fail: (error: Error) => void }> = [];
  loadUpdates(): Promise<StoredUpdate[]> {
    return Promise.resolve([...this.rows]);
  }
  appendUpdate(_room: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.gates.push({
        open: () => {
          this.rows.push({ seq: this.rows.length + 1, data: update });
          resolve(this.rows.length);
        },
        fail: reject,
      });
    });
  }
  compact(): Promise<number | null> {
    return Promise.resolve(null);
  }
  release(room: string): void {
    this.released.push(room);
  }
  onRemoteUpdate(_listener: RemoteUpdateListener): void {}
  close(): Promise<void> {
    return Promise.resolve();
  }
  get waiting(): number {
    return this.gates.length;
  }
  openNext(): void {
    this.gates.shift()?.open();
  }
  failNext(): void {
    this.gates.shift()?.fail(new Error('connection terminated'));
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

function subTypes(frames: Uint8Array[]): number[] {
  return frames.map((frame) => {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint(decoder);
    return decoding.readVarUint(decoder);
  });
}

async function loadedRoom(store = new GatedStore()) {
  const room = Room.load('w/d', { store, logger: silentLogger, compactThreshold: 500 });
  const writer = fakePeer('writer');
  const reader = fakePeer('reader');
  room.join(writer);
  room.join(reader);
  await flush();
  writer.sent.length = 0;
  reader.sent.length = 0;
  return { room, store, writer, reader };
}

describe('Room on an asynchronous store', () => {
  it('[S2][S3] broadcasts an update only after the append resolved, and answers a later sync step 1 after it', async () => {
    const { room, store, writer, reader } = await loadedRoom();
    void room.receive(writer, { type: 'sync-update', update: edit('a') });
    void room.receive(writer, { type: 'sync-step1', stateVector: new Uint8Array([0]) });
    void room.receive(reader, { type: 'sync-step1', stateVector: new Uint8Array([0]) });
    await flush();
    expect(store.waiting).toBe(1);
    expect(reader.sent).toEqual([]);
    expect(writer.sent).toEqual([]);

    store.openNext();
    await flush();
    expect(subTypes(reader.sent)).toEqual([2, 1, 0]);
    // [R3] The writer's step 1 was answered only once its update was stored.
    expect(subTypes(writer.sent)).toEqual([1, 0]);
  });

  it('[S3][R12] a failed append closes every connection with 4500 and releases the room', async () => {
    const { room, store, writer, reader } = await loadedRoom();
    void room.receive(writer, { type: 'sync-update', update: edit('a') });
    await flush();
    store.failNext();
    await flush();
    expect(writer.closed?.code).toBe(CloseCode.internal);
    expect(reader.closed?.code).toBe(CloseCode.internal);
    expect(reader.sent).toEqual([]);
    expect(room.isDestroyed).toBe(true);
    expect(store.released).toEqual(['w/d']);
  });

  it('[S4] a remote update is sent to every peer and not stored again', async () => {
    const { room, store, writer, reader } = await loadedRoom();
    room.applyRemote(edit('remote'));
    await flush();
    expect(subTypes(writer.sent)).toEqual([2]);
    expect(subTypes(reader.sent)).toEqual([2]);
    expect(store.waiting).toBe(0);
    expect(room.doc.getText('t').toString()).toBe('remote');
  });
});
