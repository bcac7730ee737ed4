/**
 * An append-only file in front of the SQLite store ([R6]): every update is one
 * `write()` of one record, and is durable against a crash of the relay (kill -9)
 * as soon as that call returns, because the kernel holds it. Committing the same
 * update to SQLite costs ten times more, so SQLite gets the records in batches,
 * after the relay has forwarded them, and the journal is emptied once they are in.
 *
 * Record: u32 payload length, u32 CRC-32 of the payload, payload =
 * f64 seq, u16 room name length, room name (UTF-8), [f64 change], update bytes. All
 * little endian. The change number ([R40]) is in the same write as the update, so it
 * survives a crash exactly when the update does; the length's top bit says it is
 * there (journals written before change numbers have none, and replay stamps them afresh).
 * A crash can leave a torn record only at the end; reading stops at the first
 * record that is short or fails its checksum.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

export interface JournalRecord {
  room: string;
  seq: number;
  data: Uint8Array;
  /** The workspace change number the update stamped its doc with ([R40]); absent for rooms without one. */
  change?: number;
}

const HEADER_BYTES = 8;
const FIXED_PAYLOAD_BYTES = 10;
/** A room name is at most a few dozen bytes ([R1]); the field's limit is a safety net. */
const MAX_ROOM_BYTES = 0x7fff;
/** Set in the room length field when a change number follows the room name. */
const HAS_CHANGE = 0x8000;
const CHANGE_BYTES = 8;

export interface JournalContents {
  records: JournalRecord[];
  /** Bytes after the last whole record: a write torn by a crash, or damage. */
  droppedBytes: number;
}

export class Journal {
  private readonly fd: number;
  /** The file's length after the last whole record, so a failed write can be cut off. */
  private length: number;
  /** Set when a torn record could not be cut off: appending after it would hide what follows. */
  private broken: Error | null = null;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a+');
    this.length = fstatSync(this.fd).size;
  }

  /** Every whole record in the file, in the order they were written. */
  read(): JournalContents {
    const bytes = readFileSync(this.path);
    const records: JournalRecord[] = [];
    let offset = 0;
    while (offset + HEADER_BYTES <= bytes.length) {
      const payloadLength = bytes.readUInt32LE(offset);
      const start = offset + HEADER_BYTES;
      const end = start + payloadLength;
      if (payloadLength < FIXED_PAYLOAD_BYTES || end > bytes.length) break;
      const payload = bytes.subarray(start, end);
      if (crc32(payload) !== bytes.readUInt32LE(offset + 4)) break;
      const seq = payload.readDoubleLE(0);
      const lengthField = payload.readUInt16LE(8);
      const roomLength = lengthField & MAX_ROOM_BYTES;
      const changeBytes = lengthField & HAS_CHANGE ? CHANGE_BYTES : 0;
      const dataStart = FIXED_PAYLOAD_BYTES + roomLength + changeBytes;
      if (dataStart > payload.length || !Number.isSafeInteger(seq)) break;
      const room = payload.toString('utf8', FIXED_PAYLOAD_BYTES, FIXED_PAYLOAD_BYTES + roomLength);
      const change = changeBytes ? payload.readDoubleLE(FIXED_PAYLOAD_BYTES + roomLength) : undefined;
      if (change !== undefined && !Number.isSafeInteger(change)) break;
      // A copy: the records outlive the buffer the file was read into.
      const data = new Uint8Array(payload.subarray(dataStart));
      records.push(change === undefined ? { room, seq, data } : { room, seq, data, change });
      offset = end;
    }
    return { records, droppedBytes: bytes.length - offset };
  }

  /**
   * Writes one record with one system call; throws (and leaves no partial record)
   * if it cannot. Returns the record's data as a copy the caller may keep: the
   * bytes passed in may be a view of a network buffer.
   */
  append(record: JournalRecord): Uint8Array {
    if (this.broken) throw this.broken;
    const roomBytes = Buffer.from(record.room, 'utf8');
    if (roomBytes.length > MAX_ROOM_BYTES) throw new Error(`room name of ${roomBytes.length} bytes is too long for the journal`);
    const changeBytes = record.change === undefined ? 0 : CHANGE_BYTES;
    const dataOffset = FIXED_PAYLOAD_BYTES + roomBytes.length + changeBytes;
    const payloadLength = dataOffset + record.data.length;
    const buffer = Buffer.allocUnsafe(HEADER_BYTES + payloadLength);
    const payload = buffer.subarray(HEADER_BYTES);
    payload.writeDoubleLE(record.seq, 0);
    payload.writeUInt16LE(roomBytes.length | (changeBytes ? HAS_CHANGE : 0), 8);
    roomBytes.copy(payload, FIXED_PAYLOAD_BYTES);
    if (record.change !== undefined) payload.writeDoubleLE(record.change, FIXED_PAYLOAD_BYTES + roomBytes.length);
    payload.set(record.data, dataOffset);
    buffer.writeUInt32LE(payloadLength, 0);
    buffer.writeUInt32LE(crc32(payload), 4);
    let written = 0;
    try {
      written = writeSync(this.fd, buffer);
    } finally {
      if (written !== buffer.length) this.cutBack();
    }
    if (written !== buffer.length) throw new Error(`journal write of ${buffer.length} bytes wrote ${written}`);
    this.length += written;
    return new Uint8Array(buffer.buffer, buffer.byteOffset + HEADER_BYTES + dataOffset, record.data.length);
  }

  get bytes(): number {
    return this.length;
  }

  /** Drops every record: they are all in SQLite. */
  clear(): void {
    ftruncateSync(this.fd, 0);
    this.length = 0;
    this.broken = null;
  }

  close(): void {
    closeSync(this.fd);
  }

  /** A short write would leave a torn record that hides every later one: cut it off. */
  private cutBack(): void {
    try {
      ftruncateSync(this.fd, this.length);
    } catch (error) {
      this.broken = new Error(`journal ${this.path} holds a torn record that could not be removed`, { cause: error });
    }
  }
}
