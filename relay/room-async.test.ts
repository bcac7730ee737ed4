import * as decoding from 'lib0/decoding';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../shared/protocol';
import { silentLogger } from './log';
import { Room } from './room';
import type { AsyncDocStore, RemoteUpdateListener, StoredUpdate } from './storage';
import type { FakePeer } from './testing';
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
  // Loaded and greeted: each got the room's sync step 1.
  await vi.waitFor(() => expect([writer.sent.length, reader.sent.length]).toEqual([1, 1]));
  writer.sent.length = 0;
  reader.sent.length = 0;
  return { room, store, writer, reader };
}

/** For each frame the peer is sent, how many rows the store held at that moment. */
function storedRowsAtEachFrame(peer: FakePeer, store: GatedStore): number[] {
  const rows: number[] = [];
  const send = peer.send.bind(peer);
  peer.send = (frame) => {
    rows.push(store.rows.length);
    send(frame);
  };
  return rows;
}

describe('Room on an asynchronous store', () => {
  it('[S2][S3] broadcasts an update only after the append resolved, and answers a later sync step 1 after it', async () => {
    const { room, store, writer, reader } = await loadedRoom();
    const writerSaw = storedRowsAtEachFrame(writer, store);
    const readerSaw = storedRowsAtEachFrame(reader, store);
    void room.receive(writer, { type: 'sync-update', update: edit('a') });
    void room.receive(writer, { type: 'sync-step1', stateVector: new Uint8Array([0]) });
    void room.receive(reader, { type: 'sync-step1', stateVector: new Uint8Array([0]) });
    await vi.waitFor(() => expect(store.waiting).toBe(1));

    store.openNext();
    await vi.waitFor(() => expect(subTypes(reader.sent)).toEqual([2, 1, 0]));
    await vi.waitFor(() => expect(subTypes(writer.sent)).toEqual([1, 0]));
    // [R3] Every frame, the answers to step 1 included, went out once the update was stored.
    expect(readerSaw).toEqual([1, 1, 1]);
    expect(writerSaw).toEqual([1, 1]);
  });

  it('[S3][R12] a failed append closes every connection with 4500 and releases the room', async () => {
    const { room, store, writer, reader } = await loadedRoom();
    void room.receive(writer, { type: 'sync-update', update: edit('a') });
    await vi.waitFor(() => expect(store.waiting).toBe(1));
    store.failNext();
    await vi.waitFor(() => expect(reader.closed?.code).toBe(CloseCode.internal));
    expect(writer.closed?.code).toBe(CloseCode.internal);
    // Closed where the update would have been sent: it never was.
    expect(reader.sent).toEqual([]);
    expect(room.isDestroyed).toBe(true);
    expect(store.released).toEqual(['w/d']);
  });

  it('[S4] a remote update is sent to every peer and not stored again', async () => {
    const { room, store, writer, reader } = await loadedRoom();
    room.applyRemote(edit('remote'));
    // Sent where a stored update is sent: after an append, had there been one.
    await vi.waitFor(() => expect(subTypes(writer.sent)).toEqual([2]));
    expect(subTypes(reader.sent)).toEqual([2]);
    expect(store.waiting).toBe(0);
    expect(room.doc.getText('t').toString()).toBe('remote');
  });
});
