import * as Y from 'yjs';
import type { PersistedDoc, Persistence } from './types';

/**
 * Keeps docs in memory under their names, surviving doc destruction: lets
 * Node clients and tests "reload" a device without a browser.
 */
export class MemoryPersistence implements Persistence {
  private readonly updates = new Map<string, Uint8Array[]>();
  private readonly meta = new Map<string, Map<string, unknown>>();

  open(name: string, doc: Y.Doc): PersistedDoc {
    const stored = this.updates.get(name) ?? [];
    this.updates.set(name, stored);
    const meta = this.meta.get(name) ?? new Map<string, unknown>();
    this.meta.set(name, meta);
    // Our own loads must not be stored again; a private token marks them.
    const origin = { persistence: name };
    if (stored.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(stored), origin);
    const onUpdate = (update: Uint8Array, from: unknown) => {
      if (from !== origin) stored.push(update);
    };
    doc.on('update', onUpdate);
    return {
      whenLoaded: Promise.resolve(),
      getMeta: async (key) => clone(meta.get(key)),
      setMeta: async (key, value) => {
        meta.set(key, clone(value));
      },
      close: async () => {
        doc.off('update', onUpdate);
      },
    };
  }

  /** Another device's store holding what this one holds now (a bench or test runs one device's state twice). */
  copy(): MemoryPersistence {
    const other = new MemoryPersistence();
    for (const [name, updates] of this.updates) other.updates.set(name, [...updates]);
    for (const [name, meta] of this.meta) other.meta.set(name, new Map([...meta].map(([key, value]) => [key, clone(value)])));
    return other;
  }

  /** Names of stored docs, for tests. */
  names(): string[] {
    return [...this.updates.keys()];
  }
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
