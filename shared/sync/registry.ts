/**
 * What the device remembers about docs it does not hold open: how many local
 * changes each still has to hand to the relay, and which version of each page
 * it last synced. Stored beside the index doc, so a reload while offline
 * still knows what is pending.
 */
export interface RegistryData {
  /** docId → unconfirmed local transactions. */
  pending: Record<string, number>;
  /** docId → the page's `updatedAt` when this device last synced it. */
  synced: Record<string, number>;
  lastSyncedAt: number | null;
}

export const REGISTRY_KEY = 'baton:sync-registry';

export function emptyRegistry(): RegistryData {
  return { pending: {}, synced: {}, lastSyncedAt: null };
}

export function parseRegistry(value: unknown): RegistryData {
  if (typeof value !== 'object' || value === null) return emptyRegistry();
  const data = value as Partial<RegistryData>;
  return {
    pending: numbers(data.pending),
    synced: numbers(data.synced),
    lastSyncedAt: typeof data.lastSyncedAt === 'number' ? data.lastSyncedAt : null,
  };
}

function numbers(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'number') out[key] = entry;
  return out;
}

export function totalPending(registry: RegistryData): number {
  let total = 0;
  for (const count of Object.values(registry.pending)) total += count;
  return total;
}

/** Saving waits this long, so a burst of changes is one write. */
export const REGISTRY_SAVE_DELAY_MS = 300;

interface MetaStore {
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
}

/** The registry of one workspace, read from and saved beside its index doc. */
export class RegistryStore {
  data: RegistryData = emptyRegistry();
  /** Until the stored registry is read, saving would overwrite it with an empty one. */
  private loaded = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    private readonly store: MetaStore,
    private readonly delayMs = REGISTRY_SAVE_DELAY_MS,
  ) {}

  async load(): Promise<void> {
    this.data = parseRegistry(await this.store.getMeta(REGISTRY_KEY));
    this.loaded = true;
  }

  pending(docId: string): number {
    return this.data.pending[docId] ?? 0;
  }

  setPending(docId: string, pending: number): void {
    if (this.pending(docId) === pending) return;
    if (pending === 0) delete this.data.pending[docId];
    else this.data.pending[docId] = pending;
    this.scheduleSave();
  }

  /** This device holds the page at `version` (its `updatedAt`). */
  markSynced(docId: string, version: number): void {
    if (this.data.synced[docId] === version) return;
    this.data.synced[docId] = version;
    this.scheduleSave();
  }

  /** Another relay or token: what was synced with the old one proves nothing about the new one. */
  forgetSynced(): void {
    this.data.synced = {};
  }

  setLastSyncedAt(at: number | null): void {
    if (this.data.lastSyncedAt === at) return;
    this.data.lastSyncedAt = at;
    this.scheduleSave();
  }

  async save(): Promise<void> {
    this.clearTimer();
    if (!this.loaded) return;
    await this.store.setMeta(REGISTRY_KEY, this.data);
  }

  /** No more saves (the store is closing); save() first to keep the latest. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private scheduleSave(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => void this.save(), this.delayMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
