/**
 * A per-doc log of updates in localStorage, which writes synchronously and so
 * survives a window closing mid-write. Entries live only until IndexedDB has
 * the same update; the log is normally empty. It is the journal only where
 * the file journal (journal.ts) cannot run: the browser writes localStorage to
 * disk seconds later, so a killed browser can lose what it held.
 */
const PREFIX = 'baton:wal:';
/** Updates larger than this are left to IndexedDB alone rather than filling localStorage. */
const MAX_ENTRY_CHARS = 256 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class WriteAheadLog {
  private next = 0;
  private readonly instance = Math.random().toString(36).slice(2, 10);

  constructor(private readonly name: string) {}

  private key(id: number): string {
    return `${PREFIX}${this.name}:${this.instance}:${id}`;
  }

  /** Returns the entry id, or null when the update was not logged (too big, storage full). */
  append(update: Uint8Array): number | null {
    const text = toBase64(update);
    if (text.length > MAX_ENTRY_CHARS) return null;
    const id = this.next++;
    try {
      localStorage.setItem(this.key(id), text);
      return id;
    } catch {
      return null;
    }
  }

  remove(id: number): void {
    localStorage.removeItem(this.key(id));
  }

  /** Every logged update of this doc from any earlier run (or another window), removed from the log. */
  takeAll(): Uint8Array[] {
    const prefix = `${PREFIX}${this.name}:`;
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith(prefix) && !key.startsWith(`${prefix}${this.instance}:`)) keys.push(key);
    }
    const updates: Uint8Array[] = [];
    for (const key of keys) {
      const text = localStorage.getItem(key);
      localStorage.removeItem(key);
      if (!text) continue;
      try {
        updates.push(fromBase64(text));
      } catch {
        // A damaged entry is dropped; IndexedDB is still the primary copy.
      }
    }
    return updates;
  }
}
