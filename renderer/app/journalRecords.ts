/**
 * The journal file's format: each update as a 4-byte big-endian length and its
 * bytes. A browser killed mid-write leaves the last record short; it is
 * dropped, since the keystroke it held never finished reaching the disk.
 */
export function encodeRecord(update: Uint8Array): Uint8Array {
  const record = new Uint8Array(4 + update.length);
  new DataView(record.buffer).setUint32(0, update.length);
  record.set(update, 4);
  return record;
}

export function decodeRecords(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const updates: Uint8Array[] = [];
  for (let at = 0; at + 4 <= bytes.length; ) {
    const length = view.getUint32(at);
    if (at + 4 + length > bytes.length) break;
    updates.push(bytes.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return updates;
}
