/** In-memory doubles for the relay's unit tests. */
import type { Peer } from './peer';
import type { DocStore, StoredUpdate } from './storage';

export interface FakePeer extends Peer {
  sent: Uint8Array[];
  closed: { code: number; reason: string } | null;
}

export function fakePeer(id = 'peer', identity?: string): FakePeer {
  const peer: FakePeer = {
    id,
    identity,
    sent: [],
    closed: null,
    send(frame) {
      peer.sent.push(frame);
    },
    close(code, reason) {
      peer.closed = { code, reason };
    },
  };
  return peer;
}

/** A DocStore in memory; `failAppends` makes appendUpdate throw like a full disk. */
export class MemoryDocStore implements DocStore {
  readonly rooms = new Map<string, StoredUpdate[]>();
  failAppends = false;
  appendCount = 0;

  loadUpdates(room: string): StoredUpdate[] {
    return [...(this.rooms.get(room) ?? [])];
  }

  appendUpdate(room: string, update: Uint8Array): number {
    if (this.failAppends) throw new Error('disk full');
    const rows = this.rooms.get(room) ?? [];
    const seq = (rows.at(-1)?.seq ?? 0) + 1;
    rows.push({ seq, data: update });
    this.rooms.set(room, rows);
    this.appendCount += 1;
    return seq;
  }

  compact(room: string, mergedUpdate: Uint8Array, uptoSeq: number): void {
    const rows = (this.rooms.get(room) ?? []).filter((row) => row.seq > uptoSeq);
    this.rooms.set(room, [{ seq: uptoSeq, data: mergedUpdate }, ...rows]);
  }

  close(): void {}
}
